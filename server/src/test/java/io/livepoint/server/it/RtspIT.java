package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.testkit.Peer;
import io.livepoint.testkit.Tools;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo stream at rtsp://HOST:PORT/demo, read by real RTSP clients (FFmpeg, GStreamer). */
@Tag("it")
class RtspIT {

  private static LiveServerFixture demo(String... extra) throws Exception {
    String[] args = new String[4 + extra.length];
    args[0] = "demo.enabled";
    args[1] = "true";
    args[2] = "rtsp.enabled";
    args[3] = "true";
    System.arraycopy(extra, 0, args, 4, extra.length);
    LiveServerFixture live = new LiveServerFixture(args);
    live.awaitLive("demo", 2, 2, Duration.ofSeconds(15));
    return live;
  }

  @Test
  void ffprobeReadsH264AndAacOverTcpAndUdp() throws Exception {
    Tools.require("ffprobe");
    String ffprobe = "ffprobe";
    try (LiveServerFixture live = demo()) {
      for (String transport : new String[] {"tcp", "udp"}) {
        var r = Peer.run(Duration.ofSeconds(30), ffprobe, "-v", "error", "-rtsp_transport", transport,
            "-show_entries", "stream=codec_type,codec_name", "-of", "csv=p=0", live.rtsp("demo"));
        assertEquals(0, r.exitCode(), transport + ": " + r.output());
        String out = r.output();
        assertTrue(out.contains("h264,video"), transport + ": " + out);
        assertTrue(out.contains("aac,audio"), transport + ": " + out);
      }
    }
  }

  @Test
  void ffmpegRecordsFiveSecondsOverTcp(@TempDir Path dir) throws Exception {
    Tools.require("ffmpeg");
    String ffmpeg = "ffmpeg";
    Tools.require("ffprobe");
    String ffprobe = "ffprobe";
    Path out = dir.resolve("out.mp4");
    try (LiveServerFixture live = demo()) {
      var r = Peer.run(Duration.ofSeconds(40), ffmpeg, "-v", "error", "-rtsp_transport", "tcp", "-i",
          live.rtsp("demo"), "-t", "5", "-c", "copy", out.toString());
      assertEquals(0, r.exitCode(), r.output());
    }
    assertTrue(Files.size(out) > 10_000, "recording is " + Files.size(out) + " bytes");
    var probe = Peer.run(Duration.ofSeconds(30), ffprobe, "-v", "error", "-count_frames", "-select_streams", "v:0",
        "-show_entries", "stream=codec_name,nb_read_frames,r_frame_rate:format=duration", "-of", "default=nw=1",
        out.toString());
    assertEquals(0, probe.exitCode(), probe.output());
    String p = probe.output();
    System.out.println("FIGURE rtsp ffmpeg record: " + p.replace('\n', ' '));
    assertTrue(p.contains("codec_name=h264"), p);
    double duration = Double.parseDouble(value(p, "duration"));
    int frames = Integer.parseInt(value(p, "nb_read_frames"));
    String[] rate = value(p, "r_frame_rate").split("/");
    double fps = Double.parseDouble(rate[0]) / Double.parseDouble(rate[1]);
    assertTrue(duration >= 4.5 && duration <= 5.6, "duration " + duration + ": " + p);
    // Every frame of 5 s arrived: the frame count matches the frame rate within a few frames.
    assertTrue(Math.abs(frames - 5 * fps) <= Math.max(3, fps * 0.2), frames + " frames at " + fps + " fps: " + p);
  }

  @Test
  void gstreamerPlaysOverTcp() throws Exception {
    Tools.require("gst-launch-1.0");
    String gst = "gst-launch-1.0";
    try (LiveServerFixture live = demo()) {
      var r = Peer.run(Duration.ofSeconds(40), "timeout", "-s", "INT", "8", gst, "-e", "-m", "rtspsrc",
          "location=" + live.rtsp("demo"), "protocols=tcp", "!", "fakesink");
      String out = r.output();
      assertTrue(out.contains("PLAYING"), out);
      assertTrue(!out.contains("ERROR"), out);
    }
  }

  @Test
  void sessionWithoutKeepAliveIsReaped() throws Exception {
    try (LiveServerFixture live = demo("rtsp.sessionTimeout", "2s");
        Socket s = new Socket("127.0.0.1", live.server.rtspPort())) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      String url = live.rtsp("demo");
      String setup = request(out, in, "SETUP " + url + "/track=video RTSP/1.0\r\nCSeq: 1\r\n"
          + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n");
      assertTrue(setup.startsWith("RTSP/1.0 200"), setup);
      Matcher m = Pattern.compile("Session: ([^;\\r]+);timeout=2").matcher(setup);
      assertTrue(m.find(), setup);
      String session = m.group(1);
      out.write(("PLAY " + url + " RTSP/1.0\r\nCSeq: 2\r\nSession: " + session + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      // Read (media then, after the timeout, end of stream) until the server closes the connection.
      byte[] buf = new byte[65536];
      long bytes = 0;
      try {
        int n;
        while ((n = in.read(buf)) >= 0) {
          bytes += n;
        }
      } catch (SocketTimeoutException e) {
        throw new AssertionError("session never reaped (" + bytes + " bytes read)");
      }
      double after = (System.nanoTime() - start) / 1e9;
      assertTrue(bytes > 1000, "no media before the reaping: " + bytes);
      assertTrue(after >= 1.9 && after < 6, "reaped after " + after + " s");
      try (Socket again = new Socket("127.0.0.1", live.server.rtspPort())) {
        again.setSoTimeout(5000);
        String r = request(again.getOutputStream(), again.getInputStream(),
            "GET_PARAMETER " + url + " RTSP/1.0\r\nCSeq: 3\r\nSession: " + session + "\r\n\r\n");
        assertTrue(r.startsWith("RTSP/1.0 454"), r);
      }
      System.out.printf(Locale.ROOT, "FIGURE rtsp reaping: session with 2 s timeout closed after %.2f s%n", after);
    }
  }

  /** Sends a request and reads the response head (no media is flowing yet on this connection). */
  private static String request(OutputStream out, InputStream in, String text) throws Exception {
    out.write(text.getBytes(StandardCharsets.US_ASCII));
    out.flush();
    StringBuilder b = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      b.append((char) c);
      if (b.toString().endsWith("\r\n\r\n")) {
        break;
      }
    }
    return b.toString();
  }

  private static String value(String text, String key) {
    Matcher m = Pattern.compile("(?m)^" + key + "=(.*)$").matcher(text);
    assertTrue(m.find(), key + " in " + text);
    return m.group(1).trim();
  }
}
