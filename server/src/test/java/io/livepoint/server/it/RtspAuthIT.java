package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Track;
import io.livepoint.testkit.Peer;
import io.livepoint.testkit.Tools;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * RTSP authentication against real clients: FFmpeg/ffprobe answer Digest (RFC 2617 qop=auth) over TCP,
 * UDP and the HTTP tunnels, GStreamer rtspsrc answers it RFC 2069-style (no qop), an FFmpeg ANNOUNCE/RECORD
 * publisher authenticates, and wrong passwords get 401.
 */
@Tag("it")
class RtspAuthIT {
  private static final String USER = "viewer";
  private static final String PASSWORD = "pa55-w0rd";

  private static LiveServerFixture server(String scheme) throws Exception {
    LiveServerFixture live = new LiveServerFixture("demo.enabled", "true", "rtsp.auth.scheme", scheme,
        "rtsp.auth.realm", "cams", "rtsp.auth.users." + USER, PASSWORD, "rtsp.auth.users.other", "x");
    live.awaitLive("demo", 2, 2, Duration.ofSeconds(15));
    return live;
  }

  private static String withUser(String url, String password) {
    return url.replace("rtsp://", "rtsp://" + USER + ":" + password + "@");
  }

  @Test
  void ffprobeAnswersDigestOverTcpUdpAndTunnelsAndAWrongPasswordFails() throws Exception {
    Tools.require("ffprobe");
    try (LiveServerFixture live = server("digest")) {
      String port = withUser(live.rtsp("demo"), PASSWORD);
      String httpPort = withUser("rtsp://127.0.0.1:" + live.server.httpPort() + "/rtsp/demo", PASSWORD);
      for (String[] c : new String[][] {{"tcp", port}, {"udp", port}, {"http", port}, {"http", httpPort}}) {
        var r = Peer.run(Duration.ofSeconds(40), "ffprobe", "-v", "error", "-rtsp_transport", c[0],
            "-show_entries", "stream=codec_type,codec_name", "-of", "csv=p=0", c[1]);
        assertEquals(0, r.exitCode(), c[0] + " " + c[1] + ": " + r.output());
        assertTrue(r.output().contains("h264,video") && r.output().contains("aac,audio"), c[0] + ": " + r.output());
      }
      for (String url : new String[] {withUser(live.rtsp("demo"), "wrong"), live.rtsp("demo")}) {
        var bad = Peer.run(Duration.ofSeconds(40), "ffprobe", "-v", "error", "-rtsp_transport", "tcp", url);
        assertNotEquals(0, bad.exitCode(), url + ": " + bad.output());
        assertTrue(bad.output().contains("401"), url + ": " + bad.output());
      }
      // What ffprobe was told, on the wire: OPTIONS is open, DESCRIBE without or with wrong credentials is 401.
      try (Socket s = new Socket("127.0.0.1", live.server.rtspPort())) {
        s.setSoTimeout(10_000);
        String url = live.rtsp("demo");
        assertTrue(exchange(s, "OPTIONS " + url + " RTSP/1.0\r\nCSeq: 1\r\n\r\n").startsWith("RTSP/1.0 200 OK"));
        String challenge = exchange(s, "DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 2\r\n\r\n");
        assertTrue(challenge.startsWith("RTSP/1.0 401 Unauthorized"), challenge);
        assertTrue(challenge.contains("WWW-Authenticate: Digest realm=\"cams\", qop=\"auth\", algorithm=SHA-256")
            && challenge.contains("algorithm=MD5"), challenge);
        String basic = exchange(s, "DESCRIBE " + url + " RTSP/1.0\r\nCSeq: 3\r\nAuthorization: Basic "
            + java.util.Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8))
            + "\r\n\r\n");
        assertTrue(basic.startsWith("RTSP/1.0 401"), "Basic where Digest is required: " + basic);
      }
    }
  }

  @Test
  void gstreamerRtspsrcPlaysOverTcpWithUserIdAndPassword() throws Exception {
    Tools.require("gst-launch-1.0");
    for (String scheme : new String[] {"digest", "basic"}) {
      try (LiveServerFixture live = server(scheme)) {
        var r = Peer.run(Duration.ofSeconds(40), "timeout", "-s", "INT", "8", "gst-launch-1.0", "-e", "-m", "rtspsrc",
            "location=" + live.rtsp("demo"), "protocols=tcp", "user-id=" + USER, "user-pw=" + PASSWORD, "!", "fakesink");
        String out = r.output();
        int stop = out.indexOf("Interrupt: Stopping pipeline");
        assertTrue(stop > 0, scheme + ": played until interrupted: " + out);
        String playing = out.substring(0, stop);
        assertTrue(playing.contains("rtpsession0\" (element): application/x-rtp-source-sdes"), scheme + ": " + out);
        assertTrue(!playing.contains("ERROR"), scheme + ": " + out);
        var bad = Peer.run(Duration.ofSeconds(40), "timeout", "-s", "INT", "8", "gst-launch-1.0", "-m", "rtspsrc",
            "location=" + live.rtsp("demo"), "protocols=tcp", "user-id=" + USER, "user-pw=nope", "!", "fakesink");
        assertTrue(bad.output().contains("Unauthorized"), scheme + " wrong password: " + bad.output());
      }
    }
  }

  @Test
  void ffmpegPublisherAuthenticatesAnnounceAndRecord() throws Exception {
    Tools.require("ffmpeg");
    try (LiveServerFixture live = server("digest")) {
      List<String> cmd = new ArrayList<>(FfmpegIngestIT.encoderInputs());
      cmd.addAll(List.of("-map", "0:v", "-map", "1:a"));
      cmd.addAll(FfmpegIngestIT.videoCodec());
      cmd.addAll(List.of("-c:a", "aac", "-b:a", "96k", "-f", "rtsp", "-rtsp_transport", "tcp"));
      List<String> wrong = new ArrayList<>(cmd);
      wrong.addAll(List.of("-t", "3", withUser(live.rtsp("nope"), "bad")));
      var refused = Peer.run(Duration.ofSeconds(40), wrong.toArray(String[]::new));
      assertNotEquals(0, refused.exitCode(), refused.output());
      assertTrue(refused.output().contains("401"), refused.output());
      assertEquals(null, live.server.registry().get("nope"), "nothing was published with a wrong password");
      cmd.add(withUser(live.rtsp("pub"), PASSWORD));
      try (Peer ffmpeg = Peer.start(cmd)) {
        live.awaitLive("pub", 2, 2, Duration.ofSeconds(60));
        assertEquals(List.of("audio", "video"),
            live.server.registry().get("pub").playableTracks().stream().map(Track::id).sorted().toList());
        assertTrue(ffmpeg.isAlive(), "ffmpeg still publishing: " + ffmpeg.output());
      }
    }
  }

  /** Sends a request and reads one response head (no body expected for these). */
  private static String exchange(Socket s, String request) throws Exception {
    OutputStream out = s.getOutputStream();
    out.write(request.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    InputStream in = s.getInputStream();
    StringBuilder b = new StringBuilder();
    while (!b.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        break;
      }
      b.append((char) c);
    }
    return b.toString();
  }
}
