package io.livepoint.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Clock;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.Track;
import io.livepoint.http.HttpServer;
import io.livepoint.http.HttpServerConfig;
import io.livepoint.http.Router;
import io.livepoint.http.auth.AuthPolicy;
import io.livepoint.testkit.Shared;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Ingest 5.2 item 9: a source that stops sending mid-request is cut off after ingest.requestIdleTimeout. */
class SlowSenderTest {
  private StreamRegistry registry;
  private HttpServer server;

  @BeforeEach
  void start() throws Exception {
    registry = new StreamRegistry(Clock.SYSTEM);
    // the HTTP idle timeout is far away: the ingest's own, shorter one must act
    IngestService ingest = new IngestService(registry,
        new IngestConfig(List.of(), 16 << 20, AuthPolicy.OPEN, Map.of(), Duration.ofMillis(700), java.util.Set.of()), Clock.SYSTEM);
    server = new HttpServer(new HttpServerConfig("127.0.0.1", 0, -1, null, null, Duration.ofSeconds(60)),
        new Router().add("/ingest/", ingest::newHandler), Clock.SYSTEM).start();
  }

  @AfterEach
  void stop() {
    server.close();
    registry.close();
  }

  @Test
  void senderThatStopsMidBodyIsCutOffWith400() throws Exception {
    var dir = Shared.path("testdata/cmaf/livesim2-testpic_2s/V300");
    byte[] init = Files.readAllBytes(dir.resolve("init.mp4"));
    byte[] seg = Files.readAllBytes(dir.resolve("1.m4s"));
    try (Socket s = new Socket("127.0.0.1", server.httpPort())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      int total = init.length + seg.length;
      out.write(("POST /ingest/slow/Streams(v.cmfv) HTTP/1.1\r\nHost: x\r\nContent-Length: " + total + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.write(init);
      out.write(seg, 0, seg.length / 2); // then nothing more
      out.flush();
      long start = System.nanoTime();
      String response = new String(readAll(s.getInputStream()), StandardCharsets.US_ASCII);
      long waitedMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(response.startsWith("HTTP/1.1 400 "), response);
      assertTrue(response.contains("ingest.requestIdleTimeout"), response);
      assertTrue(waitedMs >= 600, "cut off only after the timeout: " + waitedMs + " ms");
    }
    // handled like a cut-off upload: the header stands, nothing half-received was stored as a chunk
    Track v = registry.get("slow").findTrack("v");
    assertEquals("avc1.64001e", v.header().info().codecs());
    assertTrue(v.segments().stream().allMatch(seg2 -> seg2.chunkCount() == 0), "no partial chunk stored");
  }

  @Test
  void senderThatKeepsSendingSlowlyIsNotCutOff() throws Exception {
    var dir = Shared.path("testdata/cmaf/livesim2-testpic_2s/V300");
    byte[] init = Files.readAllBytes(dir.resolve("init.mp4"));
    try (Socket s = new Socket("127.0.0.1", server.httpPort())) {
      s.setSoTimeout(30_000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /ingest/slow2/Streams(v.cmfv) HTTP/1.1\r\nHost: x\r\nContent-Length: " + init.length
          + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      // 5 pieces 400 ms apart: 2 s in all, each gap below the 700 ms timeout
      int piece = (init.length + 4) / 5;
      for (int at = 0; at < init.length; at += piece) {
        out.write(init, at, Math.min(piece, init.length - at));
        out.flush();
        Thread.sleep(400);
      }
      String response = new String(readAll(s.getInputStream()), StandardCharsets.US_ASCII);
      assertTrue(response.startsWith("HTTP/1.1 200 "), response);
    }
  }

  private static byte[] readAll(InputStream in) throws Exception {
    return in.readAllBytes();
  }
}
