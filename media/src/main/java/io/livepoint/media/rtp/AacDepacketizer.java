package io.livepoint.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;

/**
 * RFC 3640 mpeg4-generic depacketizer for AAC (AAC-hbr or AAC-lbr AU headers): several frames per
 * packet become retained slices timed {@code frameLength} apart (index deltas honoured), a fragmented
 * frame is reassembled. A lost fragment drops its frame; the next frame is flagged as a discontinuity.
 */
public final class AacDepacketizer implements Depacketizer {
  private final Mpeg4Generic params;
  private final int frameLength;
  private final ByteBufAllocator alloc;
  private ByteBuf fragment;
  private int fragmentSize;
  private long fragmentTs;
  private boolean damaged;
  private long malformed;
  private String lastError;

  /** @param frameLength samples per AAC frame (1024, or 960 with frameLengthFlag) */
  public AacDepacketizer(Mpeg4Generic params, int frameLength, ByteBufAllocator alloc) {
    this.params = params;
    this.frameLength = frameLength;
    this.alloc = alloc;
  }

  @Override
  public void packet(RtpPacket p, boolean afterLoss, Consumer<AccessUnit> out) {
    if (afterLoss) {
      dropFragment();
      damaged = true;
    }
    try {
      read(p, out);
    } catch (RtpFormatException | IndexOutOfBoundsException e) {
      malformed++;
      lastError = e.getMessage();
      dropFragment();
      damaged = true;
    }
  }

  private void read(RtpPacket p, Consumer<AccessUnit> out) {
    ByteBuf b = p.payload();
    if (!b.isReadable(2)) {
      throw new RtpFormatException("mpeg4-generic payload without AU-headers-length");
    }
    int headerBits = b.getUnsignedShort(b.readerIndex());
    int headerBytes = (headerBits + 7) / 8;
    int dataAt = b.readerIndex() + 2 + headerBytes;
    if (headerBits == 0 || dataAt > b.writerIndex()) {
      throw new RtpFormatException("AU header section of " + headerBits + " bits does not fit the packet");
    }
    int count = countHeaders(headerBits);
    int[] sizes = new int[count];
    int[] deltas = new int[count];
    BitReader r = new BitReader(b, b.readerIndex() + 2, headerBits);
    long total = 0;
    for (int i = 0; i < count; i++) {
      sizes[i] = r.read(params.sizeLength());
      deltas[i] = i == 0 ? 0 : r.read(params.indexDeltaLength());
      if (i == 0) {
        r.read(params.indexLength());
      }
      total += sizes[i];
    }
    int available = b.writerIndex() - dataAt;
    if (fragment != null && (count != 1 || sizes[0] != fragmentSize || p.timestamp() != fragmentTs)) {
      dropFragment(); // the rest of a fragmented frame was lost
      damaged = true;
    }
    if (fragment != null || count == 1 && sizes[0] > available) {
      fragment(p, sizes[0], dataAt, available, count, out);
      return;
    }
    if (total > available) {
      throw new RtpFormatException("AU sizes of " + total + " bytes exceed the " + available + " data bytes");
    }
    long ts = p.timestamp();
    int at = dataAt;
    for (int i = 0; i < count; i++) {
      ts += (long) (i == 0 ? 0 : deltas[i] + 1) * frameLength;
      emit(ts & 0xffffffffL, b.retainedSlice(at, sizes[i]), out);
      at += sizes[i];
    }
  }

  private int countHeaders(int bits) {
    int first = params.headerBits(true);
    int later = params.headerBits(false);
    if (bits < first || (bits - first) % later != 0) {
      throw new RtpFormatException("AU-headers-length " + bits + " is not a whole number of AU headers");
    }
    return 1 + (bits - first) / later;
  }

  private void fragment(RtpPacket p, int size, int dataAt, int available, int count, Consumer<AccessUnit> out) {
    ByteBuf b = p.payload();
    if (count != 1) {
      throw new RtpFormatException("a fragment must be alone in its packet");
    }
    if (fragment == null) {
      fragment = alloc.buffer(size);
      fragmentSize = size;
      fragmentTs = p.timestamp();
    }
    if (fragment.readableBytes() + available > fragmentSize) {
      throw new RtpFormatException("fragments exceed the AU-size " + fragmentSize);
    }
    fragment.writeBytes(b, dataAt, available);
    if (p.marker() || fragment.readableBytes() == fragmentSize) {
      ByteBuf frame = fragment;
      fragment = null;
      if (frame.readableBytes() != fragmentSize) {
        frame.release();
        throw new RtpFormatException("AU ended at " + frame.readableBytes() + " of " + fragmentSize + " bytes");
      }
      emit(fragmentTs, frame, out);
    }
  }

  private void emit(long ts, ByteBuf frame, Consumer<AccessUnit> out) {
    AccessUnit au = new AccessUnit(ts, true, damaged, java.util.List.of(frame));
    damaged = false;
    out.accept(au);
  }

  private void dropFragment() {
    if (fragment != null) {
      fragment.release();
      fragment = null;
    }
  }

  @Override
  public String lastError() {
    return lastError;
  }

  @Override
  public long malformed() {
    return malformed;
  }

  @Override
  public void close() {
    dropFragment();
  }
}
