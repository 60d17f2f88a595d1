package io.livepoint.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Clock;
import io.livepoint.core.LiveStream;
import io.livepoint.core.Segment;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.Track;
import io.livepoint.http.HttpServer;
import io.livepoint.http.HttpServerConfig;
import io.livepoint.http.Router;
import io.livepoint.testkit.Shared;
import io.livepoint.testkit.Tools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The ingest behind the real Netty server: Java's HTTP client and FFmpeg as ingest sources. */
class IngestOverHttpTest {
  static StreamRegistry registry;
  static HttpServer server;

  @BeforeAll
  static void start() throws Exception {
    registry = new StreamRegistry(Clock.SYSTEM);
    IngestService ingest = new IngestService(registry, new IngestConfig(List.of("live", "ff"), 16 << 20), Clock.SYSTEM);
    Router r = new Router().add("/ingest/", ingest::newHandler);
    server = new HttpServer(new HttpServerConfig("127.0.0.1", 0, 0, null, null, Duration.ofSeconds(5)), r,
        Clock.SYSTEM).start();
  }

  @AfterAll
  static void stop() {
    server.close();
    registry.close();
  }

  static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.httpPort() + path);
  }

  @Test
  void perSegmentPostsWithExpectContinue() throws Exception {
    HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    var probe = c.send(HttpRequest.newBuilder(uri("/ingest/live/")).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(200, probe.statusCode());
    var unknown = c.send(HttpRequest.newBuilder(uri("/ingest/nope/v.cmfv")).expectContinue(true)
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[50_000])).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, unknown.statusCode());
    var dir = Shared.path("testdata/cmaf/livesim2-testpic_2s/V300");
    var init = c.send(HttpRequest.newBuilder(uri("/ingest/live/V300/init.mp4")).expectContinue(true)
        .PUT(HttpRequest.BodyPublishers.ofFile(dir.resolve("init.mp4"))).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, init.statusCode(), init.body());
    for (int i = 1; i <= 4; i++) {
      var file = dir.resolve(i + ".m4s");
      var res = c.send(HttpRequest.newBuilder(uri("/ingest/live/V300/" + i + ".m4s"))
          // no length: sent with chunked transfer coding
          .POST(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
              return Files.newInputStream(file);
            } catch (java.io.IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          })).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, res.statusCode(), res.body());
    }
    Track v = registry.get("live").findTrack("V300");
    assertEquals(4, v.lastNumber());
    assertTrue(v.segments().stream().allMatch(Segment::isComplete));
    var early = c.send(HttpRequest.newBuilder(uri("/ingest/live/A48/1.m4s"))
        .POST(HttpRequest.BodyPublishers.ofFile(dir.resolveSibling("A48").resolve("1.m4s"))).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(412, early.statusCode());
  }

  @Test
  void ffmpegLongChunkedPost() throws Exception {
    String ffmpeg = Tools.require("ffmpeg");
    Process p = new ProcessBuilder(ffmpeg, "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
        "testsrc2=size=320x240:rate=25", "-c:v", "libx264", "-g", "25", "-t", "5", "-f", "mp4",
        "-movflags", "empty_moov+separate_moof+default_base_moof+cmaf", "-frag_duration", "0.5",
        "-method", "POST", "-chunked_post", "1", uri("/ingest/ff/Streams(video.cmfv)").toString())
        .redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), log);
    LiveStream ff = registry.get("ff");
    Track v = ff.findTrack("video");
    assertTrue(v.header().info().codecs().startsWith("avc1.64"));
    assertTrue(v.lastNumber() >= 2, "5 s cut on the 2 s grid: " + v.lastNumber());
    assertTrue(v.isEnded(), "FFmpeg ends the POST (and writes an mfra) at the end");
    long frames = v.segments().stream().flatMap(s -> s.chunks().stream()).mapToLong(c -> c.duration()).sum();
    assertEquals(5.0, frames / (double) v.header().info().timescale(), 0.05);
    assertTrue(v.segment(1).chunk(0).independent());
  }
}
