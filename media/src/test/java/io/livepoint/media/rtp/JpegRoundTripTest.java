package io.livepoint.media.rtp;

import static io.livepoint.media.rtp.RtpHarness.ALLOC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.testkit.Tools;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.imageio.ImageIO;
import javax.imageio.plugins.jpeg.JPEGHuffmanTable;
import javax.imageio.plugins.jpeg.JPEGQTable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * JPEG images from FFmpeg through the RFC 2435 packetizer and depacketizer: the rebuilt image decodes to
 * the very same pixels. Large (over 2040 pixels) and odd-sized images and non-standard Huffman tables
 * travel with ONVIF's JPEG header extension.
 */
class JpegRoundTripTest {
  @TempDir
  Path tmp;

  byte[] encode(String size, String... extra) throws Exception {
    Path out = tmp.resolve("img.jpg");
    List<String> cmd = new ArrayList<>(List.of(Tools.require("ffmpeg"), "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", "testsrc2=size=" + size + ":rate=1", "-frames:v", "1", "-c:v", "mjpeg", "-q:v", "4"));
    cmd.addAll(List.of(extra));
    cmd.add(out.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), log);
    return Files.readAllBytes(out);
  }

  /** Packetizes, shuffles a little, depacketizes. */
  static ByteBuf roundTrip(byte[] jpeg, long ts, Random r) {
    ByteBuf in = Unpooled.wrappedBuffer(jpeg);
    AccessUnit au = AccessUnit.of(ts, in);
    List<RtpPacket> packets = new ArrayList<>();
    new JpegPacketizer(1200, ALLOC).packetize(au, packets);
    assertTrue(packets.stream().allMatch(p -> p.payload().readableBytes() <= 1200));
    List<ByteBuf> wire = RtpHarness.wire(packets, 26, 100, 0, 7);
    RtpHarness.reorder(wire, 3, r);
    try (RtpReceiver rx = new RtpReceiver(new JpegDepacketizer(ALLOC), 8)) {
      List<AccessUnit> out = RtpHarness.receive(wire, rx);
      assertEquals(1, out.size(), "one frame; dropped: " + rx.depacketizer().lastError());
      au.release();
      return out.get(0).frame();
    }
  }

  static BufferedImage decode(byte[] b) throws Exception {
    return ImageIO.read(new java.io.ByteArrayInputStream(b));
  }

  static BufferedImage decode(ByteBuf b) throws Exception {
    return ImageIO.read(new ByteBufInputStream(b.duplicate()));
  }

  static void assertSamePixels(BufferedImage a, BufferedImage b) {
    assertEquals(a.getWidth(), b.getWidth());
    assertEquals(a.getHeight(), b.getHeight());
    for (int y = 0; y < a.getHeight(); y += 3) {
      for (int x = 0; x < a.getWidth(); x += 3) {
        assertEquals(a.getRGB(x, y), b.getRGB(x, y), "pixel " + x + "," + y);
      }
    }
  }

  @Test
  void standardTablesDecodeIdentically() throws Exception {
    for (String pix : List.of("yuvj420p")) {
      byte[] jpeg = encode("640x360", "-pix_fmt", pix, "-huffman", "default");
      JpegFrame f = JpegFrame.parse(Unpooled.wrappedBuffer(jpeg));
      assertEquals(pix.equals("yuvj420p") ? Jpeg.TYPE_420 : Jpeg.TYPE_422, f.type());
      assertEquals(0, f.huffman().length, "FFmpeg's default tables are the standard ones");
      ByteBuf out = roundTrip(jpeg, 90000, new Random(1));
      try {
        assertSamePixels(decode(jpeg), decode(out));
      } finally {
        out.release();
      }
    }
  }

  @Test
  void largeOddSizedOptimalHuffmanUsesTheOnvifExtension() throws Exception {
    byte[] jpeg = encode("4100x2166", "-pix_fmt", "yuvj420p", "-huffman", "optimal");
    JpegFrame f = JpegFrame.parse(Unpooled.wrappedBuffer(jpeg));
    assertTrue(f.needsSofExtension());
    assertTrue(f.huffman().length > 0, "optimal tables are not the standard ones");
    List<RtpPacket> packets = new ArrayList<>();
    ByteBuf in = Unpooled.wrappedBuffer(jpeg);
    new JpegPacketizer(1400, ALLOC).packetize(AccessUnit.of(0, in), packets);
    try {
      assertEquals(JpegHeaderExtension.PROFILE_INITIAL, packets.get(0).extensionProfile());
      assertTrue(packets.stream().skip(1).noneMatch(RtpPacket::hasExtension));
      assertEquals(0, packets.get(0).payload().getUnsignedByte(6), "width/8 cannot say 4100");
    } finally {
      packets.forEach(RtpPacket::release);
    }
    ByteBuf out = roundTrip(jpeg, 0, new Random(2));
    try {
      BufferedImage img = decode(out);
      assertNotNull(img);
      assertEquals(4100, img.getWidth());
      assertEquals(2166, img.getHeight());
      assertSamePixels(decode(jpeg), img);
    } finally {
      out.release();
    }
  }

  @Test
  void restartIntervalTravelsInTheRestartHeader() throws Exception {
    byte[] jpeg = encode("320x240", "-pix_fmt", "yuvj420p", "-huffman", "default");
    // Put a DRI segment in front of the SOS: the packetizer must use type 65 and the restart header.
    int sos = indexOf(jpeg, (byte) 0xff, (byte) Jpeg.SOS);
    byte[] dri = {(byte) 0xff, (byte) Jpeg.DRI, 0, 4, 0, 40};
    byte[] withDri = new byte[jpeg.length + dri.length];
    System.arraycopy(jpeg, 0, withDri, 0, sos);
    System.arraycopy(dri, 0, withDri, sos, dri.length);
    System.arraycopy(jpeg, sos, withDri, sos + dri.length, jpeg.length - sos);
    JpegFrame f = JpegFrame.parse(Unpooled.wrappedBuffer(withDri));
    assertEquals(Jpeg.TYPE_420 + Jpeg.TYPE_RESTART, f.type());
    assertEquals(40, f.restartInterval());
    ByteBuf out = roundTrip(withDri, 0, new Random(3));
    try {
      byte[] b = new byte[out.readableBytes()];
      out.getBytes(out.readerIndex(), b);
      int at = indexOf(b, (byte) 0xff, (byte) Jpeg.DRI);
      assertTrue(at > 0, "the rebuilt image has a DRI");
      assertEquals(40, (b[at + 4] & 0xff) << 8 | (b[at + 5] & 0xff));
      // Same scan bytes as the source.
      int scan = f.scanOffset();
      byte[] src = java.util.Arrays.copyOfRange(withDri, scan, scan + f.scanLength());
      int outSos = indexOf(b, (byte) 0xff, (byte) Jpeg.SOS);
      byte[] got = java.util.Arrays.copyOfRange(b, outSos + 14, outSos + 14 + src.length);
      assertArrayEquals(src, got);
    } finally {
      out.release();
    }
  }

  @Test
  void qFactorTablesFollowRfc2435() {
    // Q=50 is the Annex K table itself; the tables in the DQT are in zig-zag order.
    byte[] t = Jpeg.scaledTables(50);
    assertEquals(16, t[0]);
    assertEquals(11, t[1]);
    assertEquals(12, t[2]);
    assertEquals(99, t[63] & 0xff);
    assertEquals(17, t[64]);
    byte[] t10 = Jpeg.scaledTables(10);
    assertEquals(80, t10[0] & 0xff, "Q 10 scales by 5000/10 %");
    assertEquals(255, t10[63] & 0xff, "clamped");
  }

  @Test
  void standardTablesMatchTheJdk() {
    assertArrayEquals(JPEGQTable.K1Luminance.getTable(), Jpeg.LUMA_Q);
    assertArrayEquals(JPEGQTable.K2Chrominance.getTable(), Jpeg.CHROMA_Q);
    check(JPEGHuffmanTable.StdDCLuminance, Jpeg.DC_LUMA_BITS, Jpeg.DC_LUMA_VALUES);
    check(JPEGHuffmanTable.StdACLuminance, Jpeg.AC_LUMA_BITS, Jpeg.AC_LUMA_VALUES);
    check(JPEGHuffmanTable.StdDCChrominance, Jpeg.DC_CHROMA_BITS, Jpeg.DC_CHROMA_VALUES);
    check(JPEGHuffmanTable.StdACChrominance, Jpeg.AC_CHROMA_BITS, Jpeg.AC_CHROMA_VALUES);
  }

  @Test
  void notRfc2435Refused() throws Exception {
    byte[] grey = encode("64x64", "-pix_fmt", "gray");
    assertThrows(RtpFormatException.class, () -> JpegFrame.parse(Unpooled.wrappedBuffer(grey)));
    // FFmpeg codes 4:2:2 as Y 2x2 and chroma 1x2 sampling factors: not RFC 2435 type 0 (Y 2x1, chroma 1x1).
    byte[] yuv422 = encode("64x64", "-pix_fmt", "yuvj422p");
    assertThrows(RtpFormatException.class, () -> JpegFrame.parse(Unpooled.wrappedBuffer(yuv422)));
    byte[] yuv444 = encode("64x64", "-pix_fmt", "yuvj444p");
    assertThrows(RtpFormatException.class, () -> JpegFrame.parse(Unpooled.wrappedBuffer(yuv444)));
    assertThrows(RtpFormatException.class, () -> JpegFrame.parse(Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4})));
  }

  private static void check(JPEGHuffmanTable t, byte[] bits, byte[] values) {
    short[] l = t.getLengths();
    short[] v = t.getValues();
    assertEquals(l.length, bits.length);
    for (int i = 0; i < l.length; i++) {
      assertEquals(l[i], bits[i] & 0xff);
    }
    assertEquals(v.length, values.length);
    for (int i = 0; i < v.length; i++) {
      assertEquals(v[i], values[i] & 0xff);
    }
  }

  static int indexOf(byte[] b, byte x, byte y) {
    for (int i = 0; i + 1 < b.length; i++) {
      if (b[i] == x && b[i + 1] == y) {
        return i;
      }
    }
    return -1;
  }
}
