package io.livepoint.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.store.ObjectPath;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded fuzz of the request-target rules: whatever the target, parsing yields either a 403 rejection
 * or a publishing point and an object path that cannot leave it.
 */
class ObjectPathFuzzTest {
  private static final String[] PIECES = {"/", "a", "b.m4s", "..", ".", "%2F", "%2f", "%5C", "%00", "%2E%2E", "%2e",
      "\\", "//", "http://h", ":", "?", "#", "%20", "Streams(", ")", "v0", "init.mp4", "~", "%", "%zz", "\n", "é"};

  @Test
  void everyTargetIsRefusedOrStaysInsideItsPublishingPoint() {
    Random r = new Random(20261122L);
    int accepted = 0;
    for (int i = 0; i < 50_000; i++) {
      StringBuilder b = new StringBuilder(r.nextInt(4) == 0 ? "http://example.com" : "").append("/ingest/");
      int n = 1 + r.nextInt(8);
      for (int k = 0; k < n; k++) {
        b.append(PIECES[r.nextInt(PIECES.length)]);
      }
      String target = b.toString();
      String sub;
      try {
        String path = new QueryStringDecoder(target.startsWith("http") ? target.substring(18) : target).path();
        sub = path.substring("/ingest/".length());
      } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
        continue; // the HTTP layer answers 400 before any handler
      }
      IngestPath p;
      try {
        p = IngestPath.parse(target, sub);
      } catch (Rejection e) {
        assertEquals(403, e.status.code(), target);
        continue;
      }
      accepted++;
      assertFalse(target.startsWith("http"), "absolute-form targets are refused: " + target);
      assertTrue(IngestPath.NAME.matcher(p.stream()).matches(), target);
      if (!p.rest().isEmpty()) {
        assertTrue(ObjectPath.valid(p.rest()), "accepted an invalid object path from " + target + ": " + p.rest());
        for (String seg : p.rest().split("/")) {
          assertFalse(seg.equals("..") || seg.equals("."), target);
        }
      }
      String rawPath = target.indexOf('?') < 0 ? target : target.substring(0, target.indexOf('?'));
      assertFalse(rawPath.toLowerCase().contains("%2f") || rawPath.toLowerCase().contains("%5c"), target);
    }
    assertTrue(accepted > 1000, "the fuzz should also produce valid targets: " + accepted);
  }
}
