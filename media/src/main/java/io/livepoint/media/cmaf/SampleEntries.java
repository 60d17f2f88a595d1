package io.livepoint.media.cmaf;

import static io.livepoint.media.box.BoxTypes.*;

import io.livepoint.media.box.Box;
import io.livepoint.media.box.BoxFormatException;
import io.livepoint.media.box.Boxes;
import io.livepoint.media.codec.AudioSpecificConfig;
import io.livepoint.media.codec.AvcConfig;
import io.livepoint.media.codec.CodecConfig;
import io.livepoint.media.codec.EsDescriptor;
import io.livepoint.media.codec.HevcConfig;
import io.livepoint.media.codec.OpusConfig;
import io.netty.buffer.ByteBuf;

/**
 * The decoder configuration in the sample entry of a CMAF header (avcC, hvcC, the esds
 * AudioSpecificConfig, dOps): what RTP needs to describe a track in SDP and to packetize it.
 */
public final class SampleEntries {
  private SampleEntries() {}

  private static final int VISUAL_ENTRY_FIELDS = 78;
  private static final int AUDIO_ENTRY_FIELDS = 28;

  /**
   * The codec configuration of a CMAF header's only track (readable bytes, unchanged), or null for
   * tracks without one (text, metadata).
   *
   * @throws CmafException MALFORMED when the header or its configuration box is broken
   */
  public static CodecConfig codecConfig(ByteBuf header) throws CmafException {
    try {
      Box stsd = Boxes.find(header, "moov/trak/mdia/minf/stbl/stsd");
      if (stsd == null) {
        throw CmafException.malformed("CMAF header without stsd");
      }
      ByteBuf s = stsd.fullPayload();
      s.skipBytes(4);
      Box entry = Boxes.boxAt(s, s.readerIndex(), s.writerIndex());
      ByteBuf p = entry.payload();
      int type = entry.type();
      if (type == AVC1 || type == AVC3 || type == HVC1 || type == HEV1) {
        ByteBuf children = p.slice(p.readerIndex() + VISUAL_ENTRY_FIELDS, p.readableBytes() - VISUAL_ENTRY_FIELDS);
        if (type == AVC1 || type == AVC3) {
          return AvcConfig.parse(require(children, AVCC).payload());
        }
        return HevcConfig.parse(require(children, HVCC).payload());
      }
      if (type == MP4A || type == OPUS) {
        int version = p.getUnsignedShort(p.readerIndex() + 8);
        int fields = AUDIO_ENTRY_FIELDS + (version == 1 ? 16 : version == 2 ? 36 : 0);
        ByteBuf children = p.slice(p.readerIndex() + fields, p.readableBytes() - fields);
        if (type == OPUS) {
          return OpusConfig.parse(require(children, DOPS).payload());
        }
        EsDescriptor es = EsDescriptor.parse(require(children, ESDS).fullPayload());
        if (es.objectTypeIndication() != EsDescriptor.MPEG4_AUDIO) {
          throw CmafException.unsupported("mp4a object type " + es.objectTypeIndication() + " is not MPEG-4 Audio");
        }
        return AudioSpecificConfig.parse(es.decoderSpecificInfo());
      }
      return null;
    } catch (BoxFormatException | IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new CmafException(CmafException.Kind.MALFORMED, "malformed sample entry: " + e.getMessage(), e);
    }
  }

  private static Box require(ByteBuf children, int type) throws CmafException {
    Box b = Boxes.first(children, type);
    if (b == null) {
      throw CmafException.malformed("sample entry without '" + io.livepoint.media.box.FourCC.toString(type) + "'");
    }
    return b;
  }
}
