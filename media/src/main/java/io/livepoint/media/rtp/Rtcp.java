package io.livepoint.media.rtp;

import io.netty.buffer.ByteBuf;
import java.util.List;

/** Compound RTCP packets (RFC 3550 6.1): parse and write. */
public final class Rtcp {
  private Rtcp() {}

  /**
   * Parses the readable bytes of {@code datagram} (left unchanged, not released).
   *
   * @throws RtpFormatException when a packet header, length or body is invalid
   */
  public static List<RtcpPacket> parse(ByteBuf datagram) {
    return RtcpPacket.parseCompound(datagram);
  }

  /** Appends the packets of a compound packet to {@code out}. */
  public static void write(List<? extends RtcpPacket> packets, ByteBuf out) {
    RtcpPacket.writeCompound(packets, out);
  }

  /**
   * Whether a datagram on a shared port (RFC 5761 multiplexing, or an interleaved channel) is RTCP:
   * packet types 192..223 collide with no RTP payload type in use.
   */
  public static boolean isRtcp(ByteBuf datagram) {
    if (datagram.readableBytes() < 2) {
      return false;
    }
    int pt = datagram.getUnsignedByte(datagram.readerIndex() + 1);
    return pt >= 192 && pt <= 223;
  }
}
