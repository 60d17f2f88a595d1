package io.livepoint.testkit;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * Real players for integration tests: runs {@code testkit/players/play.mjs} (Playwright driving Debian's
 * headless Chromium) on a page, normally the server's {@code player.html?src=...&type=dash|hls}, and returns
 * what the viewer got. Skips the test when node, Chromium or the harness's npm packages are missing.
 */
public final class Players {
  /** Time allowed for the page to start playing, on top of the play time. */
  public static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);
  /** Kill the harness when it has not answered this long after startup + play time (it has its own watchdog). */
  private static final Duration HARD_MARGIN = Duration.ofSeconds(60);

  private Players() {}

  /** {@code BASE/player.html?type=TYPE&src=SRC}, e.g. {@code playerPage("http://127.0.0.1:8080", "/live/demo/index.mpd", "dash")}. */
  public static String playerPage(String base, String src, String type) {
    String b = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    return b + "/player.html?type=" + type + "&src=" + URLEncoder.encode(src, StandardCharsets.UTF_8);
  }

  /** Plays {@code pageUrl} for {@code playFor} of wall time after playback starts. */
  public static PlayResult play(String pageUrl, Duration playFor) {
    return play(pageUrl, playFor, null);
  }

  /** As {@link #play(String, Duration)}, saving a PNG screenshot of the page at the end when {@code screenshot} is set. */
  public static PlayResult play(String pageUrl, Duration playFor, Path screenshot) {
    Harness h = require();
    List<String> cmd = new ArrayList<>(List.of(h.node, h.script.toString(),
        "--url", pageUrl,
        "--seconds", seconds(playFor),
        "--startup-timeout", seconds(STARTUP_TIMEOUT),
        "--chromium", h.chromium));
    if (screenshot != null) {
      cmd.addAll(List.of("--screenshot", screenshot.toAbsolutePath().toString()));
    }
    Path out = null;
    Path err = null;
    Process p = null;
    try {
      out = Files.createTempFile("livepoint-play", ".json");
      err = Files.createTempFile("livepoint-play", ".log");
      p = new ProcessBuilder(Tools.asPeer(cmd))
          .directory(h.script.getParent().toFile())
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .start();
      Duration limit = STARTUP_TIMEOUT.plus(playFor).plus(HARD_MARGIN);
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(p);
        throw new AssertionError("player harness did not finish within " + limit.toSeconds() + " s: " + cmd
            + "\n" + Files.readString(err));
      }
      String line = lastLine(Files.readString(out));
      if (line == null) {
        throw new AssertionError("player harness printed no result (exit " + p.exitValue() + "): " + cmd
            + "\n" + Files.readString(err));
      }
      return PlayResult.parse(line);
    } catch (IOException e) {
      throw new AssertionError("cannot run the player harness " + cmd + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted while playing " + pageUrl, e);
    } finally {
      if (p != null && p.isAlive()) {
        kill(p);
      }
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** The harness's parts, or a skipped test naming what is missing. */
  static Harness require() {
    String hint = " (bash .ci/run installs the test peers)";
    String node = Tools.find("node");
    Assumptions.assumeTrue(node != null, "skipped: node is not installed" + hint);
    String chromium = chromium();
    Assumptions.assumeTrue(chromium != null, "skipped: chromium is not installed" + hint);
    Path dir = Shared.repoRoot().resolve("testkit/players");
    Path script = dir.resolve("play.mjs");
    Assumptions.assumeTrue(Files.isRegularFile(script), "skipped: " + script + " not found");
    Assumptions.assumeTrue(Files.isDirectory(dir.resolve("node_modules/playwright-core")),
        "skipped: " + dir + "/node_modules is missing: run 'npm ci' there" + hint);
    return new Harness(node, chromium, script);
  }

  private static String chromium() {
    String env = System.getenv("LIVEPOINT_CHROMIUM");
    if (env != null && Files.isExecutable(Path.of(env))) {
      return env;
    }
    if (Files.isExecutable(Path.of("/usr/bin/chromium"))) {
      return "/usr/bin/chromium";
    }
    return Tools.find("chromium");
  }

  private static String seconds(Duration d) {
    return String.valueOf(d.toMillis() / 1000.0);
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    String last = lines[lines.length - 1].strip();
    return last.startsWith("{") ? last : null;
  }

  /** Chromium runs as the harness's children: end them too. */
  private static void kill(Process p) {
    p.descendants().forEach(ProcessHandle::destroyForcibly);
    p.destroyForcibly();
  }

  private static void deleteQuietly(Path f) {
    if (f != null) {
      try {
        Files.deleteIfExists(f);
      } catch (IOException ignored) {
        // a temp file; nothing to do
      }
    }
  }

  record Harness(String node, String chromium, Path script) {}
}
