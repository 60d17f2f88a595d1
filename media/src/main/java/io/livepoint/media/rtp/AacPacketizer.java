package io.livepoint.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.List;

/**
 * RFC 3640 AAC-hbr packetizer: one AAC frame per packet behind a one-entry AU header section, so no
 * frame waits for the next; a frame larger than the payload limit is fragmented (3.2.3), each fragment
 * carrying the whole frame's size, the marker on the last one.
 */
public final class AacPacketizer implements Packetizer {
  /** AU-headers-length (2) + one AAC-hbr AU header (2). */
  private static final int HEADERS = 4;
  private final int maxPayload;
  private final ByteBufAllocator alloc;

  public AacPacketizer(int maxPayload, ByteBufAllocator alloc) {
    if (maxPayload <= HEADERS) {
      throw new IllegalArgumentException("payload limit " + maxPayload + " too small");
    }
    this.maxPayload = maxPayload;
    this.alloc = alloc;
  }

  @Override
  public void packetize(AccessUnit au, List<RtpPacket> out) {
    ByteBuf frame = au.frame();
    int size = frame.readableBytes();
    if (size >= 1 << 13) {
      throw new IllegalArgumentException("AAC frame of " + size + " bytes exceeds the 13-bit AU-size");
    }
    int at = frame.readerIndex();
    int end = frame.writerIndex();
    do {
      int n = Math.min(maxPayload - HEADERS, end - at);
      ByteBuf header = alloc.buffer(HEADERS);
      header.writeShort(16); // AU-headers-length in bits
      header.writeShort(size << 3); // AU-size, AU-Index 0
      CompositeByteBuf p = alloc.compositeBuffer(2);
      p.addComponent(true, header);
      p.addComponent(true, frame.retainedSlice(at, n));
      at += n;
      out.add(RtpPacket.of(at == end, au.timestamp(), p));
    } while (at < end);
  }
}
