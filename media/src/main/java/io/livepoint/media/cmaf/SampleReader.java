package io.livepoint.media.cmaf;

import static io.livepoint.media.box.BoxTypes.*;

import io.livepoint.media.box.Box;
import io.livepoint.media.box.BoxFormatException;
import io.livepoint.media.box.Boxes;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the samples of a CMAF chunk (one or more moof + mdat pairs, possibly with styp/prft/emsg
 * before): timing from tfdt and trun (tfhd and trex defaults), bytes located by the trun data offsets
 * relative to the moof (CMAF 7.5.16: default-base-is-moof). Each sample's bytes are a retained slice of
 * the chunk: no copy, so many readers can share one stored chunk.
 */
public final class SampleReader {
  private SampleReader() {}

  /**
   * The samples of {@code track} in the readable bytes of {@code chunk} (left unchanged, not released).
   * The caller releases every sample.
   *
   * @throws CmafException MALFORMED when a box or a sample lies outside the chunk, UNSUPPORTED for an
   *     explicit base_data_offset (it refers to a file, not to the chunk)
   */
  public static List<Sample> read(ByteBuf chunk, TrackInfo track) throws CmafException {
    List<Sample> out = new ArrayList<>();
    try {
      int at = chunk.readerIndex();
      while (at < chunk.writerIndex()) {
        Box top = Boxes.boxAt(chunk, at, chunk.writerIndex());
        if (top.type() == MOOF) {
          readMoof(chunk, top, at, track, out);
        }
        at += top.size();
      }
      return out;
    } catch (BoxFormatException | IndexOutOfBoundsException | IllegalArgumentException e) {
      out.forEach(Sample::release);
      throw new CmafException(CmafException.Kind.MALFORMED, "malformed chunk: " + e.getMessage(), e);
    } catch (CmafException e) {
      out.forEach(Sample::release);
      throw e;
    }
  }

  /** @param base index of the moof in {@code chunk}: the base of its data offsets */
  private static void readMoof(ByteBuf chunk, Box moof, int base, TrackInfo track, List<Sample> out)
      throws CmafException {
    boolean video = track.mediaKind() == TrackInfo.MediaKind.VIDEO;
    for (Box traf : Boxes.all(moof.payload(), TRAF)) {
      Box tfhd = Boxes.child(traf, TFHD);
      if (tfhd == null) {
        throw CmafException.malformed("traf without tfhd");
      }
      int flags = tfhd.flags();
      ByteBuf h = tfhd.fullPayload();
      if (h.readInt() != track.trackId()) {
        continue;
      }
      if ((flags & FragmentInfo.TFHD_BASE_DATA_OFFSET) != 0) {
        throw CmafException.unsupported("tfhd base_data_offset (CMAF uses default-base-is-moof)");
      }
      if ((flags & FragmentInfo.TFHD_SAMPLE_DESCRIPTION_INDEX) != 0) {
        h.skipBytes(4);
      }
      long defDuration = (flags & FragmentInfo.TFHD_DEFAULT_DURATION) != 0 ? h.readUnsignedInt()
          : track.defaultSampleDuration();
      long defSize = (flags & FragmentInfo.TFHD_DEFAULT_SIZE) != 0 ? h.readUnsignedInt() : track.defaultSampleSize();
      int defFlags = (flags & FragmentInfo.TFHD_DEFAULT_FLAGS) != 0 ? h.readInt() : track.defaultSampleFlags();
      Box tfdt = Boxes.child(traf, TFDT);
      if (tfdt == null) {
        throw CmafException.malformed("traf without tfdt (required by CMAF)");
      }
      ByteBuf d = tfdt.fullPayload();
      long time = tfdt.version() == 1 ? d.readLong() : d.readUnsignedInt();
      long dataAt = base;
      for (Box trun : Boxes.all(traf.payload(), TRUN)) {
        int tf = trun.flags();
        ByteBuf r = trun.fullPayload();
        long n = r.readUnsignedInt();
        if ((tf & FragmentInfo.TRUN_DATA_OFFSET) != 0) {
          dataAt = base + r.readInt();
        }
        int firstFlags = (tf & FragmentInfo.TRUN_FIRST_SAMPLE_FLAGS) != 0 ? r.readInt() : defFlags;
        int perSample = 4 * Integer.bitCount(tf & (FragmentInfo.TRUN_DURATION | FragmentInfo.TRUN_SIZE
            | FragmentInfo.TRUN_FLAGS | FragmentInfo.TRUN_COMPOSITION_OFFSET));
        if (n > FragmentInfo.MAX_TRUN_SAMPLES || n * perSample > r.readableBytes()) {
          throw CmafException.malformed("trun sample_count " + n + " exceeds the box");
        }
        for (int i = 0; i < n; i++) {
          long duration = (tf & FragmentInfo.TRUN_DURATION) != 0 ? r.readUnsignedInt() : defDuration;
          long size = (tf & FragmentInfo.TRUN_SIZE) != 0 ? r.readUnsignedInt() : defSize;
          int sampleFlags = (tf & FragmentInfo.TRUN_FLAGS) != 0 ? r.readInt() : i == 0 ? firstFlags : defFlags;
          if (i == 0 && (tf & FragmentInfo.TRUN_FIRST_SAMPLE_FLAGS) != 0) {
            sampleFlags = firstFlags;
          }
          int cto = (tf & FragmentInfo.TRUN_COMPOSITION_OFFSET) != 0 ? r.readInt() : 0;
          if (dataAt < chunk.readerIndex() || dataAt + size > chunk.writerIndex()) {
            throw CmafException.malformed("sample " + i + " (" + size + " bytes at " + (dataAt - base)
                + " from the moof) lies outside the chunk");
          }
          boolean sync = !video || (sampleFlags & FragmentInfo.SAMPLE_IS_NON_SYNC) == 0;
          out.add(new Sample(time, cto, duration, sync, chunk.retainedSlice((int) dataAt, (int) size)));
          time += duration;
          dataAt += size;
        }
      }
    }
  }
}
