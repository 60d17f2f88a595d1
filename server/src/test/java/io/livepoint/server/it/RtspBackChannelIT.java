package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.testkit.Peer;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The ONVIF audio back channel with a real peer: GStreamer rtspsrc {@code backchannel=onvif}
 * (src/test/resources/rtsp/backchannel.py) plays the demo stream and sends mu-law noise over TCP
 * interleaved and over UDP; the .au file the server writes holds exactly the samples it sent.
 */
@Tag("it")
class RtspBackChannelIT {
  private static final List<String> PYTHON = List.of("env", "PATH=/usr/bin:/bin", "python3");

  private static void requirePythonGst() throws Exception {
    io.livepoint.testkit.Tools.require("gst-launch-1.0");
    List<String> cmd = new ArrayList<>(PYTHON);
    cmd.addAll(List.of("-c", "import gi; gi.require_version('Gst', '1.0'); gi.require_version('GstApp', '1.0');"
        + "from gi.repository import Gst; Gst.init(None); assert Gst.ElementFactory.find('mulawenc')"));
    var r = Peer.run(Duration.ofSeconds(20), cmd.toArray(String[]::new));
    Assumptions.assumeTrue(r.exitCode() == 0,
        "skipped: python3-gi with GStreamer (gir1.2-gstreamer-1.0, gstreamer1.0-plugins-good) missing: " + r.output());
  }

  @Test
  void gstreamerSendsPcmuOverTcpAndUdpIntoTheAuFiles(@TempDir Path dir) throws Exception {
    requirePythonGst();
    Path sink = dir.resolve("backchannel");
    try (LiveServerFixture live = new LiveServerFixture("demo.enabled", "true", "rtsp.backchannel.sink", "file:" + sink)) {
      live.awaitLive("demo", 2, 2, Duration.ofSeconds(15));
      Path script = Path.of(RtspBackChannelIT.class.getResource("/rtsp/backchannel.py").toURI());
      for (String protocols : List.of("tcp", "udp")) {
        Path dump = dir.resolve(protocols + ".sent");
        List<String> cmd = new ArrayList<>(PYTHON);
        cmd.addAll(List.of(script.toString(), live.rtsp("demo"), protocols, "4", dump.toString()));
        var r = Peer.run(Duration.ofSeconds(60), cmd.toArray(String[]::new));
        assertEquals(0, r.exitCode(), protocols + ": " + r.output());
        assertTrue(r.output().contains("BACKCHANNEL") && r.output().contains("PCMU"), protocols + ": " + r.output());
        byte[] sent = Files.readAllBytes(dump);
        Path file = awaitCompletedFile(sink, protocols);
        byte[] au = Files.readAllBytes(file);
        ByteBuffer h = ByteBuffer.wrap(au);
        assertEquals(0x2e736e64, h.getInt(0));
        assertEquals(1, h.getInt(12), "mu-law");
        byte[] received = Arrays.copyOfRange(au, 24, au.length);
        assertEquals(received.length, h.getInt(8));
        System.out.printf("FIGURE rtsp back channel %s: %d bytes sent by rtspsrc, %d in %s%n", protocols, sent.length,
            received.length, file.getFileName());
        assertTrue(received.length >= 8000, protocols + ": at least a second of audio, got " + received.length);
        // What arrived is what was sent, in order and complete (the sender's noise makes any mismatch show):
        // all of it, except at most what was in flight when the client tore the session down.
        assertTrue(indexOf(sent, received) == 0, protocols + ": the received samples are the first ones sent");
        assertTrue(sent.length - received.length <= 8000, protocols + ": " + (sent.length - received.length)
            + " bytes sent but not received");
        Files.move(file, dir.resolve(protocols + ".au"));
      }
    }
  }

  @Test
  void disabledBackChannelIs551WithUnsupported() throws Exception {
    try (LiveServerFixture live = new LiveServerFixture("demo.enabled", "true");
        Socket s = new Socket("127.0.0.1", live.server.rtspPort())) {
      live.awaitLive("demo", 2, 1, Duration.ofSeconds(15));
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(("DESCRIBE " + live.rtsp("demo") + " RTSP/1.0\r\nCSeq: 1\r\nAccept: application/sdp\r\n"
          + "Require: www.onvif.org/ver20/backchannel\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      StringBuilder b = new StringBuilder();
      while (!b.toString().endsWith("\r\n\r\n")) {
        int c = in.read();
        if (c < 0) {
          break;
        }
        b.append((char) c);
      }
      assertTrue(b.toString().startsWith("RTSP/1.0 551 Option not supported\r\n"), b.toString());
      assertTrue(b.toString().contains("Unsupported: www.onvif.org/ver20/backchannel\r\n"), b.toString());
    }
  }

  /** The one .au file in {@code dir} once its size field is completed (the session closed). */
  private static Path awaitCompletedFile(Path dir, String what) throws Exception {
    Path[] found = new Path[1];
    LiveServerFixture.awaitTrue(() -> {
      try (Stream<Path> s = Files.list(dir)) {
        for (Path p : s.filter(f -> f.toString().endsWith(".au")).toList()) {
          byte[] head = Files.readAllBytes(p);
          if (head.length >= 24 && ByteBuffer.wrap(head).getInt(8) != -1) {
            found[0] = p;
            return true;
          }
        }
        return false;
      } catch (java.io.IOException e) {
        return false;
      }
    }, Duration.ofSeconds(20), what + ": a completed .au file in " + dir);
    return found[0];
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
