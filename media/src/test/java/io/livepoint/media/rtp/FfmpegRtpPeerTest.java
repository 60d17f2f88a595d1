package io.livepoint.media.rtp;

import static io.livepoint.media.rtp.RtpHarness.ALLOC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.media.cmaf.CmafHeader;
import io.livepoint.media.codec.AvcConfig;
import io.livepoint.media.codec.CodecConfig;
import io.livepoint.media.codec.HevcConfig;
import io.livepoint.media.codec.OpusConfig;
import io.livepoint.testkit.Tools;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import java.awt.image.BufferedImage;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FFmpeg as a real RTP sender ({@code -f rtp -sdp_file}): its SDP is parsed with {@link SdpMedia}, its
 * packets captured on a UDP socket and depacketized, and the access units muxed to CMAF that ffprobe
 * reads back with the frame count FFmpeg encoded.
 */
class FfmpegRtpPeerTest {
  @TempDir
  Path tmp;

  record Capture(SdpMedia sdp, List<AccessUnit> aus, long malformed, long lost, String lastError) {}

  Capture capture(String... encode) throws Exception {
    String ffmpeg = Tools.require("ffmpeg");
    try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
      socket.setReceiveBufferSize(8 << 20);
      socket.setSoTimeout(300);
      Path sdpFile = tmp.resolve("peer.sdp");
      List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-y"));
      cmd.addAll(List.of(encode));
      cmd.addAll(List.of("-f", "rtp", "-sdp_file", sdpFile.toString(),
          "rtp://127.0.0.1:" + socket.getLocalPort() + "?pkt_size=1200"));
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(tmp.resolve("ffmpeg.log").toFile())
          .start();
      List<ByteBuf> datagrams = new ArrayList<>();
      byte[] buf = new byte[65536];
      try {
        while (true) {
          DatagramPacket d = new DatagramPacket(buf, buf.length);
          try {
            socket.receive(d);
          } catch (SocketTimeoutException e) {
            if (!p.isAlive()) {
              break;
            }
            continue;
          }
          ByteBuf b = ALLOC.buffer(d.getLength());
          b.writeBytes(buf, 0, d.getLength());
          datagrams.add(b);
        }
        assertEquals(0, p.waitFor(), Files.readString(tmp.resolve("ffmpeg.log")));
        SdpMedia sdp = parseSdp(Files.readAllLines(sdpFile));
        try (RtpReceiver rx = new RtpReceiver(sdp.depacketizer(ALLOC), 32)) {
          List<AccessUnit> aus = RtpHarness.receive(datagrams, rx);
          datagrams.clear();
          return new Capture(sdp, aus, rx.depacketizer().malformed(), rx.reorderBuffer().lost(), rx.depacketizer().lastError());
        }
      } finally {
        datagrams.forEach(ByteBuf::release);
        p.destroy();
      }
    }
  }

  /** The first media description of an SDP file. */
  static SdpMedia parseSdp(List<String> lines) {
    String m = null;
    List<String> attributes = new ArrayList<>();
    for (String l : lines) {
      if (l.startsWith("m=")) {
        if (m != null) {
          break;
        }
        m = l;
      } else if (m != null) {
        attributes.add(l);
      }
    }
    assertNotNull(m, "SDP has a media description: " + lines);
    return SdpMedia.parse(m, attributes);
  }

  String probe(CodecConfig config, List<AccessUnit> aus) throws Exception {
    Path file = tmp.resolve("out.mp4");
    List<ByteBuf> parts = new ArrayList<>();
    try (CmafTrackSink sink = new CmafTrackSink(config, 1, ALLOC)) {
      parts.add(sink.header());
      CmafHeader.parse(parts.get(0));
      for (AccessUnit au : aus) {
        sink.add(new AccessUnit(au.timestamp(), au.key(), false, au.units().stream().map(ByteBuf::retainedSlice).toList()));
        if (sink.pending() >= 20) {
          parts.add(sink.fragment(null));
        }
      }
      parts.add(sink.finish(null));
      try (var out = Files.newOutputStream(file)) {
        for (ByteBuf b : parts) {
          b.getBytes(b.readerIndex(), out, b.readableBytes());
        }
      }
    } finally {
      parts.forEach(ByteBuf::release);
    }
    Process p = new ProcessBuilder(Tools.require("ffprobe"), "-v", "error", "-count_frames", "-show_entries",
        "stream=codec_name,width,height,nb_read_frames,sample_rate,channels", "-of", "default=nw=1", file.toString())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
    return out;
  }

  static String field(String out, String name) {
    return CmafRtpRoundTripTest.field(out, name);
  }

  void clean(Capture c) {
    assertEquals(0, c.malformed(), "malformed packets: " + c.lastError());
    assertEquals(0, c.lost(), "lost packets on loopback");
    assertTrue(c.aus().stream().noneMatch(AccessUnit::discontinuity));
  }

  @Test
  void h264() throws Exception {
    Capture c = capture("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=25", "-t", "2", "-c:v", "libx264",
        "-g", "25", "-x264-params", "slice-max-size=600");
    try {
      clean(c);
      assertEquals(PayloadFormat.H264, c.sdp().format());
      assertEquals(50, c.aus().size());
      assertTrue(c.aus().get(0).key());
      assertEquals(2, c.aus().stream().filter(AccessUnit::key).count(), "an IDR per second");
      // FFmpeg's SDP has no sprop-parameter-sets here (x264 writes them in-band): taken from the IDR.
      assertTrue(c.sdp().parameterSets().isEmpty());
      CodecConfig config = c.sdp().codecConfig(c.aus().get(0));
      assertTrue(config instanceof AvcConfig);
      String out = probe(config, c.aus());
      assertEquals("h264", field(out, "codec_name"), out);
      assertEquals("320", field(out, "width"), out);
      assertEquals("240", field(out, "height"), out);
      assertEquals("50", field(out, "nb_read_frames"), out);
    } finally {
      RtpHarness.releaseAll(c.aus());
    }
  }

  @Test
  void h265() throws Exception {
    Capture c = capture("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-t", "2", "-c:v", "libx265",
        "-x265-params", "keyint=25:log-level=error");
    try {
      clean(c);
      assertEquals(PayloadFormat.H265, c.sdp().format());
      assertEquals(50, c.aus().size());
      assertTrue(c.aus().get(0).key());
      CodecConfig config = c.sdp().codecConfig(c.aus().get(0));
      assertTrue(config instanceof HevcConfig);
      String out = probe(config, c.aus());
      assertEquals("hevc", field(out, "codec_name"), out);
      assertEquals("640", field(out, "width"), out);
      assertEquals("360", field(out, "height"), out);
      assertEquals("50", field(out, "nb_read_frames"), out);
    } finally {
      RtpHarness.releaseAll(c.aus());
    }
  }

  @Test
  void aac() throws Exception {
    // FFmpeg aggregates several AAC frames per packet: the multi-AU path of the depacketizer.
    Capture c = capture("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "2", "-c:a", "aac",
        "-ac", "2");
    try {
      clean(c);
      assertEquals(PayloadFormat.AAC, c.sdp().format());
      assertEquals(48000, c.sdp().clockRate());
      List<AccessUnit> aus = c.aus();
      assertTrue(aus.size() >= 93, "2 s of 1024-sample frames: " + aus.size());
      for (int i = 1; i < aus.size(); i++) {
        assertEquals(1024, aus.get(i).timestamp() - aus.get(i - 1).timestamp(), "frame " + i);
      }
      String out = probe(c.sdp().audioConfig(), aus);
      assertEquals("aac", field(out, "codec_name"), out);
      assertEquals("48000", field(out, "sample_rate"), out);
      assertEquals("2", field(out, "channels"), out);
      assertEquals(Integer.toString(aus.size()), field(out, "nb_read_frames"), out);
    } finally {
      RtpHarness.releaseAll(c.aus());
    }
  }

  @Test
  void opus() throws Exception {
    Capture c = capture("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "2", "-c:a", "libopus",
        "-ac", "2");
    try {
      clean(c);
      assertEquals(PayloadFormat.OPUS, c.sdp().format());
      assertTrue(c.aus().size() >= 100, "2 s of 20 ms packets: " + c.aus().size());
      for (int i = 1; i < c.aus().size(); i++) {
        assertEquals(960, c.aus().get(i).timestamp() - c.aus().get(i - 1).timestamp());
      }
      String out = probe(new OpusConfig(2, 312, 48000, 0, 0), c.aus());
      assertEquals("opus", field(out, "codec_name"), out);
      assertEquals(Integer.toString(c.aus().size()), field(out, "nb_read_frames"), out);
    } finally {
      RtpHarness.releaseAll(c.aus());
    }
  }

  @Test
  void pcmu() throws Exception {
    Capture c = capture("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=8000", "-t", "2", "-c:a", "pcm_mulaw",
        "-ac", "1");
    try {
      clean(c);
      assertEquals(PayloadFormat.PCMU, c.sdp().format());
      assertEquals(0, c.sdp().payloadType());
      long samples = c.aus().stream().mapToLong(AccessUnit::size).sum();
      assertEquals(16000, samples, "2 s at 8 kHz, one byte per sample");
      long t0 = c.aus().get(0).timestamp();
      long at = 0;
      for (AccessUnit au : c.aus()) {
        assertEquals(at, au.timestamp() - t0, "timestamps count samples");
        at += au.size();
      }
    } finally {
      RtpHarness.releaseAll(c.aus());
    }
  }

  @Test
  void mjpeg() throws Exception {
    Capture c = capture("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=10", "-t", "2", "-c:v", "mjpeg",
        "-pix_fmt", "yuvj420p", "-q:v", "5", "-huffman", "default");
    try {
      clean(c);
      assertEquals(PayloadFormat.JPEG, c.sdp().format());
      assertEquals(20, c.aus().size());
      for (AccessUnit au : c.aus()) {
        BufferedImage img = ImageIO.read(new ByteBufInputStream(au.frame().duplicate()));
        assertNotNull(img, "the rebuilt JPEG decodes");
        assertEquals(320, img.getWidth());
        assertEquals(240, img.getHeight());
        assertFalse(isFlat(img), "the decoded picture has content");
      }
    } finally {
      RtpHarness.releaseAll(c.aus());
    }
  }

  static boolean isFlat(BufferedImage img) {
    int first = img.getRGB(0, 0);
    for (int y = 0; y < img.getHeight(); y += 7) {
      for (int x = 0; x < img.getWidth(); x += 7) {
        if (img.getRGB(x, y) != first) {
          return false;
        }
      }
    }
    return true;
  }
}
