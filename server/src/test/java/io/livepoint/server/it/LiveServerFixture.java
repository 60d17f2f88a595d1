package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.livepoint.core.Clock;
import io.livepoint.core.LatencyHistogram;
import io.livepoint.core.LiveStream;
import io.livepoint.core.Track;
import io.livepoint.server.Config;
import io.livepoint.server.LivepointServer;
import io.livepoint.testkit.PlayResult;
import io.livepoint.testkit.Players;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.BooleanSupplier;

/** A running server on free loopback ports, plus the checks every end-to-end test makes. */
final class LiveServerFixture implements AutoCloseable {
  final LivepointServer server;

  LiveServerFixture(String... overrides) throws Exception {
    this(config(overrides));
  }

  /** A server with this configuration (start from {@link #config}). */
  LiveServerFixture(Config c) throws Exception {
    server = new LivepointServer(c, Clock.SYSTEM).start();
  }

  /** The test configuration: loopback, free ports, no demo; then the overrides (path, value pairs). */
  static Config config(String... overrides) throws Exception {
    Config c = Config.defaults().set("http.host", "127.0.0.1").set("http.port", "0").set("http.tlsPort", "0")
        .set("rtsp.port", "0").set("demo.enabled", "false");
    for (int i = 0; i + 1 < overrides.length; i += 2) {
      c.set(overrides[i], overrides[i + 1]);
    }
    return c;
  }

  String base() {
    return "http://127.0.0.1:" + server.httpPort();
  }

  /** The RTSP URL of a stream. */
  String rtsp(String stream) {
    return "rtsp://127.0.0.1:" + server.rtspPort() + "/" + stream;
  }

  String ingest(String stream) {
    return base() + "/ingest/" + stream + "/";
  }

  /** Waits until the stream has {@code tracks} playable tracks with at least {@code segments} segments each. */
  void awaitLive(String stream, int tracks, int segments, Duration timeout) throws InterruptedException {
    awaitTrue(() -> {
      LiveStream s = server.registry().get(stream);
      if (s == null) {
        return false;
      }
      List<Track> playable = s.playableTracks();
      return playable.size() >= tracks && playable.stream().allMatch(t -> t.lastNumber() >= segments);
    }, timeout, "stream '" + stream + "' with " + tracks + " tracks of " + segments + " segments");
  }

  static void awaitTrue(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        fail("timed out waiting for " + what);
      }
      Thread.sleep(100);
    }
  }

  /**
   * Plays the stream's MPD in dash.js and its multivariant playlist in hls.js for 12 s each and asserts
   * what a viewer sees: playing, at least 10 s of media advanced without a stall, live latency reported.
   * A viewer that stalls gets one more try (a new page): on this 2-core machine the encoder, the browser
   * and the server share the CPU, and one scheduling hiccup is not a defect; a second stall fails.
   * Prints the figures (FIGURE lines) for the issue notes.
   */
  void assertPlaysInBothPlayers(String stream, String scenario) {
    for (String type : List.of("dash", "hls")) {
      assertPlays(stream, scenario, type);
    }
  }

  /** As {@link #assertPlaysInBothPlayers} for one player: "dash" (dash.js) or "hls" (hls.js). */
  PlayResult assertPlays(String stream, String scenario, String type) {
    return assertPlaysAt("/live/" + stream + (type.equals("dash") ? "/index.mpd" : "/index.m3u8"), scenario, type);
  }

  /** As {@link #assertPlays} for any manifest path on this server (e.g. an encoder's own, passed through). */
  PlayResult assertPlaysAt(String src, String scenario, String type) {
    return assertPlaysAt(src, scenario, type, 0);
  }

  /** As {@link #assertPlaysAt(String, String, String)} with the player told a live latency to hold (0: its own choice). */
  PlayResult assertPlaysAt(String src, String scenario, String type, double latencySeconds) {
    PlayResult r = play(src, scenario, type, latencySeconds);
    if (r.reachedPlaying() && r.stalls() > 0) {
      System.out.printf("RETRY %s %s: %d stall(s), playing again%n", scenario, type, r.stalls());
      r = play(src, scenario, type, latencySeconds);
    }
    assertTrue(r.reachedPlaying(), type + " never played: " + r.json());
    assertTrue(r.error() == null, type + " reported an error: " + r.json());
    assertTrue(r.mediaAdvancedSec() >= 10.0, type + " advanced less than 10 s of media: " + r.json());
    assertEquals(0, r.stalls(), type + " stalled: " + r.json());
    assertTrue(r.latency().measured(), type + " reported no live latency: " + r.json());
    return r;
  }

  private static void figure(String scenario, String player, String what, LatencyHistogram d) {
    if (d.count() > 0) {
      System.out.printf(Locale.ROOT, "FIGURE %s %s: %s p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms over %d chunks%n",
          scenario, player, what, d.quantileNanos(0.5) / 1e6, d.quantileNanos(0.99) / 1e6,
          d.quantileNanos(0.999) / 1e6, d.count());
    }
  }

  /** Opens the player page for {@code stream} for 12 s and reports what the viewer got (no assertions). */
  PlayResult play(String stream, String scenario, String type) {
    return play("/live/" + stream + (type.equals("dash") ? "/index.mpd" : "/index.m3u8"), scenario, type, 0);
  }

  private PlayResult play(String src, String scenario, String type, double latencySeconds) {
    server.deliveryLatency().reset();
    server.playlistReleaseLatency().reset();
    String page = Players.playerPage(base(), src, type) + (latencySeconds > 0 ? "&latency=" + latencySeconds : "");
    PlayResult r = Players.play(page, Duration.ofSeconds(12));
    System.out.printf(Locale.ROOT, "FIGURE %s %s: startup %d ms, advanced %.1f s, stalls %d, live latency settled %.2f s, "
            + "avg %.2f s (min %.2f, max %.2f)%n", scenario, r.player(), r.startupMs(), r.mediaAdvancedSec(),
        r.stalls(), r.latency().settled(), r.latency().avg(), r.latency().min(), r.latency().max());
    figure(scenario, r.player(), "chunk delivery to a waiting segment/part request", server.deliveryLatency());
    figure(scenario, r.player(), "chunk to a held playlist request answered", server.playlistReleaseLatency());
    return r;
  }

  @Override
  public void close() {
    server.close();
  }
}
