package io.livepoint.media.cmaf;

import io.livepoint.media.box.BoxWriter;
import io.livepoint.media.codec.AudioSpecificConfig;
import io.livepoint.media.codec.AvcConfig;
import io.livepoint.media.codec.AvcSps;
import io.livepoint.media.codec.CodecConfig;
import io.livepoint.media.codec.HevcConfig;
import io.livepoint.media.codec.HevcSps;
import io.livepoint.media.codec.OpusConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * Writes CMAF from elementary streams (a pulled camera, an RTSP RECORD): a header (ftyp + moov with one
 * avc1, hvc1, mp4a or Opus track and an mvex/trex) from a codec configuration, and fragments (moof +
 * mdat) from samples, with tfdt, per-sample durations, sizes, sync flags and signed composition offsets.
 */
public final class CmafWriter {
  private CmafWriter() {}

  /** The brands of the CMAF header: ISOBMFF 'iso6' and the CMAF track brand. */
  static final List<String> BRANDS = List.of("cmfc", "iso6");
  /** sample_depends_on=1 | sample_is_non_sync_sample: a non-sync sample (ISO/IEC 14496-12 8.8.3.1). */
  static final int NON_SYNC_FLAGS = 0x01010000;
  /** sample_depends_on=2: a sync sample. */
  static final int SYNC_FLAGS = 0x02000000;
  private static final int[] MATRIX = {0x00010000, 0, 0, 0, 0x00010000, 0, 0, 0, 0x40000000};

  /** The timescale a track of this configuration uses: 90 kHz video, the sample rate for audio. */
  public static long timescale(CodecConfig config) {
    return switch (config) {
      case AvcConfig a -> 90000;
      case HevcConfig h -> 90000;
      case AudioSpecificConfig a -> a.sampleRate();
      case OpusConfig o -> 48000;
    };
  }

  /**
   * A CMAF header for one track. The caller owns the result.
   *
   * @throws IllegalArgumentException when a parameter set cannot be parsed
   */
  public static ByteBuf header(CodecConfig config, int trackId, long timescale, ByteBufAllocator alloc) {
    ByteBuf out = alloc.buffer(1024);
    try {
      BoxWriter w = new BoxWriter(out);
      w.start("ftyp").fourcc(BRANDS.get(0)).u32(0);
      BRANDS.forEach(w::fourcc);
      w.end();
      boolean video = config instanceof AvcConfig || config instanceof HevcConfig;
      int[] size = video ? pictureSize(config) : new int[2];
      w.start("moov");
      w.startFull("mvhd", 0, 0).u32(0).u32(0).u32(1000).u32(0).u32(0x00010000).u16(0x0100).zeros(10);
      matrix(w);
      w.zeros(24).u32(trackId + 1).end();
      w.start("trak");
      w.startFull("tkhd", 0, 3).u32(0).u32(0).u32(trackId).u32(0).u32(0).zeros(8).u16(0).u16(0)
          .u16(video ? 0 : 0x0100).u16(0);
      matrix(w);
      w.u32((long) size[0] << 16).u32((long) size[1] << 16).end();
      w.start("mdia");
      w.startFull("mdhd", 0, 0).u32(0).u32(0).u32(timescale).u32(0).u16(0x55c4).u16(0).end(); // 'und'
      w.startFull("hdlr", 0, 0).u32(0).fourcc(video ? "vide" : "soun").zeros(12)
          .cstring(video ? "VideoHandler" : "SoundHandler").end();
      w.start("minf");
      if (video) {
        w.startFull("vmhd", 0, 1).zeros(8).end();
      } else {
        w.startFull("smhd", 0, 0).zeros(4).end();
      }
      w.start("dinf").startFull("dref", 0, 0).u32(1).startFull("url ", 0, 1).end().end().end();
      w.start("stbl");
      w.startFull("stsd", 0, 0).u32(1);
      sampleEntry(w, config, size);
      w.end();
      w.startFull("stts", 0, 0).u32(0).end();
      w.startFull("stsc", 0, 0).u32(0).end();
      w.startFull("stsz", 0, 0).u32(0).u32(0).end();
      w.startFull("stco", 0, 0).u32(0).end();
      w.end().end().end().end(); // stbl, minf, mdia, trak
      w.start("mvex").startFull("trex", 0, 0).u32(trackId).u32(1).u32(0).u32(0).u32(0).end().end();
      w.end(); // moov
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }

  private static void matrix(BoxWriter w) {
    for (int m : MATRIX) {
      w.u32(m);
    }
  }

  private static int[] pictureSize(CodecConfig config) {
    if (config instanceof AvcConfig a) {
      AvcSps s = AvcSps.parse(a.sps().get(0));
      return new int[] {s.width(), s.height()};
    }
    HevcSps s = HevcSps.parse(((HevcConfig) config).sps().get(0));
    return new int[] {s.width(), s.height()};
  }

  private static void sampleEntry(BoxWriter w, CodecConfig config, int[] size) {
    switch (config) {
      case AvcConfig a -> {
        visualEntry(w, "avc1", size);
        w.start("avcC");
        avcC(w, a);
        w.end().end();
      }
      case HevcConfig h -> {
        visualEntry(w, "hvc1", size);
        w.start("hvcC");
        hvcC(w, h);
        w.end().end();
      }
      case AudioSpecificConfig a -> {
        audioEntry(w, "mp4a", a.channels(), a.sampleRate());
        esds(w, a.bytes());
        w.end();
      }
      case OpusConfig o -> {
        audioEntry(w, "Opus", o.outputChannelCount(), 48000);
        w.start("dOps").u8(0).u8(o.outputChannelCount()).u16(o.preSkip()).u32(o.inputSampleRate())
            .u16(o.outputGain()).u8(0).end();
        w.end();
      }
    }
  }

  private static void visualEntry(BoxWriter w, String type, int[] size) {
    w.start(type).zeros(6).u16(1).u16(0).u16(0).zeros(12).u16(size[0]).u16(size[1]).u32(0x00480000)
        .u32(0x00480000).u32(0).u16(1).zeros(32).u16(0x0018).u16(0xffff);
  }

  private static void audioEntry(BoxWriter w, String type, int channels, int rate) {
    w.start(type).zeros(6).u16(1).zeros(8).u16(channels).u16(16).u16(0).u16(0).u32((long) (rate & 0xffff) << 16);
  }

  /** AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1) with 4-byte NAL unit lengths. */
  private static void avcC(BoxWriter w, AvcConfig a) {
    w.u8(1).u8(a.profile()).u8(a.compatibility()).u8(a.level()).u8(0xfc | 3).u8(0xe0 | a.sps().size());
    a.sps().forEach(s -> w.u16(s.length).bytes(s));
    w.u8(a.pps().size());
    a.pps().forEach(p -> w.u16(p.length).bytes(p));
    if (a.profile() == 100 || a.profile() == 110 || a.profile() == 122 || a.profile() == 144) {
      AvcSps s = AvcSps.parse(a.sps().get(0));
      w.u8(0xfc | s.chromaFormatIdc()).u8(0xf8 | s.bitDepthLuma() - 8).u8(0xf8 | s.bitDepthChroma() - 8).u8(0);
    }
  }

  /** HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3.1) with 4-byte NAL unit lengths. */
  private static void hvcC(BoxWriter w, HevcConfig h) {
    HevcSps s = HevcSps.parse(h.sps().get(0));
    w.u8(1).u8(h.profileSpace() << 6 | (h.tierFlag() ? 0x20 : 0) | h.profileIdc()).u32(h.compatibilityFlags() & 0xffffffffL)
        .bytes(h.constraintFlags()).u8(h.levelIdc()).u16(0xf000).u8(0xfc).u8(0xfc | s.chromaFormatIdc())
        .u8(0xf8 | s.bitDepthLuma() - 8).u8(0xf8 | s.bitDepthChroma() - 8).u16(0)
        .u8((s.maxSubLayersMinus1() + 1) << 3 | (s.temporalIdNesting() ? 4 : 0) | 3);
    List<List<byte[]>> arrays = List.of(h.vps(), h.sps(), h.pps());
    int[] types = {32, 33, 34};
    w.u8((int) arrays.stream().filter(l -> !l.isEmpty()).count());
    for (int i = 0; i < 3; i++) {
      if (arrays.get(i).isEmpty()) {
        continue;
      }
      w.u8(0x80 | types[i]).u16(arrays.get(i).size());
      arrays.get(i).forEach(n -> w.u16(n.length).bytes(n));
    }
  }

  /** ES_Descriptor with a DecoderConfigDescriptor for MPEG-4 Audio (ISO/IEC 14496-1 7.2.6.5). */
  private static void esds(BoxWriter w, byte[] asc) {
    int dsi = 2 + asc.length;
    int dcd = 2 + 13 + dsi;
    int es = 2 + 3 + dcd + 3;
    w.startFull("esds", 0, 0);
    w.u8(3).u8(es - 2).u16(0).u8(0);
    w.u8(4).u8(dcd - 2).u8(0x40).u8(0x15).u24(0).u32(0).u32(0);
    w.u8(5).u8(asc.length).bytes(asc);
    w.u8(6).u8(1).u8(2);
    w.end();
  }

  /**
   * One CMAF fragment (optional styp, moof, mdat) holding {@code samples} in decode order. The sample
   * bytes are copied into the mdat; the samples stay the caller's. The caller owns the result.
   *
   * @param segmentType a styp to put first (a segment start), or null
   */
  public static ByteBuf fragment(long sequenceNumber, int trackId, List<Sample> samples, SegmentType segmentType,
      ByteBufAllocator alloc) {
    if (samples.isEmpty()) {
      throw new IllegalArgumentException("a fragment needs at least one sample");
    }
    long bytes = samples.stream().mapToLong(s -> s.data().readableBytes()).sum();
    if (bytes > Integer.MAX_VALUE - 65536) {
      throw new IllegalArgumentException("fragment too large: " + bytes + " bytes");
    }
    boolean cto = samples.stream().anyMatch(s -> s.compositionOffset() != 0);
    ByteBuf out = alloc.buffer(256 + 16 * samples.size() + (int) bytes);
    try {
      BoxWriter w = new BoxWriter(out);
      if (segmentType != null) {
        segmentType.write(w);
      }
      int moofStart = out.writerIndex();
      w.start("moof");
      w.startFull("mfhd", 0, 0).u32(sequenceNumber).end();
      w.start("traf");
      w.startFull("tfhd", 0, FragmentInfo.TFHD_DEFAULT_BASE_IS_MOOF).u32(trackId).end();
      w.startFull("tfdt", 1, 0).u64(samples.get(0).decodeTime()).end();
      int flags = FragmentInfo.TRUN_DATA_OFFSET | FragmentInfo.TRUN_DURATION | FragmentInfo.TRUN_SIZE
          | FragmentInfo.TRUN_FLAGS | (cto ? FragmentInfo.TRUN_COMPOSITION_OFFSET : 0);
      w.startFull("trun", 1, flags).u32(samples.size());
      int dataOffsetAt = out.writerIndex();
      w.u32(0);
      for (Sample s : samples) {
        w.u32(s.duration()).u32(s.data().readableBytes()).u32(s.sync() ? SYNC_FLAGS : NON_SYNC_FLAGS);
        if (cto) {
          w.u32(s.compositionOffset());
        }
      }
      w.end().end().end(); // trun, traf, moof
      out.setInt(dataOffsetAt, out.writerIndex() - moofStart + 8);
      w.start("mdat");
      samples.forEach(s -> w.bytes(s.data()));
      w.end();
      return out;
    } catch (RuntimeException e) {
      out.release();
      throw e;
    }
  }
}
