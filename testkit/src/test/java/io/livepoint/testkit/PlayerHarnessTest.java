package io.livepoint.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The player harness against a real browser and real media: a progressive MP4 made by FFmpeg, played by a
 * page that keeps window.lpStats the way the server's player.html does.
 */
@Tag("it")
class PlayerHarnessTest {
  // The lpStats contract of player.html, reduced to a plain <video>.
  private static final String PAGE = """
      <!DOCTYPE html><html><body>
      <video id="v" muted autoplay playsinline></video>
      <script>
        const v = document.getElementById('v');
        window.lpStats = {state: 'loading', currentTime: 0, latency: null, stalls: 0, error: null, events: []};
        v.addEventListener('playing', () => {
          if (lpStats.playingAtMs === undefined) { lpStats.playingAtMs = performance.now(); lpStats.playStartTime = v.currentTime; }
          lpStats.state = 'playing';
        });
        v.addEventListener('waiting', () => { if (lpStats.playingAtMs !== undefined) { lpStats.stalls++; lpStats.state = 'stalled'; } });
        v.addEventListener('timeupdate', () => { lpStats.currentTime = v.currentTime; });
        v.addEventListener('error', () => { lpStats.state = 'error'; lpStats.error = 'media error ' + v.error.code; });
        v.src = new URLSearchParams(location.search).get('src');
      </script></body></html>
      """;

  @TempDir static Path dir;
  private static HttpServer server;
  private static String base;

  // Checked per test (not in @BeforeAll) so that a missing peer shows up as skipped tests with the reason.
  @BeforeEach
  void peers() throws Exception {
    String ffmpeg = Tools.require("ffmpeg");
    Players.require();
    if (server == null) {
      serve(ffmpeg);
    }
  }

  private static void serve(String ffmpeg) throws Exception {
    Process p = new ProcessBuilder(ffmpeg, "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25",
        "-t", "10", "-c:v", "libx264", "-pix_fmt", "yuv420p", "-movflags", "+faststart",
        dir.resolve("clip.mp4").toString()).redirectErrorStream(true).start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "ffmpeg finished");
    assertEquals(0, p.exitValue(), new String(p.getInputStream().readAllBytes()));
    Files.writeString(dir.resolve("page.html"), PAGE);

    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext("/", ex -> {
      Path f = dir.resolve(ex.getRequestURI().getPath().substring(1)).normalize();
      try (ex) {
        if (!f.startsWith(dir) || !Files.isRegularFile(f)) {
          ex.sendResponseHeaders(404, -1);
          return;
        }
        byte[] body = Files.readAllBytes(f);
        ex.getResponseHeaders().set("Content-Type", f.toString().endsWith(".html") ? "text/html" : "video/mp4");
        ex.sendResponseHeaders(200, body.length);
        try (OutputStream o = ex.getResponseBody()) {
          o.write(body);
        }
      } catch (IOException e) {
        // the browser went away mid-answer
      }
    });
    server.start();
    base = "http://127.0.0.1:" + server.getAddress().getPort();
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop(0);
    }
  }

  @Test
  void reportsPlaybackOfRealMedia() throws IOException {
    Path shot = dir.resolve("shot.png");
    PlayResult r = Players.play(base + "/page.html?src=clip.mp4", Duration.ofSeconds(3), shot);
    assertTrue(r.reachedPlaying(), r.json());
    assertTrue(r.startupMs() >= 0 && r.startupMs() < Players.STARTUP_TIMEOUT.toMillis(), r.json());
    // 3 s of wall time plays about 3 s of media; the poll interval and startup jitter allow some slack.
    assertTrue(r.mediaAdvancedSec() > 2.0 && r.mediaAdvancedSec() < 4.5, r.json());
    assertEquals(null, r.error(), r.json());
    assertEquals("playing", r.state(), r.json());
    assertFalse(r.latency().measured(), "a file has no live latency: " + r.json());
    byte[] png = Files.readAllBytes(shot);
    assertTrue(png.length > 1000 && png[1] == 'P' && png[2] == 'N' && png[3] == 'G', "screenshot is a PNG");
  }

  @Test
  void reportsAFailureInsteadOfThrowing() {
    PlayResult r = Players.play(base + "/page.html?src=missing.mp4", Duration.ofSeconds(1));
    assertFalse(r.reachedPlaying(), r.json());
    assertNotNull(r.error(), r.json());
    assertTrue(r.error().startsWith("media error"), r.json());
    assertEquals(0.0, r.mediaAdvancedSec(), r.json());
    assertTrue(r.console().stream().anyMatch(c -> c.contains("404")), "the 404 is in the console: " + r.console());
  }
}
