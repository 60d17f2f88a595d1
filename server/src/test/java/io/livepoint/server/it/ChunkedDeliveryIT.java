package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.client.IngestClient;
import io.livepoint.core.Chunk;
import io.livepoint.core.Segment;
import io.livepoint.core.Track;
import io.livepoint.testkit.Peer;
import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * LL-DASH delivery without a browser in the way: 50 readers wait on the segment being ingested
 * (chunked transfer) while the ingest client sends 0.5 s chunks in real time. Every reader must get
 * every segment byte-identical to what was stored; the chunk delivery latency is printed as a figure.
 */
@Tag("it")
class ChunkedDeliveryIT {
  static final int READERS = Integer.getInteger("livepoint.readers", 50);

  @Test
  void waitingReadersGetEachGrowingSegmentWhole(@TempDir Path dir) throws Exception {
    Path media = dir.resolve("video.mp4");
    var enc = Peer.run(Duration.ofSeconds(60), "ffmpeg", "-hide_banner", "-loglevel", "error",
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", "8", "-c:v", "libx264", "-preset",
        "ultrafast", "-g", "60", "-keyint_min", "60", "-sc_threshold", "0", "-pix_fmt", "yuv420p",
        "-f", "mp4", "-movflags", "empty_moov+separate_moof+default_base_moof+cmaf+frag_keyframe",
        "-frag_duration", "500000", media.toString());
    assertEquals(0, enc.exitCode(), enc.output());
    try (LiveServerFixture live = new LiveServerFixture();
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
      IngestClient sender = new IngestClient(new IngestClient.Options(URI.create(live.ingest("ll")),
          List.of("video=" + media), "POST", IngestClient.Mode.LONG, IngestClient.Naming.STREAMS, true, 0,
          Duration.ofSeconds(20), null));
      Future<?> sending = pool.submit(() -> {
        sender.run();
        return null;
      });
      live.awaitLive("ll", 1, 1, Duration.ofSeconds(10));
      Track track = live.server.registry().get("ll").findTrack("video");
      live.server.deliveryLatency().reset();
      long first = track.lastNumber() + 1;
      HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      Map<Long, List<byte[]>> received = new ConcurrentHashMap<>();
      List<Future<?>> readers = new ArrayList<>();
      for (int r = 0; r < READERS; r++) {
        readers.add(pool.submit(() -> {
          for (long n = first; n < first + 4; n++) {
            var res = http.send(HttpRequest.newBuilder(URI.create(live.base() + "/live/ll/video/" + n + ".m4s"))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, res.statusCode(), "segment " + n);
            received.computeIfAbsent(n, k -> java.util.Collections.synchronizedList(new ArrayList<>()))
                .add(res.body());
          }
          return null;
        }));
      }
      for (Future<?> f : readers) {
        f.get();
      }
      for (long n = first; n < first + 4; n++) {
        byte[] stored = bytes(track.segment(n));
        assertEquals(READERS, received.get(n).size());
        for (byte[] got : received.get(n)) {
          assertArrayEquals(stored, got, "segment " + n + " as streamed differs from the stored one");
        }
      }
      var d = live.server.deliveryLatency();
      System.out.printf(Locale.ROOT, "FIGURE LL-DASH chunked delivery, %d waiting readers (JDK HttpClient, same "
              + "2-core host as the server and sender): p50 %.3f ms, p99 %.3f ms, p99.9 %.3f ms over %d deliveries%n",
          READERS, d.quantileNanos(0.5) / 1e6, d.quantileNanos(0.99) / 1e6, d.quantileNanos(0.999) / 1e6, d.count());
      assertTrue(d.count() >= READERS * 3L, "readers should have waited for live chunks: " + d.count());
      sending.cancel(true);
    }
  }

  private static byte[] bytes(Segment s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Chunk c : s.chunks()) {
      ByteBuf b = c.retainedData();
      try {
        byte[] a = new byte[b.readableBytes()];
        b.getBytes(b.readerIndex(), a);
        out.writeBytes(a);
      } finally {
        b.release();
      }
    }
    return out.toByteArray();
  }
}
