package io.livepoint.media.rtp;

import static io.livepoint.media.rtp.RtpHarness.ALLOC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Format details the real-data round trips do not reach. */
class PayloadDetailsTest {
  static ByteBuf nal(int... bytes) {
    ByteBuf b = Unpooled.buffer(bytes.length);
    for (int v : bytes) {
      b.writeByte(v);
    }
    return b;
  }

  @Test
  void parameterSetsGoAfterTheAccessUnitDelimiter() {
    byte[] sps = {0x67, 0x64, 0, 0x1f};
    byte[] pps = {0x68, (byte) 0xeb};
    AccessUnit au = new AccessUnit(0, true, false, List.of(nal(0x09, 0xf0), nal(0x65, 1, 2, 3)));
    List<RtpPacket> packets = new ArrayList<>();
    NalPacketizer.h264(List.of(sps, pps), 1200, ALLOC).packetize(au, packets);
    try (NalDepacketizer d = NalDepacketizer.h264(ALLOC)) {
      List<AccessUnit> out = new ArrayList<>();
      packets.forEach(p -> d.packet(p, false, out::add));
      assertEquals(1, packets.size(), "one STAP-A");
      assertEquals(H264.STAP_A, packets.get(0).payload().getByte(0) & 0x1f);
      assertEquals(List.of("09f0", "6764001f", "68eb", "65010203"),
          out.get(0).units().stream().map(ByteBufUtil::hexDump).toList());
      assertTrue(out.get(0).key());
      RtpHarness.releaseAll(out);
    } finally {
      packets.forEach(RtpPacket::release);
      au.release();
    }
  }

  @Test
  void fragmentWithoutItsStartIsDroppedAndFlagged() {
    ByteBuf big = Unpooled.buffer(3000);
    big.writeByte(0x65);
    for (int i = 1; i < 3000; i++) {
      big.writeByte(i);
    }
    AccessUnit au = new AccessUnit(0, true, false, List.of(big));
    List<RtpPacket> packets = new ArrayList<>();
    NalPacketizer.h264(List.of(), 1000, ALLOC).packetize(au, packets);
    AccessUnit next = new AccessUnit(3000, false, false, List.of(nal(0x41, 9, 9)));
    NalPacketizer.h264(List.of(), 1000, ALLOC).packetize(next, packets);
    assertEquals(5, packets.size(), "4 FU-A + 1 single NAL");
    try (NalDepacketizer d = NalDepacketizer.h264(ALLOC)) {
      List<AccessUnit> out = new ArrayList<>();
      for (int i = 1; i < packets.size(); i++) { // the FU start is lost
        d.packet(packets.get(i), i == 1, out::add);
      }
      assertEquals(1, out.size(), "the IDR is gone, the next frame arrives");
      assertTrue(out.get(0).discontinuity());
      assertFalse(out.get(0).key());
      assertEquals("410909", ByteBufUtil.hexDump(out.get(0).units().get(0)));
      RtpHarness.releaseAll(out);
    } finally {
      packets.forEach(RtpPacket::release);
      au.release();
      next.release();
    }
  }

  @Test
  void aacFramesLargerThanAPacketAreFragmented() {
    ByteBuf frame = Unpooled.buffer(2500);
    new Random(3).ints(2500).forEach(frame::writeByte);
    AccessUnit au = AccessUnit.of(1024, frame);
    List<RtpPacket> packets = new ArrayList<>();
    new AacPacketizer(1000, ALLOC).packetize(au, packets);
    assertEquals(3, packets.size());
    assertEquals(List.of(false, false, true), packets.stream().map(RtpPacket::marker).toList());
    try (AacDepacketizer d = new AacDepacketizer(Mpeg4Generic.AAC_HBR, 1024, ALLOC)) {
      List<AccessUnit> out = new ArrayList<>();
      packets.forEach(p -> d.packet(p, false, out::add));
      assertEquals(1, out.size());
      assertTrue(ByteBufUtil.equals(frame, out.get(0).frame()));
      // Middle fragment lost: nothing comes out, the next frame is flagged.
      d.packet(packets.get(0), false, out::add);
      d.packet(packets.get(2), true, out::add);
      assertEquals(1, out.size());
      RtpHarness.releaseAll(out);
    } finally {
      packets.forEach(RtpPacket::release);
      au.release();
    }
  }

  @Test
  void onvifMetadataDocuments() {
    SdpMedia sdp = SdpMedia.metadata(107, false);
    assertEquals("m=application 0 RTP/AVP 107", sdp.mediaLine(0, "RTP/AVP"));
    assertEquals(List.of("a=rtpmap:107 vnd.onvif.metadata/90000"), sdp.attributes());
    SdpMedia parsed = SdpMedia.parse(sdp.mediaLine(0, "RTP/AVP"), sdp.attributes());
    assertEquals(PayloadFormat.ONVIF_METADATA, parsed.format());
    List<AccessUnit> docs = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      String xml = "<tt:MetaDataStream xmlns:tt=\"http://www.onvif.org/ver10/schema\">" + "<tt:Event/>".repeat(100 * i)
          + "</tt:MetaDataStream>";
      docs.add(AccessUnit.of(i * 90000L, Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8)));
    }
    List<RtpPacket> packets = new ArrayList<>();
    Packetizer packetizer = sdp.packetizer(500, ALLOC);
    docs.forEach(d -> packetizer.packetize(d, packets));
    List<ByteBuf> wire = RtpHarness.wire(packets, 107, 1, 0, 1);
    RtpHarness.reorder(wire, 3, new Random(4));
    try (RtpReceiver rx = new RtpReceiver(parsed.depacketizer(ALLOC), 8)) {
      List<AccessUnit> got = RtpHarness.receive(wire, rx);
      try {
        assertEquals(docs.size(), got.size());
        for (int i = 0; i < docs.size(); i++) {
          assertEquals(docs.get(i).frame().toString(StandardCharsets.UTF_8), got.get(i).frame().toString(StandardCharsets.UTF_8));
          assertEquals(docs.get(i).timestamp(), got.get(i).timestamp());
        }
      } finally {
        RtpHarness.releaseAll(got);
      }
    } finally {
      RtpHarness.releaseAll(docs);
    }
  }

  @Test
  void newSsrcRestartsTheSequence() {
    try (RtpReceiver rx = new RtpReceiver(new AudioDepacketizer(), 4)) {
      List<AccessUnit> out = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        rx.receive(new RtpPacket(false, 0, 100 + i, i * 160L, 1, new int[0], RtpPacket.NO_EXTENSION, new byte[0], 0,
            Unpooled.buffer(1).writeByte(i)), out::add);
      }
      for (int i = 0; i < 6; i++) { // another source, an older sequence
        rx.receive(new RtpPacket(false, 0, 50 + i, 7000 + i * 160L, 2, new int[0], RtpPacket.NO_EXTENSION,
            new byte[0], 0, Unpooled.buffer(1).writeByte(10 + i)), out::add);
      }
      rx.flush(out::add);
      assertEquals(12, out.size(), "nothing of the new source is taken for late packets");
      assertEquals(0, rx.reorderBuffer().dropped());
      RtpHarness.releaseAll(out);
    }
  }
}
