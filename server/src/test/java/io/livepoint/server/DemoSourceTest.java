package io.livepoint.server;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Chunk;
import io.livepoint.core.LiveStream;
import io.livepoint.core.ManualClock;
import io.livepoint.core.Segment;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.Track;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DemoSourceTest {

  /**
   * The demo starts by publishing a backlog; its manifests must still place every chunk at the wall-clock
   * time it became available, else players compute their latency (and request times) seconds off.
   */
  @Test
  void theBacklogKeepsTheTimelineOnTheWallClock() throws Exception {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-22T07:00:00.250Z"));
    StreamRegistry registry = new StreamRegistry(clock);
    LiveStream stream = registry.getOrCreate("demo");
    try (DemoSource demo = DemoSource.start(stream, clock)) {
      Track video = stream.findTrack("video");
      // The clock stands still: once the backlog is out, nothing more is due.
      long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
      int seen = -1;
      while (System.nanoTime() < deadline) {
        Thread.sleep(200);
        int now = video.segments().stream().mapToInt(Segment::chunkCount).sum();
        if (now > 0 && now == seen) {
          break;
        }
        seen = now;
      }
      List<Segment> segments = video.segments();
      assertFalse(segments.isEmpty(), "the demo published no backlog");
      Segment last = segments.get(segments.size() - 1);
      List<Chunk> chunks = last.chunks();
      Chunk newest = chunks.get(chunks.size() - 1);
      Instant end = stream.wallClock(video, newest.endTime());
      Duration age = Duration.between(end, clock.now());
      assertFalse(age.isNegative(), "newest chunk ends in the future: " + end + " > " + clock.now());
      assertTrue(age.compareTo(Duration.ofSeconds(1)) < 0, "newest chunk looks " + age + " old");
    } finally {
      registry.all().forEach(s -> registry.remove(s.name()));
    }
  }
}
