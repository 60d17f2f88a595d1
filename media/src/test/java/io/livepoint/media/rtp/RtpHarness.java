package io.livepoint.media.rtp;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Test plumbing: send packetizer output "over the wire" (encode, reorder, drop) into a receiver. */
final class RtpHarness {
  static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

  private RtpHarness() {}

  /** Stamps and encodes the packets as a sender would; releases them. */
  static List<ByteBuf> wire(List<RtpPacket> packets, int pt, int firstSeq, long tsOffset, long ssrc) {
    List<ByteBuf> out = new ArrayList<>();
    int seq = firstSeq;
    for (RtpPacket p : packets) {
      RtpPacket s = p.stamped(pt, seq, tsOffset, ssrc);
      ByteBuf flat = ALLOC.buffer();
      s.writeTo(flat);
      out.add(flat);
      s.release();
      p.release();
      seq = RtpSequence.next(seq);
    }
    return out;
  }

  /** Swaps neighbours within a window of {@code depth} packets. */
  static void reorder(List<ByteBuf> datagrams, int depth, Random r) {
    for (int i = 0; i + depth < datagrams.size(); i += depth) {
      int a = i + r.nextInt(depth);
      int b = i + r.nextInt(depth);
      ByteBuf t = datagrams.get(a);
      datagrams.set(a, datagrams.get(b));
      datagrams.set(b, t);
    }
  }

  /** Parses datagrams into a receiver; releases them. Returns the access units (caller releases). */
  static List<AccessUnit> receive(List<ByteBuf> datagrams, RtpReceiver receiver) {
    List<AccessUnit> out = new ArrayList<>();
    for (ByteBuf d : datagrams) {
      RtpPacket p = RtpPacket.parse(d);
      d.release();
      receiver.receive(p, out::add);
    }
    receiver.flush(out::add);
    return out;
  }

  /** Length and CRC-32 of each unit: compares access units without hex-dumping megabytes. */
  static String hex(AccessUnit au) {
    StringBuilder s = new StringBuilder();
    for (ByteBuf u : au.units()) {
      s.append(digest(u));
    }
    return s.toString();
  }

  static String digest(ByteBuf u) {
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(u.nioBuffer());
    return u.readableBytes() + ":" + Long.toHexString(crc.getValue()) + "|";
  }

  static void assertSameUnits(AccessUnit expected, AccessUnit actual, String what) {
    assertEquals(expected.units().size(), actual.units().size(), what + ": unit count");
    for (int i = 0; i < expected.units().size(); i++) {
      assertEquals(ByteBufUtil.hexDump(expected.units().get(i)), ByteBufUtil.hexDump(actual.units().get(i)),
          what + ": unit " + i);
    }
  }

  static void releaseAll(List<AccessUnit> aus) {
    aus.forEach(AccessUnit::release);
  }
}
