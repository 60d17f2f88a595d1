package io.livepoint.ingest;

import static io.livepoint.ingest.IngestServiceTest.file;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.livepoint.core.ManualClock;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.Track;
import io.livepoint.http.testing.RecordingExchange;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code Content-Encoding: gzip} request bodies (ingest 5.2), inflated as they stream in. */
class GzipIngestTest {
  private static final String V = "livesim2-testpic_2s/V300/";
  private final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T12:00:00Z"));
  private final StreamRegistry registry = new StreamRegistry(clock);
  private final Ingest ingest = new Ingest(new IngestService(registry, new IngestConfig(List.of(), 1 << 20), clock));

  @AfterEach
  void close() {
    registry.close();
  }

  @Test
  void gzippedCmafSplitInRandomPiecesIsIngestedAsSent() throws Exception {
    assertEquals(200, status(ingest.send("PUT", "/ingest/gz/V300/init.mp4", gzip(file(V + "init.mp4")), 7, true, gzipped())));
    for (int n = 1; n <= 4; n++) {
      // the segments in several gzip members (RFC 1952 2.2), pieces of random size up to 500 bytes
      byte[] seg = file(V + n + ".m4s");
      byte[] body = concat(gzip(Arrays.copyOf(seg, 1000)), gzip(Arrays.copyOfRange(seg, 1000, seg.length)));
      assertEquals(200, status(ingest.send("PUT", "/ingest/gz/V300/" + n + ".m4s", body, 500, true, gzipped())));
    }
    Track v = registry.get("gz").findTrack("V300");
    assertEquals("avc1.64001e", v.header().info().codecs());
    assertEquals(4, v.lastNumber());
    for (int n = 1; n <= 4; n++) {
      assertArrayEquals(file(V + n + ".m4s"), IngestServiceTest.bytes(v.segment(n)), "segment " + n + " inflated");
    }
  }

  @Test
  void decompressionBombIs400() throws Exception {
    assertEquals(200, status(ingest.post("/ingest/gz/V300.cmfv", file(V + "init.mp4"))));
    // a moof that claims 64 MiB and is mostly zeros: about 64 KiB gzipped, 64 times the box limit inflated
    int claimed = 64 << 20;
    byte[] bomb = new byte[claimed];
    ByteBuffer.wrap(bomb).putInt(claimed).put("moof".getBytes());
    byte[] body = gzip(bomb);
    RecordingExchange ex = ingest.send("POST", "/ingest/gz/V300.cmfv", body, 16 * 1024, false, gzipped());
    assertEquals(400, ex.status(), ex.text());
    assertNull(registry.get("gz").findTrack("V300").segment(1));
  }

  @Test
  void unknownContentEncodingIs415BeforeTheBody() throws Exception {
    for (String coding : List.of("br", "deflate", "gzip, gzip", "compress")) {
      RecordingExchange ex = ingest.send("POST", "/ingest/gz/V300.cmfv", file(V + "init.mp4"), 100, false,
          Map.of("Content-Encoding", coding));
      assertEquals(415, ex.status(), coding);
      assertFalse(ex.bodyAccepted(), coding);
    }
    assertEquals(200, status(ingest.send("POST", "/ingest/gz/V300.cmfv", file(V + "init.mp4"), 100, false,
        Map.of("Content-Encoding", "identity"))));
  }

  @Test
  void bodyThatIsNotGzipIs400() throws Exception {
    RecordingExchange ex = ingest.send("POST", "/ingest/gz/V300.cmfv", file(V + "init.mp4"), 100, false, gzipped());
    assertEquals(400, ex.status(), ex.text());
    assertNull(registry.get("gz"));
    byte[] truncated = gzip(file(V + "init.mp4"));
    truncated = Arrays.copyOf(truncated, truncated.length / 2);
    assertEquals(400, ingest.send("POST", "/ingest/gz/V300.cmfv", truncated, 100, false, gzipped()).status());
  }

  private static Map<String, String> gzipped() {
    return Map.of("Content-Encoding", "gzip");
  }

  private static int status(RecordingExchange ex) {
    return ex.status();
  }

  static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(data);
    }
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
