package io.livepoint.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.List;

/**
 * H.264 packetization-mode 1 (RFC 6184 5.6-5.8: single NAL unit, STAP-A, FU-A) and H.265 (RFC 7798
 * 4.4: single NAL unit, AP, FU; no DONL) packetizer. Consecutive small NAL units share an aggregation
 * packet, NAL units larger than the payload limit are fragmented, and a key picture without its
 * parameter sets gets them in front (the latest ones seen in the stream, else those of the SDP), so a
 * receiver can join at any IDR.
 */
public final class NalPacketizer implements Packetizer {
  private final NalSyntax syntax;
  private final int maxPayload;
  private final ByteBufAllocator alloc;
  private List<byte[]> parameterSets;

  /**
   * @param parameterSets VPS/SPS/PPS NAL units in decoding order (from the CMAF header or the SDP)
   * @param maxPayload largest RTP payload in bytes
   */
  public NalPacketizer(NalSyntax syntax, List<byte[]> parameterSets, int maxPayload, ByteBufAllocator alloc) {
    if (maxPayload < syntax.fragmentHeaderSize() + 1) {
      throw new IllegalArgumentException("payload limit " + maxPayload + " too small");
    }
    this.syntax = syntax;
    this.parameterSets = List.copyOf(parameterSets);
    this.maxPayload = maxPayload;
    this.alloc = alloc;
  }

  public static NalPacketizer h264(List<byte[]> parameterSets, int maxPayload, ByteBufAllocator alloc) {
    return new NalPacketizer(H264.SYNTAX, parameterSets, maxPayload, alloc);
  }

  public static NalPacketizer h265(List<byte[]> parameterSets, int maxPayload, ByteBufAllocator alloc) {
    return new NalPacketizer(H265.SYNTAX, parameterSets, maxPayload, alloc);
  }

  @Override
  public void packetize(AccessUnit au, List<RtpPacket> out) {
    List<ByteBuf> nals = new ArrayList<>();
    List<byte[]> inBand = new ArrayList<>();
    boolean key = false;
    for (ByteBuf n : au.units()) {
      if (!n.isReadable(syntax.headerSize())) {
        continue; // an empty or headerless unit cannot be sent
      }
      int type = syntax.type(n);
      key |= syntax.isKey(type);
      if (syntax.isParameterSet(type)) {
        byte[] b = new byte[n.readableBytes()];
        n.getBytes(n.readerIndex(), b);
        inBand.add(b);
      }
      nals.add(n);
    }
    if (!inBand.isEmpty()) {
      parameterSets = List.copyOf(inBand);
    } else if (key) {
      // After a leading access unit delimiter, which must stay the first NAL unit of the access unit.
      int at = !nals.isEmpty() && syntax.isDelimiter(syntax.type(nals.get(0))) ? 1 : 0;
      List<ByteBuf> withSets = new ArrayList<>(nals.subList(0, at));
      parameterSets.forEach(ps -> withSets.add(Unpooled.wrappedBuffer(ps)));
      withSets.addAll(nals.subList(at, nals.size()));
      nals = withSets;
    }
    int first = out.size();
    List<ByteBuf> group = new ArrayList<>();
    int groupSize = syntax.headerSize();
    for (ByteBuf n : nals) {
      int size = n.readableBytes();
      if (size > maxPayload) {
        flush(group, au.timestamp(), out);
        groupSize = syntax.headerSize();
        fragment(n, au.timestamp(), out);
        continue;
      }
      if (groupSize + 2 + size > maxPayload) {
        flush(group, au.timestamp(), out);
        groupSize = syntax.headerSize();
      }
      group.add(n);
      groupSize += 2 + size;
    }
    flush(group, au.timestamp(), out);
    if (out.size() > first) {
      RtpPacket last = out.remove(out.size() - 1);
      out.add(RtpPacket.of(true, last.timestamp(), last.payload()));
    }
  }

  private void flush(List<ByteBuf> group, long ts, List<RtpPacket> out) {
    if (group.isEmpty()) {
      return;
    }
    if (group.size() == 1) {
      out.add(RtpPacket.of(false, ts, group.get(0).retainedSlice()));
    } else {
      ByteBuf p = alloc.buffer(maxPayload);
      syntax.writeAggregationHeader(p, group);
      for (ByteBuf n : group) {
        p.writeShort(n.readableBytes());
        p.writeBytes(n, n.readerIndex(), n.readableBytes());
      }
      out.add(RtpPacket.of(false, ts, p));
    }
    group.clear();
  }

  private void fragment(ByteBuf nal, long ts, List<RtpPacket> out) {
    int h = syntax.headerSize();
    int at = nal.readerIndex() + h;
    int end = nal.writerIndex();
    int chunk = maxPayload - syntax.fragmentHeaderSize();
    boolean start = true;
    while (at < end) {
      int n = Math.min(chunk, end - at);
      ByteBuf header = alloc.buffer(syntax.fragmentHeaderSize());
      syntax.writeFragmentHeader(header, nal, start, at + n == end);
      CompositeByteBuf p = alloc.compositeBuffer(2);
      p.addComponent(true, header);
      p.addComponent(true, nal.retainedSlice(at, n));
      out.add(RtpPacket.of(false, ts, p));
      at += n;
      start = false;
    }
  }
}
