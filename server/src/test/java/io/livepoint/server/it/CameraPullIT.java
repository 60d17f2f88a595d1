package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.LiveStream;
import io.livepoint.core.Track;
import io.livepoint.rtsp.client.CameraPull;
import io.livepoint.server.Config;
import io.livepoint.testkit.Peer;
import io.livepoint.testkit.Tools;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * RTSP camera pull against a real peer: a camera simulated with GStreamer's RTSP server
 * (src/test/resources/rtsp/camera.py: x264 test pattern + AAC, Digest authentication) is pulled by URL
 * and plays in dash.js; the camera is killed and restarted, and the stream continues.
 */
@Tag("it")
class CameraPullIT {
  /** The system Python (PyGObject is a Debian package; a pyenv or venv python on PATH lacks it). */
  private static final List<String> PYTHON = List.of("env", "PATH=/usr/bin:/bin", "python3");

  static void requireGstRtspServer() throws Exception {
    Tools.require("gst-launch-1.0");
    var r = Peer.run(Duration.ofSeconds(20), "env", "PATH=/usr/bin:/bin", "python3", "-c",
        "import gi; gi.require_version('GstRtspServer', '1.0'); from gi.repository import GstRtspServer;"
            + "from gi.repository import Gst; Gst.init(None);"
            + "assert Gst.ElementFactory.find('x264enc') and Gst.ElementFactory.find('avenc_aac')");
    Assumptions.assumeTrue(r.exitCode() == 0, "skipped: GStreamer RTSP server, x264enc or avenc_aac missing"
        + " (gstreamer1.0-rtsp python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-ugly gstreamer1.0-libav): "
        + r.output());
  }

  /** Starts the camera on {@code port} (0: a free one) and returns it once it listens. */
  static Peer camera(int port, String user, String password) throws Exception {
    Path script = Path.of(CameraPullIT.class.getResource("/rtsp/camera.py").toURI());
    List<String> cmd = new java.util.ArrayList<>(PYTHON);
    cmd.addAll(List.of(script.toString(), Integer.toString(port), user, password, "digest"));
    Peer cam = Peer.start(cmd);
    LiveServerFixture.awaitTrue(() -> cam.output().contains("READY") || !cam.isAlive(), Duration.ofSeconds(30),
        "the camera to listen");
    assertTrue(cam.isAlive(), "camera failed: " + cam.output());
    return cam;
  }

  static int port(Peer cam) {
    return Integer.parseInt(cam.output().lines().filter(l -> l.startsWith("READY")).findFirst().orElseThrow()
        .substring(6).trim());
  }

  @Test
  void pulledCameraPlaysInDashJsAndSurvivesACameraRestart() throws Exception {
    requireGstRtspServer();
    Peer cam = camera(0, "viewer", "s3cret pass");
    int port = port(cam);
    try {
      Config c = LiveServerFixture.config().set("streams", List.of(Map.of("name", "cam1",
          "source", "rtsp://viewer:s3cret%20pass@127.0.0.1:" + port + "/cam", "transport", "tcp", "pull", "always")));
      try (LiveServerFixture live = new LiveServerFixture(c)) {
        live.awaitLive("cam1", 2, 3, Duration.ofSeconds(60));
        LiveStream stream = live.server.registry().get("cam1");
        assertEquals(List.of("audio", "video"), stream.playableTracks().stream().map(Track::id).sorted().toList());
        live.assertPlays("cam1", "GStreamer camera pulled over RTSP/TCP with Digest", "dash");

        CameraPull pull = live.server.pulls().get("cam1");
        long before = stream.findTrack("video").lastNumber();
        cam.close(); // the camera drops (SIGKILL: no TEARDOWN, no RTCP BYE)
        LiveServerFixture.awaitTrue(() -> pull.tracks().isEmpty(), Duration.ofSeconds(30), "the pull to notice the drop");
        cam = camera(port, "viewer", "s3cret pass");
        LiveServerFixture.awaitTrue(() -> {
          LiveStream s = live.server.registry().get("cam1");
          Track v = s == null ? null : s.findTrack("video");
          return v != null && v.lastNumber() >= before + 3;
        }, Duration.ofSeconds(90), "segments after the camera came back");
        assertTrue(pull.connects() >= 2, "reconnected: " + pull.connects() + " connects");
        live.assertPlays("cam1", "GStreamer camera pulled again after a restart", "dash");
      }
    } finally {
      cam.close();
    }
  }

  @Test
  void pulledOverUdpPlaysInDashJs() throws Exception {
    requireGstRtspServer();
    try (Peer cam = camera(0, "viewer", "pw")) {
      Config c = LiveServerFixture.config().set("streams", List.of(Map.of("name", "camudp",
          "source", "rtsp://viewer:pw@127.0.0.1:" + port(cam) + "/cam", "transport", "udp")));
      try (LiveServerFixture live = new LiveServerFixture(c)) {
        live.awaitLive("camudp", 2, 3, Duration.ofSeconds(60));
        live.assertPlays("camudp", "GStreamer camera pulled over RTSP with RTP/UDP", "dash");
      }
    }
  }
}
