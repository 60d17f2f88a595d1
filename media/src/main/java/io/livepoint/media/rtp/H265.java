package io.livepoint.media.rtp;

import io.netty.buffer.ByteBuf;
import java.util.List;

/** H.265 NAL unit types (ITU-T H.265 Table 7-1) and RFC 7798 payload structures: the wire constants. */
public final class H265 implements NalSyntax {
  public static final H265 SYNTAX = new H265();

  /** IRAP pictures: BLA_W_LP (16) .. RSV_IRAP_VCL23 (23). */
  public static final int NAL_BLA_W_LP = 16;
  public static final int NAL_RSV_IRAP_23 = 23;
  public static final int NAL_VPS = 32;
  public static final int NAL_SPS = 33;
  public static final int NAL_PPS = 34;
  public static final int NAL_AUD = 35;
  /** RFC 7798 4.4 payload types. */
  public static final int AP = 48;
  public static final int FU = 49;
  public static final int PACI = 50;
  public static final String ENCODING = "H265";
  public static final int CLOCK_RATE = 90000;

  private H265() {}

  @Override
  public int headerSize() {
    return 2;
  }

  @Override
  public int type(ByteBuf nal) {
    return (nal.getUnsignedByte(nal.readerIndex()) >> 1) & 0x3f;
  }

  @Override
  public boolean isKey(int type) {
    return type >= NAL_BLA_W_LP && type <= NAL_RSV_IRAP_23;
  }

  @Override
  public boolean isParameterSet(int type) {
    return type == NAL_VPS || type == NAL_SPS || type == NAL_PPS;
  }

  @Override
  public boolean isDelimiter(int type) {
    return type == NAL_AUD;
  }

  @Override
  public int aggregationType() {
    return AP;
  }

  @Override
  public int fragmentType() {
    return FU;
  }

  /** RFC 7798 4.4.2: F is the OR, LayerId and TID the lowest of the aggregated units. */
  @Override
  public void writeAggregationHeader(ByteBuf out, List<ByteBuf> nals) {
    int f = 0;
    int layer = 63;
    int tid = 7;
    for (ByteBuf n : nals) {
      int h = n.getUnsignedShort(n.readerIndex());
      f |= h & 0x8000;
      layer = Math.min(layer, (h >> 3) & 0x3f);
      tid = Math.min(tid, h & 7);
    }
    out.writeShort(f | AP << 9 | layer << 3 | tid);
  }

  @Override
  public void writeFragmentHeader(ByteBuf out, ByteBuf nal, boolean start, boolean end) {
    int h = nal.getUnsignedShort(nal.readerIndex());
    out.writeShort((h & 0x81ff) | FU << 9);
    out.writeByte((start ? 0x80 : 0) | (end ? 0x40 : 0) | ((h >> 9) & 0x3f));
  }

  @Override
  public void writeReassembledHeader(ByteBuf out, ByteBuf fu) {
    int payloadHdr = fu.getUnsignedShort(fu.readerIndex());
    int fuType = fu.getUnsignedByte(fu.readerIndex() + 2) & 0x3f;
    out.writeShort((payloadHdr & 0x81ff) | fuType << 9);
  }
}
