package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Track;
import io.livepoint.testkit.Peer;
import io.livepoint.testkit.PlayResult;
import io.livepoint.testkit.Players;
import io.livepoint.testkit.Tools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * An encoder that dies and is started again (ingest 6.8/6.9): FFmpeg is killed mid-segment while a
 * player watches, and a new FFmpeg counts its media time from zero again. The restart is a new
 * timeline: a new Period in the MPD, an EXT-X-DISCONTINUITY in HLS, and the players play on across it.
 */
@Tag("it")
class EncoderRestartIT {
  private static final Duration WATCH = Duration.ofSeconds(30);
  static LiveServerFixture live;

  @BeforeAll
  static void start() throws Exception {
    Tools.require("ffmpeg");
    live = new LiveServerFixture();
  }

  @AfterAll
  static void stop() {
    if (live != null) {
      live.close();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"dash", "hls"})
  void playersPlayOnAcrossARestartedEncoder(String type) throws Exception {
    String stream = "restart-" + type;
    Peer first = Peer.start(FfmpegIngestIT.longChunkedPost(live.ingest(stream)));
    Peer second = null;
    try {
      live.awaitLive(stream, 2, 2, Duration.ofSeconds(30));
      String src = "/live/" + stream + (type.equals("dash") ? "/index.mpd" : "/index.m3u8");
      CompletableFuture<PlayResult> watching = CompletableFuture.supplyAsync(
          () -> Players.play(Players.playerPage(live.base(), src, type), WATCH));
      Thread.sleep(7000);
      first.close(); // killed mid-segment: its connections reset, no end of track
      second = Peer.start(FfmpegIngestIT.longChunkedPost(live.ingest(stream)));
      Track video = live.server.registry().get(stream).findTrack("video");
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (video.discontinuities() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(100);
      }
      assertEquals(1, video.discontinuities(), "the restart is a new timeline: " + second.output());

      if (type.equals("dash")) {
        String mpd = get(src);
        Matcher periods = Pattern.compile("<Period id=\"(\\d+)\"").matcher(mpd);
        List<String> ids = new ArrayList<>();
        while (periods.find()) {
          ids.add(periods.group(1));
        }
        assertEquals(List.of("0", "1"), ids, mpd);
      } else {
        String playlist = get("/live/" + stream + "/video/index.m3u8");
        assertTrue(playlist.contains("#EXT-X-DISCONTINUITY\n#EXT-X-PROGRAM-DATE-TIME:"), playlist);
      }

      PlayResult r = watching.get();
      System.out.printf("FIGURE encoder restart %s: advanced %.1f s of %d s watched, stalls %d, settled latency %.2f s%n",
          r.player(), r.mediaAdvancedSec(), WATCH.toSeconds(), r.stalls(), r.latency().settled());
      assertTrue(r.reachedPlaying(), type + " never played: " + r.json());
      assertNull(r.error(), type + " reported an error: " + r.json());
      // At most about 7 s before the kill plus what was buffered, then the outage (FFmpeg starting again):
      // 18 s of media means the player went on across the discontinuity for a good while.
      assertTrue(r.mediaAdvancedSec() >= 18, type + " did not play on across the restart: " + r.json());
      assertTrue(second.isAlive(), "the new encoder must still be sending: " + second.output());
    } finally {
      first.close();
      if (second != null) {
        second.close();
      }
    }
  }

  static String get(String path) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(live.base() + path))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return r.body();
  }
}
