package io.livepoint.media.rtp;

import io.netty.buffer.ByteBuf;

/** Reads big-endian bit fields from a byte range, failing with {@link RtpFormatException} past its end. */
final class BitReader {
  private final ByteBuf buf;
  private final int start;
  private final long limitBits;
  private long pos;

  BitReader(ByteBuf buf, int start, long limitBits) {
    this.buf = buf;
    this.start = start;
    this.limitBits = limitBits;
  }

  int read(int bits) {
    if (pos + bits > limitBits) {
      throw new RtpFormatException("bit field past the end");
    }
    int v = 0;
    for (int i = 0; i < bits; i++) {
      int b = buf.getUnsignedByte(start + (int) (pos >> 3));
      v = v << 1 | (b >> (7 - (int) (pos & 7))) & 1;
      pos++;
    }
    return v;
  }
}
