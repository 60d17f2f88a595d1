package io.livepoint.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReceptionStatsTest {
  @Test
  void lossFractionAndWrap() {
    ReceptionStats s = new ReceptionStats(90000);
    // 65530..65535, 0..13 with 4 lost (65533, 2, 3, 9): 20 expected, 16 received.
    long t = 0;
    for (int seq = 65530; seq < 65536 + 14; seq++) {
      int q = seq & 0xffff;
      if (q == 65533 || q == 2 || q == 3 || q == 9) {
        continue;
      }
      s.packet(q, seq * 3000L, t);
      t += 33_333;
    }
    assertEquals(0x10000 + 13, s.extendedHighestSequence());
    assertEquals(4, s.cumulativeLost());
    RtcpPacket.ReportBlock b = s.reportBlock(0x42, t);
    assertEquals(4 * 256 / 20, b.fractionLost());
    assertEquals(4, b.cumulativeLost());
    // Nothing lost in the next interval.
    s.packet(14, 0, t);
    assertEquals(0, s.reportBlock(0x42, t).fractionLost());
  }

  @Test
  void jitterOfEvenlyPacedPacketsIsZeroAndGrowsWithVariation() {
    ReceptionStats even = new ReceptionStats(90000);
    ReceptionStats uneven = new ReceptionStats(90000);
    for (int i = 0; i < 100; i++) {
      even.packet(i, i * 3000L, i * 33_333L + 7);
      uneven.packet(i, i * 3000L, i * 33_333L + (i % 2 == 0 ? 0 : 10_000)); // 10 ms early/late: 900 ticks
    }
    assertEquals(0, even.jitter(), 1);
    assertEquals(900, uneven.jitter(), 60);
  }

  @Test
  void lastSenderReportAndDelay() {
    ReceptionStats s = new ReceptionStats(48000);
    s.packet(1, 0, 0);
    long ntp = NtpTime.fromUnixMicros(1_000_000_000_000L);
    s.senderReport(new RtcpPacket.SenderReport(9, ntp, 0, 1, 100, List.of()), 5_000_000);
    RtcpPacket.ReportBlock b = s.reportBlock(9, 5_500_000);
    assertEquals(NtpTime.middle32(ntp), b.lastSr());
    assertEquals(32768, b.delaySinceLastSr(), "half a second in 1/65536 s");
    // The block survives the wire.
    ByteBuf out = Unpooled.buffer();
    Rtcp.write(List.of(new RtcpPacket.ReceiverReport(1, List.of(b))), out);
    assertEquals(b, ((RtcpPacket.ReceiverReport) Rtcp.parse(out).get(0)).blocks().get(0));
  }
}
