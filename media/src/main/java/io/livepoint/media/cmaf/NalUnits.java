package io.livepoint.media.cmaf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * AVC/HEVC samples in ISOBMFF are NAL units each behind a big-endian length of 1, 2 or 4 bytes
 * (ISO/IEC 14496-15 5.3.2). Converts between that form and NAL unit slices without copying.
 */
public final class NalUnits {
  private NalUnits() {}

  /**
   * The NAL units of a sample as retained slices of it ({@code sample} unchanged). The caller releases
   * each one.
   *
   * @throws CmafException MALFORMED when a length overruns the sample
   */
  public static List<ByteBuf> split(ByteBuf sample, int lengthSize) throws CmafException {
    if (lengthSize != 1 && lengthSize != 2 && lengthSize != 4) {
      throw new IllegalArgumentException("NAL unit length size " + lengthSize);
    }
    int at = sample.readerIndex();
    int end = sample.writerIndex();
    // Check first, so that a bad sample yields nothing to release.
    for (int i = at; i < end; ) {
      long n = length(sample, i, lengthSize, end);
      i += lengthSize + (int) n;
    }
    List<ByteBuf> out = new ArrayList<>();
    for (int i = at; i < end; ) {
      int n = (int) length(sample, i, lengthSize, end);
      out.add(sample.retainedSlice(i + lengthSize, n));
      i += lengthSize + n;
    }
    return out;
  }

  private static long length(ByteBuf b, int i, int lengthSize, int end) throws CmafException {
    if (end - i < lengthSize) {
      throw CmafException.malformed("NAL unit length truncated");
    }
    long n = switch (lengthSize) {
      case 1 -> b.getUnsignedByte(i);
      case 2 -> b.getUnsignedShort(i);
      default -> b.getUnsignedInt(i);
    };
    if (n > end - i - lengthSize) {
      throw CmafException.malformed("NAL unit of " + n + " bytes overruns the sample");
    }
    return n;
  }

  /**
   * A sample made of NAL units, each behind a 4-byte length: a composite of new length fields and
   * retained slices of the units (no copy). The caller owns the result; the units stay the caller's.
   */
  public static ByteBuf lengthPrefixed(List<ByteBuf> nals, ByteBufAllocator alloc) {
    CompositeByteBuf out = alloc.compositeBuffer(Math.max(2, nals.size() * 2));
    for (ByteBuf n : nals) {
      ByteBuf len = alloc.buffer(4);
      len.writeInt(n.readableBytes());
      out.addComponent(true, len);
      out.addComponent(true, n.retainedSlice());
    }
    return out;
  }
}
