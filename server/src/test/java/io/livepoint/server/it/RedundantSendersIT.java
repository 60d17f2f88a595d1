package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.client.IngestTool;
import io.livepoint.core.Segment;
import io.livepoint.core.Track;
import io.livepoint.testkit.Peer;
import io.livepoint.testkit.PlayResult;
import io.livepoint.testkit.Players;
import io.livepoint.testkit.Shared;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Redundant sources (ingest 6.8, 6.9) as separate processes: two instances of the project's ingest
 * client send the same epoch-locked stream ({@code --wallclock}: identical tfdt and naming) to one
 * publishing point. They are killed and started again mid-segment, one at a time, while a player
 * watches: the output must go on from whichever sender is left, with no gap and no duplicate.
 */
@Tag("it")
class RedundantSendersIT {
  private static final Duration WATCH = Duration.ofSeconds(30);
  static LiveServerFixture live;
  static String video;
  static String audio;

  @BeforeAll
  static void start() throws Exception {
    video = "video=" + Shared.path("testdata/cmaf/livesim2-testpic_2s_low_delay/LD_360");
    audio = "audio=" + Shared.path("testdata/cmaf/livesim2-testpic_2s_low_delay/LD_A48");
    live = new LiveServerFixture(LiveServerFixture.config("stream.timeShiftWindow", "120s")); // keeps all watched
  }

  @AfterAll
  static void stop() {
    if (live != null) {
      live.close();
    }
  }

  /** One ingest client process, sending in real time on the epoch grid until killed. */
  private static Peer sender(String stream, String naming) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    return Peer.start(List.of(java, "-cp", System.getProperty("java.class.path"), IngestTool.class.getName(),
        "-r", "--loop", "0", "--wallclock", "--naming", naming, live.ingest(stream), video, audio));
  }

  /** Sleeps until the wall clock is {@code ms} into a 2 s segment of the epoch grid: mid-segment. */
  private static void sleepUntilMidSegment(long ms) throws InterruptedException {
    long now = System.currentTimeMillis();
    long wait = Math.floorMod(ms - now, 2000L);
    Thread.sleep(wait < 300 ? wait + 2000 : wait);
  }

  @ParameterizedTest
  @ValueSource(strings = {"streams", "path"})
  void outputGoesOnFromTheSenderLeft(String naming) throws Exception {
    String stream = "redundant-" + naming;
    Peer a = sender(stream, naming);
    Peer b = sender(stream, naming);
    Peer a2 = null;
    try {
      live.awaitLive(stream, 2, 2, Duration.ofSeconds(40));
      CompletableFuture<PlayResult> watching = CompletableFuture.supplyAsync(
          () -> Players.play(Players.playerPage(live.base(), "/live/" + stream + "/index.mpd", "dash"), WATCH));
      Track track = live.server.registry().get(stream).findTrack("video");
      Track sound = live.server.registry().get(stream).findTrack("audio");
      long firstVideo = track.lastNumber();
      long firstAudio = sound.lastNumber();

      sleepUntilMidSegment(900);
      a.close(); // killed mid-segment: its requests reset; b still sends every chunk
      Thread.sleep(6000);
      a2 = sender(stream, naming); // back mid-stream: it joins on the next segment of the grid
      Thread.sleep(5000);
      sleepUntilMidSegment(1300);
      b.close();
      PlayResult r = watching.get();

      System.out.printf("FIGURE redundant senders (%s naming): dash.js advanced %.1f s of %d s, stalls %d, latency %.2f s%n",
          naming, r.mediaAdvancedSec(), WATCH.toSeconds(), r.stalls(), r.latency().settled());
      assertTrue(a2.isAlive(), "the restarted sender must still be sending: " + a2.output());
      assertContinuous(track, firstVideo, true);
      assertContinuous(sound, firstAudio, false);
      assertTrue(r.reachedPlaying(), "never played: " + r.json());
      assertNull(r.error(), "dash.js reported an error: " + r.json());
      assertEquals(0, track.discontinuities(), "one timeline across both senders");
      // a few seconds of start-up, then the whole watch: the kills must not cost a stall of seconds
      assertTrue(r.mediaAdvancedSec() >= WATCH.toSeconds() - 6, "dash.js did not play on: " + r.json());
    } finally {
      a.close();
      b.close();
      if (a2 != null) {
        a2.close();
      }
    }
  }

  /**
   * Every complete segment from number {@code from} on is there once, starts where the one before ended,
   * and holds the recording's chunk count (a chunk sent by both senders is stored once); video segments
   * are the recording's whole 2 s (audio ones vary with the AAC frame grid).
   */
  private static void assertContinuous(Track track, long from, boolean wholeSegments) {
    List<Segment> window = new ArrayList<>();
    for (Segment s : track.segments()) {
      if (s.number() >= from && s.isComplete()) {
        window.add(s);
      }
    }
    assertTrue(window.size() >= 10, track.id() + ": too few segments watched: " + window.size());
    long timescale = track.header().info().timescale();
    int chunks = window.get(0).chunkCount();
    for (int i = 0; i < window.size(); i++) {
      Segment s = window.get(i);
      String what = track.id() + " segment " + s.number();
      if (i > 0) {
        Segment before = window.get(i - 1);
        assertEquals(before.number() + 1, s.number(), what + ": a segment is missing");
        assertEquals(before.endTime(), s.startTime(), what + ": a gap or an overlap in media time");
      }
      if (wholeSegments) {
        assertEquals(2 * timescale, s.duration(), what + ": not one whole segment");
        assertEquals(chunks, s.chunkCount(), what + ": a chunk lost or stored twice");
      }
    }
  }
}
