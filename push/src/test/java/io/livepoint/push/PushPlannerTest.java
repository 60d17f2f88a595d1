package io.livepoint.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livepoint.core.Chunk;
import io.livepoint.core.LiveStream;
import io.livepoint.core.ManualClock;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.StreamSettings;
import io.livepoint.core.Track;
import io.livepoint.core.TrackHeader;
import io.livepoint.media.cmaf.TrackInfo;
import io.livepoint.packager.OutputPath;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Plans on a stream of two tracks (video at 90 kHz, audio at 48 kHz) with segments 1..5 of 2 s. */
class PushPlannerTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2025-03-01T12:00:00Z"));
  private StreamRegistry registry;
  private LiveStream stream;
  private long seq;

  @BeforeEach
  void fill() {
    registry = new StreamRegistry(clock, name -> StreamSettings.DEFAULTS);
    stream = registry.getOrCreate("demo");
    Track v = track("video", new TrackInfo(1, "vide", 90_000, "und", null, "avc1", "avc1.64001f", 640, 360, 0, 0,
        1_000_000, 1_000_000, List.of(), 0, 0));
    Track a = track("audio", new TrackInfo(2, "soun", 48_000, "und", null, "mp4a", "mp4a.40.2", 0, 0, 48_000, 2,
        0, 0, List.of(), 0, 0));
    for (int s = 0; s < 5; s++) {
      for (int c = 0; c < 2; c++) {
        clock.advance(Duration.ofSeconds(1));
        append(v, (2L * s + c) * 90_000, 90_000, c == 0);
        append(a, (2L * s + c) * 48_000, 48_000, c == 0);
      }
    }
  }

  @AfterEach
  void release() {
    registry.close();
  }

  private Track track(String id, TrackInfo info) {
    Track t = stream.track(id);
    t.setHeader(new TrackHeader(bytes(64), info));
    return t;
  }

  private void append(Track t, long tfdt, long duration, boolean start) {
    t.append(new Chunk(bytes(100), tfdt, duration, start, ++seq, clock.nanoTime(), null), start, false);
  }

  private static ByteBuf bytes(int n) {
    return PooledByteBufAllocator.DEFAULT.directBuffer(n).writeZero(n);
  }

  private PushPlan plan(PushStrategy s, String subPath, int budget) {
    return PushPlanner.plan(s, OutputPath.parse(subPath), OutputPath.ROUTE + subPath, stream, budget);
  }

  private static List<String> paths(PushPlan p) {
    return p.targets().stream().map(PushTarget::path).toList();
  }

  @Test
  void nextOnTheMpdStartsAtEachTracksLiveEdge() {
    PushPlan p = plan(new PushStrategy.Next(2), "demo/index.mpd", 32);
    assertEquals(new PushStrategy.Next(2), p.applied());
    assertEquals(List.of("/live/demo/video/5.m4s", "/live/demo/audio/5.m4s", "/live/demo/video/6.m4s",
        "/live/demo/audio/6.m4s"), paths(p));
  }

  @Test
  void nextOnASegmentFollowsItInItsTrack() {
    PushPlan p = plan(new PushStrategy.Next(2), "demo/video/3.m4s", 32);
    assertEquals(List.of("/live/demo/video/4.m4s", "/live/demo/video/5.m4s"), paths(p));
  }

  @Test
  void budgetDowngradesAndTheAckSaysSo() {
    assertEquals(new PushStrategy.Next(1), plan(new PushStrategy.Next(5), "demo/index.mpd", 3).applied());
    assertEquals(new PushStrategy.None(), plan(new PushStrategy.Next(5), "demo/index.mpd", 1).applied());
    assertEquals(new PushStrategy.None(), plan(new PushStrategy.Next(5), "demo/index.mpd", 0).applied());
  }

  @Test
  void timeCountsSegmentsOfTheMeasuredDuration() {
    PushPlan p = plan(new PushStrategy.Time(5), "demo/index.mpd", 32);
    assertEquals(new PushStrategy.Time(5), p.applied());
    assertEquals(6, p.targets().size(), "ceil(5 s / 2 s) = 3 segments per track");
    PushPlan cut = plan(new PushStrategy.Time(5), "demo/index.mpd", 4);
    assertEquals(new PushStrategy.Time(4), cut.applied());
    assertEquals(4, cut.targets().size());
  }

  @Test
  void listKeepsOnlyOutputsOfTheStream() {
    PushPlan p = plan(new PushStrategy.UrlList(List.of("video/init.mp4", "../demo/audio/2.m4s", "../other/index.mpd",
        "http://elsewhere/live/demo/index.mpd", "video/init.mp4?x=1", "nope/init.mp4", "/live/demo/index.mpd")),
        "demo/index.mpd", 32);
    assertEquals(new PushStrategy.UrlList(List.of("video/init.mp4", "../demo/audio/2.m4s", "/live/demo/index.mpd")),
        p.applied());
    assertEquals(List.of("/live/demo/video/init.mp4", "/live/demo/audio/2.m4s", "/live/demo/index.mpd"), paths(p));
    assertEquals(2, p.targets().get(1).number());
    assertEquals(-1, p.targets().get(0).number());
  }

  @Test
  void templateIsTruncatedToTheBudgetOrRefusedWhenItNamesNoOutput() {
    PushPlan p = plan(new PushStrategy.Template(new UrlTemplate("$Number$.m4s", 2, 9)), "demo/video/1.m4s", 3);
    assertEquals(new PushStrategy.Template(new UrlTemplate("$Number$.m4s", 2, 4)), p.applied());
    assertEquals(List.of("/live/demo/video/2.m4s", "/live/demo/video/3.m4s", "/live/demo/video/4.m4s"), paths(p));
    assertEquals(new PushStrategy.None(),
        plan(new PushStrategy.Template(new UrlTemplate("x/$Number$.ts", 1, 2)), "demo/index.mpd", 32).applied());
  }

  @Test
  void fastStartPushesInitSegmentsThenMedia() {
    PushPlan p = plan(new PushStrategy.FastStart(2, List.of("video", "nope")), "demo/index.mpd", 32);
    assertEquals(new PushStrategy.FastStart(2, List.of("video")), p.applied());
    assertEquals(List.of("/live/demo/video/init.mp4", "/live/demo/video/5.m4s", "/live/demo/video/6.m4s"), paths(p));
    PushPlan all = plan(new PushStrategy.FastStart(1, List.of()), "demo/index.mpd", 32);
    assertEquals(List.of("/live/demo/video/init.mp4", "/live/demo/audio/init.mp4", "/live/demo/video/5.m4s",
        "/live/demo/audio/5.m4s"), paths(all));
    assertEquals(new PushStrategy.None(), plan(new PushStrategy.FastStart(1, List.of()), "demo/video/2.m4s", 32).applied());
  }
}
