package io.livepoint.media.rtp;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * What differs between the H.264 (RFC 6184) and H.265 (RFC 7798) payload formats: the NAL unit header
 * and the aggregation and fragmentation packet headers built from it. Both formats share the same
 * packetizer ({@link NalPacketizer}) and depacketizer ({@link NalDepacketizer}).
 */
sealed interface NalSyntax permits H264, H265 {
  /** Bytes of the NAL unit header (1 or 2). */
  int headerSize();

  /** nal_unit_type of the NAL unit or payload starting at the reader index. */
  int type(ByteBuf nal);

  /** Whether a NAL unit type is a random access point picture (IDR, IRAP). */
  boolean isKey(int type);

  /** Whether a NAL unit type is a parameter set (SPS, PPS, VPS). */
  boolean isParameterSet(int type);

  /** Whether a NAL unit type is an access unit delimiter. */
  boolean isDelimiter(int type);

  /** Payload type of an aggregation packet (STAP-A, AP). */
  int aggregationType();

  /** Payload type of a fragmentation unit (FU-A, FU). */
  int fragmentType();

  /** Writes the payload header of an aggregation packet holding {@code nals}. */
  void writeAggregationHeader(ByteBuf out, List<ByteBuf> nals);

  /** Writes the payload header and FU header of a fragment of {@code nal}. */
  void writeFragmentHeader(ByteBuf out, ByteBuf nal, boolean start, boolean end);

  /** Bytes of payload header + FU header. */
  default int fragmentHeaderSize() {
    return headerSize() + 1;
  }

  /** The NAL unit header a fragmentation unit's headers stand for (written to {@code out}). */
  void writeReassembledHeader(ByteBuf out, ByteBuf fuPayload);

  /** FU header byte of a fragmentation unit payload. */
  default int fuHeader(ByteBuf fuPayload) {
    return fuPayload.getUnsignedByte(fuPayload.readerIndex() + headerSize());
  }

  /** Whether the NAL units contain a key picture. */
  default boolean containsKey(List<ByteBuf> nals) {
    for (ByteBuf n : nals) {
      if (n.isReadable(headerSize()) && isKey(type(n))) {
        return true;
      }
    }
    return false;
  }
}
