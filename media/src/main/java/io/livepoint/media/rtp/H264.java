package io.livepoint.media.rtp;

import io.netty.buffer.ByteBuf;
import java.util.List;

/** H.264 NAL unit types (ITU-T H.264 Table 7-1) and RFC 6184 payload structures: the wire constants. */
public final class H264 implements NalSyntax {
  public static final H264 SYNTAX = new H264();

  public static final int NAL_SLICE = 1;
  public static final int NAL_IDR = 5;
  public static final int NAL_SEI = 6;
  public static final int NAL_SPS = 7;
  public static final int NAL_PPS = 8;
  public static final int NAL_AUD = 9;
  /** RFC 6184 5.4 payload types beyond the NAL unit types. */
  public static final int STAP_A = 24;
  public static final int STAP_B = 25;
  public static final int MTAP16 = 26;
  public static final int MTAP24 = 27;
  public static final int FU_A = 28;
  public static final int FU_B = 29;
  /** SDP encoding name and clock rate. */
  public static final String ENCODING = "H264";
  public static final int CLOCK_RATE = 90000;

  private H264() {}

  @Override
  public int headerSize() {
    return 1;
  }

  @Override
  public int type(ByteBuf nal) {
    return nal.getUnsignedByte(nal.readerIndex()) & 0x1f;
  }

  @Override
  public boolean isKey(int type) {
    return type == NAL_IDR;
  }

  @Override
  public boolean isParameterSet(int type) {
    return type == NAL_SPS || type == NAL_PPS;
  }

  @Override
  public boolean isDelimiter(int type) {
    return type == NAL_AUD;
  }

  @Override
  public int aggregationType() {
    return STAP_A;
  }

  @Override
  public int fragmentType() {
    return FU_A;
  }

  @Override
  public void writeAggregationHeader(ByteBuf out, List<ByteBuf> nals) {
    int f = 0;
    int nri = 0;
    for (ByteBuf n : nals) {
      int h = n.getUnsignedByte(n.readerIndex());
      f |= h & 0x80;
      nri = Math.max(nri, h & 0x60);
    }
    out.writeByte(f | nri | STAP_A);
  }

  @Override
  public void writeFragmentHeader(ByteBuf out, ByteBuf nal, boolean start, boolean end) {
    int h = nal.getUnsignedByte(nal.readerIndex());
    out.writeByte((h & 0xe0) | FU_A);
    out.writeByte((start ? 0x80 : 0) | (end ? 0x40 : 0) | (h & 0x1f));
  }

  @Override
  public void writeReassembledHeader(ByteBuf out, ByteBuf fu) {
    int indicator = fu.getUnsignedByte(fu.readerIndex());
    int header = fu.getUnsignedByte(fu.readerIndex() + 1);
    out.writeByte((indicator & 0xe0) | (header & 0x1f));
  }
}
