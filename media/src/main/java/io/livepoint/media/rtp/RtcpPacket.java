package io.livepoint.media.rtp;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * RTCP packets (RFC 3550 6.4-6.6): sender and receiver reports, source descriptions, BYE, and any other
 * type kept as bytes. {@link #parseCompound} reads a compound packet, {@link #write} appends one packet.
 */
public sealed interface RtcpPacket {
  int SR = 200;
  int RR = 201;
  int SDES = 202;
  int BYE = 203;
  int APP = 204;
  /** SDES item types (RFC 3550 6.5). */
  int CNAME = 1;
  int NAME = 2;
  int TOOL = 6;

  /** The packet type (PT) field. */
  int packetType();

  /** Appends this packet (common header included) to {@code out}. */
  void write(ByteBuf out);

  /**
   * A reception report block (6.4.1).
   *
   * @param cumulativeLost 24-bit signed cumulative number of packets lost
   * @param highestSequence extended highest sequence number received
   * @param lastSr middle 32 bits of the NTP time of the last SR received
   * @param delaySinceLastSr in 1/65536 s
   */
  record ReportBlock(long ssrc, int fractionLost, int cumulativeLost, long highestSequence, long jitter,
      long lastSr, long delaySinceLastSr) {
    static ReportBlock read(ByteBuf in) {
      long ssrc = in.readUnsignedInt();
      int fraction = in.readUnsignedByte();
      int lost = in.readMedium();
      return new ReportBlock(ssrc, fraction, lost, in.readUnsignedInt(), in.readUnsignedInt(),
          in.readUnsignedInt(), in.readUnsignedInt());
    }

    void write(ByteBuf out) {
      out.writeInt((int) ssrc);
      out.writeByte(fractionLost);
      out.writeMedium(cumulativeLost);
      out.writeInt((int) highestSequence);
      out.writeInt((int) jitter);
      out.writeInt((int) lastSr);
      out.writeInt((int) delaySinceLastSr);
    }
  }

  /**
   * Sender report (6.4.1): ties an RTP timestamp to the NTP wall clock, so a receiver can line up the
   * streams of a session (audio/video sync).
   */
  record SenderReport(long ssrc, long ntpTime, long rtpTimestamp, long packetCount, long octetCount,
      List<ReportBlock> blocks) implements RtcpPacket {
    public SenderReport {
      blocks = List.copyOf(blocks);
    }

    @Override
    public int packetType() {
      return SR;
    }

    /** Unix time in microseconds of an RTP timestamp of this source, given its clock rate. */
    public long unixMicrosAt(long rtpTs, int clockRate) {
      long ticks = RtpSequence.timestampDelta(rtpTimestamp, rtpTs);
      return NtpTime.toUnixMicros(ntpTime) + Math.floorDiv(ticks * 1_000_000L, clockRate);
    }

    @Override
    public void write(ByteBuf out) {
      RtcpPacket.header(out, blocks.size(), SR, 6 + 6 * blocks.size());
      out.writeInt((int) ssrc);
      out.writeLong(ntpTime);
      out.writeInt((int) rtpTimestamp);
      out.writeInt((int) packetCount);
      out.writeInt((int) octetCount);
      blocks.forEach(b -> b.write(out));
    }
  }

  /** Receiver report (6.4.2). */
  record ReceiverReport(long ssrc, List<ReportBlock> blocks) implements RtcpPacket {
    public ReceiverReport {
      blocks = List.copyOf(blocks);
    }

    @Override
    public int packetType() {
      return RR;
    }

    @Override
    public void write(ByteBuf out) {
      RtcpPacket.header(out, blocks.size(), RR, 1 + 6 * blocks.size());
      out.writeInt((int) ssrc);
      blocks.forEach(b -> b.write(out));
    }
  }

  /** One SDES item (type and UTF-8 text). */
  record SdesItem(int type, String value) {}

  /** One SDES chunk: a source and its items. */
  record SdesChunk(long ssrc, List<SdesItem> items) {
    public SdesChunk {
      items = List.copyOf(items);
    }

    /** The CNAME item, or null. */
    public String cname() {
      return items.stream().filter(i -> i.type() == CNAME).map(SdesItem::value).findFirst().orElse(null);
    }
  }

  /** Source description (6.5). */
  record SourceDescription(List<SdesChunk> chunks) implements RtcpPacket {
    public SourceDescription {
      chunks = List.copyOf(chunks);
    }

    /** One source with its CNAME. */
    public static SourceDescription cname(long ssrc, String cname) {
      return new SourceDescription(List.of(new SdesChunk(ssrc, List.of(new SdesItem(CNAME, cname)))));
    }

    @Override
    public int packetType() {
      return SDES;
    }

    @Override
    public void write(ByteBuf out) {
      int start = out.writerIndex();
      RtcpPacket.header(out, chunks.size(), SDES, 0);
      for (SdesChunk c : chunks) {
        int chunkStart = out.writerIndex();
        out.writeInt((int) c.ssrc());
        for (SdesItem i : c.items()) {
          byte[] v = i.value().getBytes(StandardCharsets.UTF_8);
          int n = Math.min(v.length, 255);
          out.writeByte(i.type());
          out.writeByte(n);
          out.writeBytes(v, 0, n);
        }
        out.writeByte(0); // end of items, then pad the chunk to a word boundary
        while ((out.writerIndex() - chunkStart) % 4 != 0) {
          out.writeByte(0);
        }
      }
      out.setShort(start + 2, (out.writerIndex() - start) / 4 - 1);
    }
  }

  /** BYE (6.6). */
  record Goodbye(List<Long> ssrcs, String reason) implements RtcpPacket {
    public Goodbye {
      ssrcs = List.copyOf(ssrcs);
    }

    @Override
    public int packetType() {
      return BYE;
    }

    @Override
    public void write(ByteBuf out) {
      int start = out.writerIndex();
      RtcpPacket.header(out, ssrcs.size(), BYE, 0);
      ssrcs.forEach(s -> out.writeInt(s.intValue()));
      if (reason != null) {
        byte[] v = reason.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(v.length, 255);
        out.writeByte(n);
        out.writeBytes(v, 0, n);
        while ((out.writerIndex() - start) % 4 != 0) {
          out.writeByte(0);
        }
      }
      out.setShort(start + 2, (out.writerIndex() - start) / 4 - 1);
    }
  }

  /** Any other packet type (APP, feedback, XR...), kept as its count field and body. */
  record Other(int packetType, int count, byte[] body) implements RtcpPacket {
    public Other {
      body = body.clone();
    }

    @Override
    public void write(ByteBuf out) {
      RtcpPacket.header(out, count, packetType, body.length / 4);
      out.writeBytes(body);
    }
  }

  private static void header(ByteBuf out, int count, int type, int lengthWords) {
    out.writeByte(RtpPacket.VERSION << 6 | count);
    out.writeByte(type);
    out.writeShort(lengthWords);
  }

  /** Appends a compound packet made of {@code packets}. */
  static void writeCompound(List<? extends RtcpPacket> packets, ByteBuf out) {
    packets.forEach(p -> p.write(out));
  }

  /**
   * Parses a compound RTCP packet (the readable bytes of {@code in}, left unchanged).
   *
   * @throws RtpFormatException when a header or a length is invalid
   */
  static List<RtcpPacket> parseCompound(ByteBuf in) {
    List<RtcpPacket> out = new ArrayList<>();
    int at = in.readerIndex();
    int end = in.writerIndex();
    if (at == end) {
      throw new RtpFormatException("empty RTCP packet");
    }
    while (at < end) {
      if (end - at < 4) {
        throw new RtpFormatException("truncated RTCP header");
      }
      int b0 = in.getUnsignedByte(at);
      if (b0 >> 6 != RtpPacket.VERSION) {
        throw new RtpFormatException("RTCP version " + (b0 >> 6));
      }
      int count = b0 & 0x1f;
      int type = in.getUnsignedByte(at + 1);
      int length = 4 * (in.getUnsignedShort(at + 2) + 1);
      if (length > end - at) {
        throw new RtpFormatException("RTCP packet type " + type + " of " + length + " bytes overruns the datagram");
      }
      int bodyEnd = at + length;
      if ((b0 & 0x20) != 0) {
        int pad = in.getUnsignedByte(bodyEnd - 1);
        if (pad == 0 || pad > length - 4) {
          throw new RtpFormatException("RTCP padding of " + pad + " bytes");
        }
        bodyEnd -= pad;
      }
      ByteBuf body = in.slice(at + 4, bodyEnd - at - 4);
      try {
        out.add(parseOne(type, count, body));
      } catch (IndexOutOfBoundsException e) {
        throw new RtpFormatException("RTCP packet type " + type + " truncated");
      }
      at += length;
    }
    return out;
  }

  private static RtcpPacket parseOne(int type, int count, ByteBuf b) {
    return switch (type) {
      case SR -> {
        long ssrc = b.readUnsignedInt();
        long ntp = b.readLong();
        long rtp = b.readUnsignedInt();
        long packets = b.readUnsignedInt();
        long octets = b.readUnsignedInt();
        yield new SenderReport(ssrc, ntp, rtp, packets, octets, blocks(b, count));
      }
      case RR -> new ReceiverReport(b.readUnsignedInt(), blocks(b, count));
      case SDES -> {
        List<SdesChunk> chunks = new ArrayList<>();
        for (int c = 0; c < count; c++) {
          int chunkStart = b.readerIndex();
          long ssrc = b.readUnsignedInt();
          List<SdesItem> items = new ArrayList<>();
          int itemType;
          while ((itemType = b.readUnsignedByte()) != 0) {
            int n = b.readUnsignedByte();
            items.add(new SdesItem(itemType, b.readCharSequence(n, StandardCharsets.UTF_8).toString()));
          }
          int used = b.readerIndex() - chunkStart;
          b.skipBytes((4 - used % 4) % 4);
          chunks.add(new SdesChunk(ssrc, items));
        }
        yield new SourceDescription(chunks);
      }
      case BYE -> {
        List<Long> ssrcs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
          ssrcs.add(b.readUnsignedInt());
        }
        String reason = null;
        if (b.isReadable()) {
          int n = b.readUnsignedByte();
          reason = b.readCharSequence(n, StandardCharsets.UTF_8).toString();
        }
        yield new Goodbye(ssrcs, reason);
      }
      default -> {
        byte[] body = new byte[b.readableBytes()];
        b.readBytes(body);
        yield new Other(type, count, body);
      }
    };
  }

  private static List<ReportBlock> blocks(ByteBuf b, int count) {
    List<ReportBlock> blocks = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      blocks.add(ReportBlock.read(b));
    }
    return blocks;
  }
}
