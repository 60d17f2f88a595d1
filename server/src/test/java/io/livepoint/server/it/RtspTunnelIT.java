package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.testkit.Peer;
import io.livepoint.testkit.Tools;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * RTSP tunnelled over HTTP on the HTTP port ({@code rtsp://HOST:HTTPPORT/rtsp/{stream}} with FFmpeg's
 * {@code -rtsp_transport http}: a GET with x-sessioncookie for the server's bytes, a POST with base64
 * requests), read by ffprobe and recorded by FFmpeg.
 */
@Tag("it")
class RtspTunnelIT {

  private static LiveServerFixture demo(String... extra) throws Exception {
    String[] args = new String[4 + extra.length];
    System.arraycopy(new String[] {"demo.enabled", "true", "rtsp.enabled", "true"}, 0, args, 0, 4);
    System.arraycopy(extra, 0, args, 4, extra.length);
    LiveServerFixture live = new LiveServerFixture(args);
    live.awaitLive("demo", 2, 2, Duration.ofSeconds(15));
    return live;
  }

  private static String tunnelUrl(LiveServerFixture live, String stream) {
    return "rtsp://127.0.0.1:" + live.server.httpPort() + "/rtsp/" + stream;
  }

  @Test
  void ffprobeAndFfmpegPlayOverTheHttpPort(@TempDir Path dir) throws Exception {
    Tools.require("ffprobe");
    Tools.require("ffmpeg");
    Path out = dir.resolve("out.mp4");
    // A short HTTP idle timeout: the POST half must be kept flowing by the client's keep-alives (the
    // tunnel's sessions announce a timeout within it) or the recording would stop when it is cut off.
    // (Without that, the cut POST loses the keep-alives and the 6 s session is reaped mid-recording.)
    try (LiveServerFixture live = demo("http.idleTimeout", "3s", "rtsp.sessionTimeout", "6s")) {
      var probe = Peer.run(Duration.ofSeconds(40), "ffprobe", "-v", "error", "-rtsp_transport", "http",
          "-show_entries", "stream=codec_type,codec_name", "-of", "csv=p=0", tunnelUrl(live, "demo"));
      assertEquals(0, probe.exitCode(), probe.output());
      assertTrue(probe.output().contains("h264,video") && probe.output().contains("aac,audio"), probe.output());
      var r = Peer.run(Duration.ofSeconds(40), "ffmpeg", "-v", "error", "-rtsp_transport", "http", "-i",
          tunnelUrl(live, "demo"), "-t", "12", "-c", "copy", out.toString());
      assertEquals(0, r.exitCode(), r.output());
      // The tunnel and its session end with the client.
      LiveServerFixture.awaitTrue(() -> live.server.rtspSessionCount() == 0, Duration.ofSeconds(10),
          "the tunnelled sessions end");
    }
    var frames = Peer.run(Duration.ofSeconds(30), "ffprobe", "-v", "error", "-select_streams", "v:0",
        "-show_entries", "packet=pts_time,flags", "-of", "csv=p=0", out.toString());
    assertEquals(0, frames.exitCode(), frames.output());
    List<String[]> packets = frames.output().lines().filter(l -> l.matches("[0-9.]+,.*")).map(l -> l.split(","))
        .toList();
    assertTrue(packets.size() > 300, packets.size() + " video frames");
    assertTrue(packets.get(0)[1].startsWith("K"), "starts on a key frame");
    double last = 0;
    for (int i = 1; i < packets.size(); i++) {
      double t = Double.parseDouble(packets.get(i)[0]);
      double step = t - Double.parseDouble(packets.get(i - 1)[0]);
      assertTrue(step > 0 && step < 0.1, "hole of " + step + " s before " + t);
      last = t;
    }
    assertTrue(Files.size(out) > 10_000 && last >= 11.5, "recorded " + last + " s");
    System.out.printf(Locale.ROOT, "FIGURE rtsp over http: %d frames over %.3f s recorded by FFmpeg%n",
        packets.size(), last);
  }

  /** FFmpeg's http transport tunnels to the RTSP URL's own port: the RTSP port accepts the tunnel too. */
  @Test
  void ffprobeTunnelsToTheRtspPort() throws Exception {
    Tools.require("ffprobe");
    try (LiveServerFixture live = demo()) {
      var probe = Peer.run(Duration.ofSeconds(40), "ffprobe", "-v", "error", "-rtsp_transport", "http",
          "-show_entries", "stream=codec_type,codec_name", "-of", "csv=p=0", live.rtsp("demo"));
      assertEquals(0, probe.exitCode(), probe.output());
      assertTrue(probe.output().contains("h264,video") && probe.output().contains("aac,audio"), probe.output());
      // and plain RTSP still works on that port
      var plain = Peer.run(Duration.ofSeconds(40), "ffprobe", "-v", "error", "-rtsp_transport", "tcp",
          "-show_entries", "stream=codec_type", "-of", "csv=p=0", live.rtsp("demo"));
      assertEquals(0, plain.exitCode(), plain.output());
      assertTrue(plain.output().contains("video"), plain.output());
    }
  }

  @Test
  void tunnelRequestsWithoutAnOpenTunnelAreRefused() throws Exception {
    try (LiveServerFixture live = demo()) {
      HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      URI uri = URI.create(live.base() + "/rtsp/demo");
      var noCookie = client.send(HttpRequest.newBuilder(uri).header("Accept", "application/x-rtsp-tunnelled").build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(400, noCookie.statusCode(), noCookie.body());
      var orphanPost = client.send(HttpRequest.newBuilder(uri).header("x-sessioncookie", "nosuchtunnel")
          .header("Content-Type", "application/x-rtsp-tunnelled")
          .POST(HttpRequest.BodyPublishers.ofString("T1BUSU9OUyAqIFJUU1AvMS4wDQpDU2VxOiAxDQoNCg==")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(404, orphanPost.statusCode(), orphanPost.body());
    }
  }
}
