package io.livepoint.media.cmaf;

import static io.livepoint.media.box.BoxTypes.*;

import io.livepoint.media.box.Box;
import io.livepoint.media.box.BoxFormatException;
import io.livepoint.media.box.Boxes;
import io.netty.buffer.ByteBuf;

/**
 * What a movie fragment ({@code moof}) says about its samples: decode time, duration, count, whether it
 * starts with a sync sample and how many media bytes it describes.
 *
 * @param sequenceNumber mfhd sequence_number
 * @param trackId tfhd track_ID
 * @param baseMediaDecodeTime tfdt baseMediaDecodeTime (version 0 or 1)
 * @param duration sum of the sample durations, in the track timescale
 * @param sampleCount number of samples over all truns
 * @param firstSampleSync whether the first sample is a sync sample (always true for non-video tracks)
 * @param sampleBytes sum of the sample sizes
 */
public record FragmentInfo(long sequenceNumber, int trackId, long baseMediaDecodeTime, long duration,
    int sampleCount, boolean firstSampleSync, long sampleBytes) {

  // tfhd flags (ISO/IEC 14496-12 8.8.7)
  static final int TFHD_BASE_DATA_OFFSET = 0x000001;
  static final int TFHD_SAMPLE_DESCRIPTION_INDEX = 0x000002;
  static final int TFHD_DEFAULT_DURATION = 0x000008;
  static final int TFHD_DEFAULT_SIZE = 0x000010;
  static final int TFHD_DEFAULT_FLAGS = 0x000020;
  static final int TFHD_DEFAULT_BASE_IS_MOOF = 0x020000;
  // trun flags (8.8.8)
  static final int TRUN_DATA_OFFSET = 0x000001;
  static final int TRUN_FIRST_SAMPLE_FLAGS = 0x000004;
  static final int TRUN_DURATION = 0x000100;
  static final int TRUN_SIZE = 0x000200;
  static final int TRUN_FLAGS = 0x000400;
  static final int TRUN_COMPOSITION_OFFSET = 0x000800;
  /**
   * Most samples one trun may declare. A trun without per-sample fields costs no bytes per sample, so
   * its sample_count is otherwise unbounded by the box size; 2^20 samples is hours of audio frames.
   */
  public static final int MAX_TRUN_SAMPLES = 1 << 20;
  /** sample_is_non_sync_sample in sample flags (8.8.3.1). */
  static final int SAMPLE_IS_NON_SYNC = 0x00010000;

  /** End of this fragment on the media timeline. */
  public long endTime() {
    return baseMediaDecodeTime + duration;
  }

  /**
   * Parses a whole moof box (readable bytes of {@code moof}, left unchanged). With several trafs, the
   * ones for {@code defaults.trackId()} are read (CMAF has one).
   *
   * @param defaults the track's header: trex defaults, and whether it is video (sync flags matter)
   */
  public static FragmentInfo parse(ByteBuf moof, TrackInfo defaults) throws CmafException {
    try {
      Box box = Boxes.boxAt(moof, moof.readerIndex(), moof.writerIndex());
      if (box.type() != MOOF) {
        throw CmafException.malformed("expected moof, got '" + box.typeName() + "'");
      }
      return parse(box, defaults);
    } catch (BoxFormatException | IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new CmafException(CmafException.Kind.MALFORMED, "malformed moof: " + e.getMessage(), e);
    }
  }

  private static FragmentInfo parse(Box moof, TrackInfo defaults) throws CmafException {
    Box mfhd = Boxes.child(moof, MFHD);
    if (mfhd == null) {
      throw CmafException.malformed("moof without mfhd");
    }
    long sequence = mfhd.fullPayload().readUnsignedInt();
    boolean video = defaults == null || defaults.mediaKind() == TrackInfo.MediaKind.VIDEO;
    int trackId = -1;
    long tfdt = -1;
    long duration = 0;
    long bytes = 0;
    int count = 0;
    Boolean firstSync = null;
    for (Box traf : Boxes.all(moof.payload(), TRAF)) {
      Box tfhd = Boxes.child(traf, TFHD);
      if (tfhd == null) {
        throw CmafException.malformed("traf without tfhd");
      }
      int flags = tfhd.flags();
      ByteBuf h = tfhd.fullPayload();
      int id = h.readInt();
      if (defaults != null && id != defaults.trackId() || trackId != -1 && id != trackId) {
        continue;
      }
      trackId = id;
      if ((flags & TFHD_BASE_DATA_OFFSET) != 0) {
        h.skipBytes(8);
      }
      if ((flags & TFHD_SAMPLE_DESCRIPTION_INDEX) != 0) {
        h.skipBytes(4);
      }
      long defDuration = (flags & TFHD_DEFAULT_DURATION) != 0 ? h.readUnsignedInt()
          : defaults == null ? 0 : defaults.defaultSampleDuration();
      long defSize = (flags & TFHD_DEFAULT_SIZE) != 0 ? h.readUnsignedInt()
          : defaults == null ? 0 : defaults.defaultSampleSize();
      int defFlags = (flags & TFHD_DEFAULT_FLAGS) != 0 ? h.readInt()
          : defaults == null ? 0 : defaults.defaultSampleFlags();

      Box tfdtBox = Boxes.child(traf, TFDT);
      if (tfdtBox != null && tfdt < 0) {
        ByteBuf d = tfdtBox.fullPayload();
        tfdt = tfdtBox.version() == 1 ? d.readLong() : d.readUnsignedInt();
        if (tfdt < 0) {
          throw CmafException.malformed("tfdt beyond 2^63");
        }
      }
      for (Box trun : Boxes.all(traf.payload(), TRUN)) {
        int tf = trun.flags();
        ByteBuf r = trun.fullPayload();
        long n = r.readUnsignedInt();
        if ((tf & TRUN_DATA_OFFSET) != 0) {
          r.skipBytes(4);
        }
        int firstFlags = (tf & TRUN_FIRST_SAMPLE_FLAGS) != 0 ? r.readInt() : defFlags;
        int perSample = 4 * Integer.bitCount(tf & (TRUN_DURATION | TRUN_SIZE | TRUN_FLAGS | TRUN_COMPOSITION_OFFSET));
        if (n > MAX_TRUN_SAMPLES) {
          throw CmafException.malformed("trun sample_count " + n + " exceeds the limit of " + MAX_TRUN_SAMPLES);
        }
        if (n * perSample > r.readableBytes() || count + n > Integer.MAX_VALUE) {
          throw CmafException.malformed("trun sample_count " + n + " exceeds the box");
        }
        if (perSample == 0) {
          // Every sample takes the defaults: the totals are products, no loop over a declared count.
          duration += n * defDuration;
          bytes += n * defSize;
          if (firstSync == null && n > 0) {
            firstSync = (firstFlags & SAMPLE_IS_NON_SYNC) == 0;
          }
          count += (int) n;
          continue;
        }
        for (long i = 0; i < n; i++) {
          duration += (tf & TRUN_DURATION) != 0 ? r.readUnsignedInt() : defDuration;
          bytes += (tf & TRUN_SIZE) != 0 ? r.readUnsignedInt() : defSize;
          int sampleFlags = (tf & TRUN_FLAGS) != 0 ? r.readInt() : defFlags;
          if ((tf & TRUN_COMPOSITION_OFFSET) != 0) {
            r.skipBytes(4);
          }
          if (firstSync == null) {
            int f = i == 0 && (tf & TRUN_FIRST_SAMPLE_FLAGS) != 0 ? firstFlags : sampleFlags;
            firstSync = (f & SAMPLE_IS_NON_SYNC) == 0;
          }
        }
        count += (int) n;
      }
    }
    if (trackId == -1) {
      throw CmafException.malformed(defaults == null ? "moof without traf"
          : "moof has no traf for track " + defaults.trackId());
    }
    if (tfdt < 0) {
      throw CmafException.malformed("traf without tfdt (required by CMAF)");
    }
    boolean sync = !video || firstSync == null || firstSync;
    return new FragmentInfo(sequence, trackId, tfdt, duration, count, sync, bytes);
  }
}
