package io.livepoint.media.codec;

import io.netty.buffer.ByteBuf;

/**
 * What an {@code esds} box (ISO/IEC 14496-1 ES_Descriptor) says: the object type, bitrates and the
 * decoder specific info (for AAC, the AudioSpecificConfig of ISO/IEC 14496-3 1.6.2.1).
 *
 * @param objectTypeIndication 0x40 for MPEG-4 Audio (AAC), 0x6b for MP3, ...
 * @param maxBitrate DecoderConfigDescriptor maxBitrate (0 when unknown)
 * @param avgBitrate DecoderConfigDescriptor avgBitrate (0 for variable)
 * @param decoderSpecificInfo DecoderSpecificInfo bytes (empty when absent)
 */
public record EsDescriptor(int objectTypeIndication, long maxBitrate, long avgBitrate,
    byte[] decoderSpecificInfo) {

  private static final int ES_DESCR = 3;
  private static final int DECODER_CONFIG_DESCR = 4;
  private static final int DEC_SPECIFIC_INFO = 5;
  /** objectTypeIndication of MPEG-4 Audio. */
  public static final int MPEG4_AUDIO = 0x40;

  /**
   * Parses the payload of an esds full box (after version and flags).
   *
   * @throws IndexOutOfBoundsException when truncated
   * @throws IllegalArgumentException when it holds no ES_Descriptor/DecoderConfigDescriptor
   */
  public static EsDescriptor parse(ByteBuf p) {
    ByteBuf in = p.duplicate();
    if (in.readUnsignedByte() != ES_DESCR) {
      throw new IllegalArgumentException("esds does not start with an ES_Descriptor");
    }
    ByteBuf es = in.readSlice(length(in));
    es.skipBytes(2); // ES_ID
    int flags = es.readUnsignedByte();
    if ((flags & 0x80) != 0) {
      es.skipBytes(2); // dependsOn_ES_ID
    }
    if ((flags & 0x40) != 0) {
      es.skipBytes(es.readUnsignedByte()); // URL
    }
    if ((flags & 0x20) != 0) {
      es.skipBytes(2); // OCR_ES_Id
    }
    while (es.isReadable()) {
      int tag = es.readUnsignedByte();
      ByteBuf d = es.readSlice(length(es));
      if (tag != DECODER_CONFIG_DESCR) {
        continue;
      }
      int oti = d.readUnsignedByte();
      d.skipBytes(1 + 3); // streamType/upStream, bufferSizeDB
      long max = d.readUnsignedInt();
      long avg = d.readUnsignedInt();
      byte[] dsi = new byte[0];
      while (d.isReadable()) {
        int t = d.readUnsignedByte();
        ByteBuf body = d.readSlice(length(d));
        if (t == DEC_SPECIFIC_INFO) {
          dsi = new byte[body.readableBytes()];
          body.readBytes(dsi);
          break;
        }
      }
      return new EsDescriptor(oti, max, avg, dsi);
    }
    throw new IllegalArgumentException("esds has no DecoderConfigDescriptor");
  }

  /** MPEG-4 Audio Object Type from the AudioSpecificConfig (2 = AAC-LC, 5 = SBR, 29 = PS), or 0. */
  public int audioObjectType() {
    if (decoderSpecificInfo.length == 0) {
      return 0;
    }
    int aot = (decoderSpecificInfo[0] & 0xff) >> 3;
    if (aot == 31 && decoderSpecificInfo.length > 1) {
      aot = 32 + (((decoderSpecificInfo[0] & 0x07) << 3) | ((decoderSpecificInfo[1] & 0xff) >> 5));
    }
    return aot;
  }

  /** RFC 6381 codecs parameter: {@code mp4a.40.<AOT>} for MPEG-4 Audio, {@code mp4a.<oti hex>} otherwise. */
  public String codecs() {
    if (objectTypeIndication == MPEG4_AUDIO && audioObjectType() > 0) {
      return "mp4a.40." + audioObjectType();
    }
    return String.format("mp4a.%02x", objectTypeIndication);
  }

  /** The expandable size field of a descriptor: up to four bytes of 7 bits each. */
  private static int length(ByteBuf in) {
    int n = 0;
    for (int i = 0; i < 4; i++) {
      int b = in.readUnsignedByte();
      n = n << 7 | (b & 0x7f);
      if ((b & 0x80) == 0) {
        break;
      }
    }
    return n;
  }
}
