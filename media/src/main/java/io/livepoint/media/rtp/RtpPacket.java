package io.livepoint.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.Arrays;

/**
 * One RTP data packet (RFC 3550 5.1): the fixed header, CSRC list, an optional header extension (5.3.1,
 * kept as profile + bytes; see {@link OnvifReplayExtension} and {@link JpegHeaderExtension}) and the
 * payload. The packet owns its payload buffer: {@link #release()} it when done. Padding is removed on
 * parse and added on {@link #encode} when {@link #padding()} is not 0.
 */
public final class RtpPacket {
  /** RTP version 2 (RFC 3550 5.1). */
  public static final int VERSION = 2;
  /** Bytes of the fixed header. */
  public static final int FIXED_HEADER = 12;
  /** No header extension. */
  public static final int NO_EXTENSION = -1;
  private static final byte[] NONE = new byte[0];
  private static final int[] NO_CSRC = new int[0];

  private final boolean marker;
  private final int payloadType;
  private final int sequenceNumber;
  private final long timestamp;
  private final long ssrc;
  private final int[] csrcs;
  private final int extensionProfile;
  private final byte[] extension;
  private final int padding;
  private final ByteBuf payload;

  /**
   * @param extensionProfile the 16-bit "defined by profile" field, or {@link #NO_EXTENSION}
   * @param extension extension bytes (a multiple of 4), empty when none
   * @param padding padding bytes to add on encode (0, or 1..255 including the count byte)
   * @param payload the payload; ownership passes to the packet
   */
  public RtpPacket(boolean marker, int payloadType, int sequenceNumber, long timestamp, long ssrc,
      int[] csrcs, int extensionProfile, byte[] extension, int padding, ByteBuf payload) {
    if (payloadType < 0 || payloadType > 127 || csrcs.length > 15 || extension.length % 4 != 0
        || extension.length > 4 * 0xffff || padding < 0 || padding > 255) {
      payload.release();
      throw new IllegalArgumentException("RTP header fields out of range");
    }
    this.marker = marker;
    this.payloadType = payloadType;
    this.sequenceNumber = sequenceNumber & 0xffff;
    this.timestamp = timestamp & 0xffffffffL;
    this.ssrc = ssrc & 0xffffffffL;
    this.csrcs = csrcs.clone();
    this.extensionProfile = extensionProfile;
    this.extension = extension.clone();
    this.padding = padding;
    this.payload = payload;
  }

  /** A packet as a packetizer makes it: no header extension; payload type, sequence and SSRC are stamped later. */
  public static RtpPacket of(boolean marker, long timestamp, ByteBuf payload) {
    return new RtpPacket(marker, 0, 0, timestamp, 0, NO_CSRC, NO_EXTENSION, NONE, 0, payload);
  }

  /** Like {@link #of(boolean, long, ByteBuf)} with a header extension. */
  public static RtpPacket of(boolean marker, long timestamp, int extensionProfile, byte[] extension,
      ByteBuf payload) {
    return new RtpPacket(marker, 0, 0, timestamp, 0, NO_CSRC, extensionProfile, extension, 0, payload);
  }

  /**
   * Parses the readable bytes of {@code datagram} (left unchanged, not released). The payload is a
   * retained slice of it.
   *
   * @throws RtpFormatException when it is not a valid RTP version 2 packet
   */
  public static RtpPacket parse(ByteBuf datagram) {
    int at = datagram.readerIndex();
    int end = datagram.writerIndex();
    if (end - at < FIXED_HEADER) {
      throw new RtpFormatException("RTP packet of " + (end - at) + " bytes is shorter than its header");
    }
    int b0 = datagram.getUnsignedByte(at);
    int b1 = datagram.getUnsignedByte(at + 1);
    if (b0 >> 6 != VERSION) {
      throw new RtpFormatException("RTP version " + (b0 >> 6));
    }
    int cc = b0 & 0x0f;
    int headerEnd = at + FIXED_HEADER + 4 * cc;
    if (headerEnd > end) {
      throw new RtpFormatException("RTP CSRC list overruns the packet");
    }
    int[] csrcs = new int[cc];
    for (int i = 0; i < cc; i++) {
      csrcs[i] = datagram.getInt(at + FIXED_HEADER + 4 * i);
    }
    int profile = NO_EXTENSION;
    byte[] ext = NONE;
    if ((b0 & 0x10) != 0) {
      if (headerEnd + 4 > end) {
        throw new RtpFormatException("RTP header extension overruns the packet");
      }
      profile = datagram.getUnsignedShort(headerEnd);
      int words = datagram.getUnsignedShort(headerEnd + 2);
      if (headerEnd + 4 + 4L * words > end) {
        throw new RtpFormatException("RTP header extension of " + words + " words overruns the packet");
      }
      ext = new byte[4 * words];
      datagram.getBytes(headerEnd + 4, ext);
      headerEnd += 4 + 4 * words;
    }
    int payloadEnd = end;
    if ((b0 & 0x20) != 0) {
      if (payloadEnd == headerEnd) {
        throw new RtpFormatException("RTP padding bit set on a packet without room for the count");
      }
      int pad = datagram.getUnsignedByte(end - 1);
      if (pad == 0 || pad > payloadEnd - headerEnd) {
        throw new RtpFormatException("RTP padding of " + pad + " bytes does not fit the packet");
      }
      payloadEnd -= pad;
    }
    return new RtpPacket((b1 & 0x80) != 0, b1 & 0x7f, datagram.getUnsignedShort(at + 2),
        datagram.getUnsignedInt(at + 4), datagram.getUnsignedInt(at + 8), csrcs, profile, ext, 0,
        datagram.retainedSlice(headerEnd, payloadEnd - headerEnd));
  }

  /**
   * The packet on the wire: a composite of a new header buffer and a retained slice of the payload (no
   * copy of the payload). The caller owns the result; this packet stays usable.
   */
  public ByteBuf encode(ByteBufAllocator alloc) {
    ByteBuf header = alloc.buffer(headerLength() + padding);
    writeHeader(header);
    CompositeByteBuf out = alloc.compositeBuffer(3);
    out.addComponent(true, header);
    out.addComponent(true, payload.retainedSlice());
    if (padding > 0) {
      ByteBuf pad = alloc.buffer(padding);
      pad.writeZero(padding - 1);
      pad.writeByte(padding);
      out.addComponent(true, pad);
    }
    return out;
  }

  /** Copies the whole packet to {@code out}. */
  public void writeTo(ByteBuf out) {
    writeHeader(out);
    out.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
    if (padding > 0) {
      out.writeZero(padding - 1);
      out.writeByte(padding);
    }
  }

  private void writeHeader(ByteBuf out) {
    int b0 = VERSION << 6 | (padding > 0 ? 0x20 : 0) | (extensionProfile != NO_EXTENSION ? 0x10 : 0) | csrcs.length;
    out.writeByte(b0);
    out.writeByte((marker ? 0x80 : 0) | payloadType);
    out.writeShort(sequenceNumber);
    out.writeInt((int) timestamp);
    out.writeInt((int) ssrc);
    for (int c : csrcs) {
      out.writeInt(c);
    }
    if (extensionProfile != NO_EXTENSION) {
      out.writeShort(extensionProfile);
      out.writeShort(extension.length / 4);
      out.writeBytes(extension);
    }
  }

  /** Bytes before the payload. */
  public int headerLength() {
    return FIXED_HEADER + 4 * csrcs.length + (extensionProfile != NO_EXTENSION ? 4 + extension.length : 0);
  }

  /**
   * The same payload (retained) under a sender's header fields: what a session sends for a packet a
   * packetizer made. The timestamp is added to this packet's timestamp (mod 2^32).
   */
  public RtpPacket stamped(int payloadType, int sequenceNumber, long timestampOffset, long ssrc) {
    return new RtpPacket(marker, payloadType, sequenceNumber, timestamp + timestampOffset, ssrc, csrcs,
        extensionProfile, extension, padding, payload.retainedDuplicate());
  }

  /** A copy of this packet with another header extension (payload retained). */
  public RtpPacket withExtension(int profile, byte[] bytes) {
    return new RtpPacket(marker, payloadType, sequenceNumber, timestamp, ssrc, csrcs, profile, bytes, padding,
        payload.retainedDuplicate());
  }

  public boolean marker() {
    return marker;
  }

  public int payloadType() {
    return payloadType;
  }

  public int sequenceNumber() {
    return sequenceNumber;
  }

  /** The 32-bit timestamp as an unsigned value. */
  public long timestamp() {
    return timestamp;
  }

  public long ssrc() {
    return ssrc;
  }

  public int[] csrcs() {
    return csrcs.clone();
  }

  public boolean hasExtension() {
    return extensionProfile != NO_EXTENSION;
  }

  /** The extension's "defined by profile" field, or {@link #NO_EXTENSION}. */
  public int extensionProfile() {
    return extensionProfile;
  }

  /** A copy of the extension bytes (after its 4-byte header). */
  public byte[] extension() {
    return extension.clone();
  }

  public int padding() {
    return padding;
  }

  /** The payload (owned by the packet: retain it to keep it beyond {@link #release()}). */
  public ByteBuf payload() {
    return payload;
  }

  public RtpPacket retain() {
    payload.retain();
    return this;
  }

  public void release() {
    payload.release();
  }

  @Override
  public String toString() {
    return "RtpPacket[pt=" + payloadType + ", seq=" + sequenceNumber + ", ts=" + timestamp + ", ssrc="
        + Long.toHexString(ssrc) + (marker ? ", M" : "") + (csrcs.length > 0 ? ", csrc=" + Arrays.toString(csrcs) : "")
        + (hasExtension() ? ", ext=" + Integer.toHexString(extensionProfile) + "/" + extension.length : "")
        + ", " + payload.readableBytes() + " bytes]";
  }
}
