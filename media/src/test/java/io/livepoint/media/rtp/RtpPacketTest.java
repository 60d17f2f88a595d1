package io.livepoint.media.rtp;

import static io.livepoint.media.rtp.RtpHarness.ALLOC;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

class RtpPacketTest {
  @Test
  void headerFieldsRoundTrip() {
    byte[] ext = new OnvifReplayExtension(NtpTime.fromUnixMicros(1_700_000_000_123_456L), true, false, true, false,
        0x42).bytes();
    RtpPacket p = new RtpPacket(true, 97, 65535, 0xfffffff0L, 0xdeadbeefL, new int[] {1, 2}, OnvifReplayExtension.PROFILE,
        ext, 4, Unpooled.wrappedBuffer(new byte[] {9, 8, 7}));
    ByteBuf wire = p.encode(ALLOC);
    try {
      // 12 fixed + 8 CSRC + 4 extension header + 12 extension + 3 payload + 4 padding
      assertEquals(43, wire.readableBytes());
      assertEquals(0xb2, wire.getUnsignedByte(0), "V=2, P, X, CC=2");
      assertEquals(0x80 | 97, wire.getUnsignedByte(1));
      assertEquals(4, wire.getUnsignedByte(42), "padding count");
      RtpPacket q = RtpPacket.parse(wire);
      try {
        assertTrue(q.marker());
        assertEquals(97, q.payloadType());
        assertEquals(65535, q.sequenceNumber());
        assertEquals(0xfffffff0L, q.timestamp());
        assertEquals(0xdeadbeefL, q.ssrc());
        assertArrayEquals(new int[] {1, 2}, q.csrcs());
        assertEquals("090807", ByteBufUtil.hexDump(q.payload()), "padding removed");
        OnvifReplayExtension onvif = OnvifReplayExtension.of(q);
        assertTrue(onvif.cleanPoint());
        assertTrue(onvif.discontinuity());
        assertFalse(onvif.end());
        assertEquals(0x42, onvif.cseq());
        assertEquals(1_700_000_000_123_456L, NtpTime.toUnixMicros(onvif.ntpTime()), 1.0);
        assertNull(JpegHeaderExtension.of(q));
      } finally {
        q.release();
      }
    } finally {
      wire.release();
      p.release();
    }
  }

  @Test
  void jpegExtensionAfterTheReplayExtension() {
    JpegHeaderExtension jpeg = JpegHeaderExtension.initial(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 3, 65});
    assertEquals(8, jpeg.data().length, "padded to whole words");
    assertEquals((byte) 0xff, jpeg.data()[7]);
    byte[] both = new OnvifReplayExtension(0, true, false, false, false, 1).bytesWith(jpeg.nested());
    RtpPacket p = RtpPacket.of(true, 0, OnvifReplayExtension.PROFILE, both, Unpooled.EMPTY_BUFFER);
    JpegHeaderExtension found = JpegHeaderExtension.of(p);
    assertTrue(found.initial());
    assertArrayEquals(jpeg.data(), found.data());
    assertTrue(OnvifReplayExtension.of(p).cleanPoint());
  }

  @Test
  void malformedPacketsRefused() {
    for (String hex : List.of("", "80", "8060000100000001000000", "4060000100000001000000010000", // short, version 1
        "8f6000010000000100000001", // 15 CSRCs missing
        "906000010000000100000001abac0005", // extension longer than the packet
        "a06000010000000100000001ff", // padding count larger than the payload
        "a060000100000001000000010000")) { // padding count 0
      ByteBuf b = Unpooled.wrappedBuffer(io.netty.buffer.ByteBufUtil.decodeHexDump(hex));
      assertThrows(RtpFormatException.class, () -> RtpPacket.parse(b), hex);
    }
  }

  @Test
  void sequenceAndTimestampWrap() {
    assertEquals(0, RtpSequence.next(65535));
    assertEquals(2, RtpSequence.delta(65535, 1));
    assertEquals(-2, RtpSequence.delta(1, 65535));
    assertTrue(RtpSequence.isNewer(65000, 10));
    assertFalse(RtpSequence.isNewer(10, 65000));
    assertEquals(0x20, RtpSequence.timestampDelta(0xfffffff0L, 0x10L));
    TimestampUnwrapper u = new TimestampUnwrapper();
    assertEquals(0xfffffff0L, u.unwrap(0xfffffff0L));
    assertEquals(0x100000010L, u.unwrap(0x10L), "past the wrap");
    assertEquals(0x100000008L, u.unwrap(0x8L), "a little back (B-frame)");
  }

  @Test
  void ntpTime() {
    long ntp = NtpTime.fromUnixMicros(0);
    assertEquals(NtpTime.UNIX_EPOCH_SECONDS, ntp >>> 32);
    assertEquals(0, ntp & 0xffffffffL);
    assertEquals(0x80000000L, NtpTime.fromUnixMicros(500_000) & 0xffffffffL, "half a second");
    assertEquals(123_456_789L, NtpTime.toUnixMicros(NtpTime.fromUnixMicros(123_456_789L)), 1.0);
  }

  @Test
  void rtcpCompoundRoundTrip() {
    long ntp = NtpTime.fromUnixMicros(1_700_000_000_000_000L);
    RtcpPacket.ReportBlock block = new RtcpPacket.ReportBlock(0x11, 12, -3, 70000, 45, NtpTime.middle32(ntp), 65536);
    List<RtcpPacket> packets = List.of(new RtcpPacket.SenderReport(0x1234, ntp, 90000, 10, 12000, List.of(block)),
        RtcpPacket.SourceDescription.cname(0x1234, "livepoint@host"),
        new RtcpPacket.ReceiverReport(0x99, List.of(block)), new RtcpPacket.Goodbye(List.of(0x1234L), "teardown"),
        new RtcpPacket.Other(RtcpPacket.APP, 1, new byte[] {0, 0, 0, 1, 'n', 'a', 'm', 'e'}));
    ByteBuf b = ALLOC.buffer();
    try {
      Rtcp.write(packets, b);
      assertTrue(Rtcp.isRtcp(b));
      assertEquals(0, b.readableBytes() % 4);
      List<RtcpPacket> parsed = Rtcp.parse(b);
      assertEquals(packets.size(), parsed.size());
      RtcpPacket.SenderReport sr = (RtcpPacket.SenderReport) parsed.get(0);
      assertEquals(packets.get(0), sr);
      assertEquals(-3, sr.blocks().get(0).cumulativeLost(), "24-bit signed");
      assertEquals("livepoint@host", ((RtcpPacket.SourceDescription) parsed.get(1)).chunks().get(0).cname());
      assertEquals(packets.get(2), parsed.get(2));
      assertEquals(packets.get(3), parsed.get(3));
      assertArrayEquals(((RtcpPacket.Other) packets.get(4)).body(), ((RtcpPacket.Other) parsed.get(4)).body());
      // The SR maps RTP time to wall clock: 45000 ticks later at 90 kHz is half a second later.
      assertEquals(1_700_000_000_500_000L, sr.unixMicrosAt(90000 + 45000, 90000));
      assertEquals(1_699_999_999_000_000L, sr.unixMicrosAt(0, 90000), "before the SR");
    } finally {
      b.release();
    }
  }

  @Test
  void malformedRtcpRefused() {
    for (String hex : List.of("", "81c8", "81c80006", "41c800010000000000000000", "81c8000600000001",
        "81ca000200001234" + "01ff00", "a1c80000")) {
      ByteBuf b = Unpooled.wrappedBuffer(io.netty.buffer.ByteBufUtil.decodeHexDump(hex));
      assertThrows(RtpFormatException.class, () -> Rtcp.parse(b), hex);
    }
  }
}
