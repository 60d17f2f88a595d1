package io.livepoint.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ReorderBufferTest {
  static RtpPacket packet(int seq) {
    return new RtpPacket(false, 96, seq, 0, 1, new int[0], RtpPacket.NO_EXTENSION, new byte[0], 0,
        Unpooled.buffer(1).writeByte(seq));
  }

  /** Offers sequence numbers, returns what came out as "seq" or "!seq" (after a loss). */
  static List<String> run(ReorderBuffer b, int... seqs) {
    List<String> out = new ArrayList<>();
    ReorderBuffer.Sink sink = (p, loss) -> out.add((loss ? "!" : "") + p.sequenceNumber());
    for (int s : seqs) {
      b.offer(packet(s), sink);
    }
    b.flush(sink);
    return out;
  }

  @Test
  void reordersAcrossTheWrap() {
    ReorderBuffer b = new ReorderBuffer(4);
    assertEquals(List.of("65534", "65535", "0", "1", "2", "3"), run(b, 65535, 65534, 1, 0, 3, 2));
    assertEquals(0, b.lost());
  }

  @Test
  void gapDeclaredLostWhenFull() {
    ReorderBuffer b = new ReorderBuffer(2);
    assertEquals(List.of("10", "11", "!13", "14", "15", "16"), run(b, 10, 11, 13, 14, 15, 12, 16));
    assertEquals(1, b.lost());
    assertEquals(1, b.dropped(), "12 came too late");
  }

  @Test
  void duplicatesDropped() {
    ReorderBuffer b = new ReorderBuffer(4);
    assertEquals(List.of("1", "2", "3"), run(b, 1, 2, 2, 1, 3, 3));
    assertEquals(3, b.dropped());
  }

  @Test
  void senderRestartIsALossNotAStall() {
    ReorderBuffer b = new ReorderBuffer(4);
    assertEquals(List.of("100", "101", "!40000", "40001"), run(b, 100, 101, 40000, 40001));
  }

  @Test
  void noReorderingWithZeroCapacity() {
    ReorderBuffer b = new ReorderBuffer(0);
    assertEquals(List.of("5", "!7", "8"), run(b, 5, 7, 6, 8));
  }
}
