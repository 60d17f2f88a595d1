package io.livepoint.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * H.264 (RFC 6184, packetization-mode 0 and 1) and H.265 (RFC 7798 without DONL) depacketizer: single NAL
 * units and aggregation packets become retained slices of the packet (no copy); fragmentation units
 * are reassembled into one buffer. A fragment after a loss, or one that does not continue the unit being
 * reassembled, drops that unit and flags the access unit. STAP-B, MTAP and FU-B (interleaved mode) and
 * PACI packets are not used by mode 1 and are dropped as malformed.
 */
public final class NalDepacketizer extends FrameDepacketizer {
  private final NalSyntax syntax;
  private ByteBuf fragment;

  public NalDepacketizer(NalSyntax syntax, ByteBufAllocator alloc) {
    super(alloc);
    this.syntax = syntax;
  }

  public static NalDepacketizer h264(ByteBufAllocator alloc) {
    return new NalDepacketizer(H264.SYNTAX, alloc);
  }

  public static NalDepacketizer h265(ByteBufAllocator alloc) {
    return new NalDepacketizer(H265.SYNTAX, alloc);
  }

  @Override
  protected void depacketize(RtpPacket p) {
    ByteBuf payload = p.payload();
    int h = syntax.headerSize();
    if (!payload.isReadable(h)) {
      throw new RtpFormatException("payload shorter than its NAL unit header");
    }
    if ((payload.getUnsignedByte(payload.readerIndex()) & 0x80) != 0) {
      throw new RtpFormatException("forbidden_zero_bit set");
    }
    int type = syntax.type(payload);
    if (type == syntax.aggregationType()) {
      aggregation(payload);
    } else if (type == syntax.fragmentType()) {
      fragmentationUnit(payload);
    } else if (syntax == H264.SYNTAX && type >= 1 && type <= 23
        || syntax == H265.SYNTAX && type < H265.AP) {
      if (fragment != null) {
        dropFragment(); // a fragmented unit without its end
        damaged();
      }
      add(payload.retainedSlice());
    } else {
      throw new RtpFormatException("payload type " + type + " is not used in packetization-mode 1");
    }
  }

  private void aggregation(ByteBuf payload) {
    int at = payload.readerIndex() + syntax.headerSize();
    int end = payload.writerIndex();
    // Check the whole packet first: a bad size drops all of it, not just its tail.
    int count = 0;
    for (int i = at; i < end; ) {
      if (end - i < 2) {
        throw new RtpFormatException("aggregation packet truncated in a size field");
      }
      int size = payload.getUnsignedShort(i);
      if (size < syntax.headerSize() || size > end - i - 2) {
        throw new RtpFormatException("aggregated NAL unit of " + size + " bytes does not fit the packet");
      }
      i += 2 + size;
      count++;
    }
    if (count == 0) {
      throw new RtpFormatException("empty aggregation packet");
    }
    for (int i = at; i < end; ) {
      int size = payload.getUnsignedShort(i);
      add(payload.retainedSlice(i + 2, size));
      i += 2 + size;
    }
  }

  private void fragmentationUnit(ByteBuf payload) {
    int headers = syntax.fragmentHeaderSize();
    if (!payload.isReadable(headers + 1)) {
      throw new RtpFormatException("fragmentation unit without data");
    }
    int fu = syntax.fuHeader(payload);
    boolean start = (fu & 0x80) != 0;
    boolean end = (fu & 0x40) != 0;
    if (start && end) {
      throw new RtpFormatException("fragmentation unit with both start and end bits");
    }
    if (start) {
      if (fragment != null) {
        dropFragment();
        damaged();
      }
      fragment = alloc.buffer(Math.max(4096, payload.readableBytes() * 4), MAX_ACCESS_UNIT);
      syntax.writeReassembledHeader(fragment, payload);
    } else if (fragment == null) {
      damaged(); // its start was lost
      return;
    }
    int data = payload.readableBytes() - headers;
    if (fragment.readableBytes() + data > MAX_ACCESS_UNIT) {
      throw new RtpFormatException("fragmented NAL unit larger than " + MAX_ACCESS_UNIT + " bytes");
    }
    fragment.writeBytes(payload, payload.readerIndex() + headers, data);
    if (end) {
      ByteBuf nal = fragment;
      fragment = null;
      add(nal);
    }
  }

  @Override
  protected boolean isKey(List<ByteBuf> units) {
    return syntax.containsKey(units);
  }

  @Override
  protected void dropFragment() {
    if (fragment != null) {
      fragment.release();
      fragment = null;
    }
  }

  @Override
  protected boolean fragmentPending() {
    return fragment != null;
  }
}
