package io.livepoint.media.cmaf;

import static io.livepoint.media.box.BoxTypes.*;

import io.livepoint.media.box.Box;
import io.livepoint.media.box.BoxFormatException;
import io.livepoint.media.box.Boxes;
import io.livepoint.media.box.FourCC;
import io.livepoint.media.codec.AvcConfig;
import io.livepoint.media.codec.EsDescriptor;
import io.livepoint.media.codec.HevcConfig;
import io.livepoint.media.codec.OpusConfig;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a CMAF header (ftyp + moov of exactly one track, CMAF 7.3.1) into a {@link TrackInfo}. Any
 * sample entry other than the ones listed in {@link #SUPPORTED} is refused as UNSUPPORTED, and so are
 * encrypted entries (encv/enca: the ingest spec 6.3 asks for clear media over TLS) and multi-track movies.
 */
public final class CmafHeader {
  private CmafHeader() {}

  /** Sample entries this server can describe in manifests. */
  public static final List<String> SUPPORTED =
      List.of("avc1", "avc3", "hvc1", "hev1", "mp4a", "Opus", "wvtt", "stpp", "urim", "evte");

  /** Bytes of a VisualSampleEntry before its child boxes (SampleEntry 8 + 70). */
  private static final int VISUAL_ENTRY_FIELDS = 78;
  /** Bytes of an AudioSampleEntry before its child boxes (SampleEntry 8 + 20). */
  private static final int AUDIO_ENTRY_FIELDS = 28;
  /** Bytes of a plain SampleEntry (reserved + data_reference_index). */
  private static final int SAMPLE_ENTRY_FIELDS = 8;

  /**
   * Parses the top-level boxes of a CMAF header in the readable bytes of {@code ftypMoov} (left
   * unchanged and not released).
   */
  public static TrackInfo parse(ByteBuf ftypMoov) throws CmafException {
    try {
      return parseBoxes(ftypMoov);
    } catch (BoxFormatException | IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new CmafException(CmafException.Kind.MALFORMED, "malformed CMAF header: " + e.getMessage(), e);
    }
  }

  private static TrackInfo parseBoxes(ByteBuf bytes) throws CmafException {
    Box moov = Boxes.first(bytes, MOOV);
    if (moov == null) {
      throw CmafException.malformed("CMAF header without moov");
    }
    List<Box> traks = Boxes.all(moov.payload(), TRAK);
    if (traks.isEmpty()) {
      throw CmafException.malformed("moov without trak");
    }
    if (traks.size() > 1) {
      throw CmafException.unsupported("moov has " + traks.size() + " tracks; a CMAF header has one");
    }
    Box trak = traks.get(0);

    Box tkhd = require(trak, "tkhd");
    ByteBuf t = tkhd.fullPayload();
    t.skipBytes(tkhd.version() == 1 ? 16 : 8);
    int trackId = t.readInt();

    Box mdia = require(trak, "mdia");
    Box mdhd = require(mdia, "mdhd");
    ByteBuf m = mdhd.fullPayload();
    m.skipBytes(mdhd.version() == 1 ? 16 : 8);
    long timescale = m.readUnsignedInt();
    m.skipBytes(mdhd.version() == 1 ? 8 : 4);
    String language = language(m.readUnsignedShort());
    if (timescale == 0) {
      throw CmafException.malformed("mdhd timescale is 0");
    }

    Box hdlr = require(mdia, "hdlr");
    ByteBuf h = hdlr.fullPayload();
    h.skipBytes(4);
    String handler = FourCC.toString(h.readInt());

    Box elng = Boxes.child(mdia, ELNG);
    String extendedLanguage = null;
    if (elng != null) {
      ByteBuf e = elng.fullPayload();
      extendedLanguage = Boxes.cstring(e, e.readerIndex(), e.writerIndex());
    }

    Box stsd = require(mdia, "minf/stbl/stsd");
    ByteBuf s = stsd.fullPayload();
    long entries = s.readUnsignedInt();
    if (entries != 1) {
      throw CmafException.malformed("stsd has " + entries + " sample entries; CMAF requires one");
    }
    Box entry = Boxes.boxAt(s, s.readerIndex(), s.writerIndex());
    Entry info = sampleEntry(entry);

    List<TrackInfo.Kind> kinds = new ArrayList<>();
    Box udta = Boxes.child(trak, UDTA);
    if (udta != null) {
      for (Box kind : Boxes.all(udta.payload(), KIND)) {
        ByteBuf k = kind.fullPayload();
        int i = k.readerIndex();
        int end = k.writerIndex();
        String scheme = Boxes.cstring(k, i, end);
        String value = Boxes.cstring(k, Boxes.skipCstring(k, i, end), end);
        kinds.add(new TrackInfo.Kind(scheme, value));
      }
    }

    long defaultDuration = 0;
    long defaultSize = 0;
    int defaultFlags = 0;
    Box mvex = Boxes.child(moov, MVEX);
    if (mvex != null) {
      for (Box trex : Boxes.all(mvex.payload(), TREX)) {
        ByteBuf x = trex.fullPayload();
        if (x.readInt() == trackId) {
          x.skipBytes(4); // default_sample_description_index
          defaultDuration = x.readUnsignedInt();
          defaultSize = x.readUnsignedInt();
          defaultFlags = x.readInt();
        }
      }
    }
    return new TrackInfo(trackId, handler, timescale, language, extendedLanguage, info.name, info.codecs,
        info.width, info.height, info.sampleRate, info.channels, info.avgBitrate, info.maxBitrate, kinds,
        defaultDuration, defaultFlags, defaultSize);
  }

  /** What a sample entry says. */
  private record Entry(String name, String codecs, int width, int height, int sampleRate, int channels,
      long avgBitrate, long maxBitrate) {}

  private static Entry sampleEntry(Box entry) throws CmafException {
    String name = entry.typeName();
    int type = entry.type();
    if (type == ENCV || type == ENCA || type == ENCT || type == ENCS) {
      throw CmafException.unsupported("encrypted sample entry '" + name + "' (protected media is not supported)");
    }
    if (!SUPPORTED.contains(name)) {
      throw CmafException.unsupported("unsupported sample entry '" + name + "'");
    }
    ByteBuf p = entry.payload();
    int start = p.readerIndex();
    if (type == AVC1 || type == AVC3 || type == HVC1 || type == HEV1) {
      int width = p.getUnsignedShort(start + 24);
      int height = p.getUnsignedShort(start + 26);
      ByteBuf children = p.slice(start + VISUAL_ENTRY_FIELDS, p.readableBytes() - VISUAL_ENTRY_FIELDS);
      String codecs;
      if (type == AVC1 || type == AVC3) {
        codecs = AvcConfig.parse(requireIn(children, AVCC, name).payload()).codecs(name);
      } else {
        codecs = HevcConfig.parse(requireIn(children, HVCC, name).payload()).codecs(name);
      }
      long[] btrt = btrt(children);
      return new Entry(name, codecs, width, height, 0, 0, btrt[0], btrt[1]);
    }
    if (type == MP4A || type == OPUS) {
      int version = p.getUnsignedShort(start + 8);
      int channels = p.getUnsignedShort(start + 16);
      int sampleRate = p.getUnsignedShort(start + 24); // 16.16 fixed point, integer part
      // QuickTime sound description versions 1 and 2 carry 16 or 36 more bytes before the children.
      int fields = AUDIO_ENTRY_FIELDS + (version == 1 ? 16 : version == 2 ? 36 : 0);
      ByteBuf children = p.slice(start + fields, p.readableBytes() - fields);
      long[] btrt = btrt(children);
      String codecs;
      if (type == MP4A) {
        EsDescriptor es = EsDescriptor.parse(requireIn(children, ESDS, name).fullPayload());
        codecs = es.codecs();
        if (btrt[0] == 0 && btrt[1] == 0) {
          btrt = new long[] {es.avgBitrate(), es.maxBitrate()};
        }
      } else {
        OpusConfig opus = OpusConfig.parse(requireIn(children, DOPS, name).payload());
        channels = opus.outputChannelCount();
        codecs = "opus";
      }
      return new Entry(name, codecs, 0, 0, sampleRate, channels, btrt[0], btrt[1]);
    }
    if (type == STPP) {
      // XMLSubtitleSampleEntry: namespace, schema_location, auxiliary_mime_types, then boxes.
      int end = p.writerIndex();
      int i = Boxes.skipCstring(p, start + SAMPLE_ENTRY_FIELDS, end);
      i = Boxes.skipCstring(p, i, end);
      i = Boxes.skipCstring(p, i, end);
      ByteBuf children = p.slice(i, end - i);
      long[] btrt = btrt(children);
      return new Entry(name, stppCodecs(children), 0, 0, 0, 0, btrt[0], btrt[1]);
    }
    // wvtt, urim, evte: a plain SampleEntry followed by boxes.
    ByteBuf children = p.slice(start + SAMPLE_ENTRY_FIELDS, p.readableBytes() - SAMPLE_ENTRY_FIELDS);
    long[] btrt = btrt(children);
    return new Entry(name, name, 0, 0, 0, 0, btrt[0], btrt[1]);
  }

  /**
   * "stpp", refined to {@code stpp.ttml.<profile>} when a MIMEBox (ISO/IEC 14496-30) carries
   * {@code codecs=stpp.ttml.<profile>} for the TTML profile (e.g. im1t, im1i).
   */
  private static String stppCodecs(ByteBuf children) {
    Box mime = Boxes.first(children, MIME);
    if (mime != null) {
      ByteBuf m = mime.fullPayload();
      String type = Boxes.cstring(m, m.readerIndex(), m.writerIndex());
      int at = type.indexOf("codecs=");
      if (at >= 0) {
        String value = type.substring(at + 7).replace("\"", "").split("[;,\\s]")[0];
        if (value.startsWith("stpp.") || value.startsWith("im1") || value.startsWith("im2")) {
          return value.startsWith("stpp.") ? value : "stpp.ttml." + value;
        }
      }
    }
    return "stpp";
  }

  /** {avgBitrate, maxBitrate} of a btrt box among {@code children}, zeros when absent. */
  private static long[] btrt(ByteBuf children) {
    Box b = Boxes.first(children, BTRT);
    if (b == null) {
      return new long[2];
    }
    ByteBuf p = b.payload();
    p.skipBytes(4); // bufferSizeDB
    long max = p.readUnsignedInt();
    long avg = p.readUnsignedInt();
    return new long[] {avg, max};
  }

  /** ISO 639-2/T code packed as three 5-bit letters (ISO/IEC 14496-12 8.4.2). */
  static String language(int packed) {
    int code = packed & 0x7fff;
    if (code == 0) {
      return "und";
    }
    char[] c = {(char) ((code >> 10 & 0x1f) + 0x60), (char) ((code >> 5 & 0x1f) + 0x60), (char) ((code & 0x1f) + 0x60)};
    for (char ch : c) {
      if (ch < 'a' || ch > 'z') {
        return "und";
      }
    }
    return new String(c);
  }

  private static Box require(Box parent, String path) throws CmafException {
    Box b = Boxes.find(parent, path);
    if (b == null) {
      throw CmafException.malformed("CMAF header without " + parent.typeName() + "/" + path);
    }
    return b;
  }

  private static Box requireIn(ByteBuf children, int type, String entry) throws CmafException {
    Box b = Boxes.first(children, type);
    if (b == null) {
      throw CmafException.malformed("sample entry '" + entry + "' without '" + FourCC.toString(type) + "'");
    }
    return b;
  }
}
