package io.livepoint.media.rtp;

import io.livepoint.media.cmaf.CmafWriter;
import io.livepoint.media.cmaf.NalUnits;
import io.livepoint.media.cmaf.Sample;
import io.livepoint.media.cmaf.SegmentType;
import io.livepoint.media.codec.AvcConfig;
import io.livepoint.media.codec.CodecConfig;
import io.livepoint.media.codec.HevcConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/**
 * Access units from RTP (a pulled camera, RTSP RECORD) muxed into CMAF: the header from the codec
 * configuration, fragments from the access units received so far. The track timescale is the RTP clock
 * rate, so timestamps need no scaling. RTP carries presentation times only; decode times are the
 * presentation times of a fragment's samples in ascending order (right for streams without B-frames,
 * and for reordered ones gives negative-or-positive composition offsets in a version 1 trun, as CMAF
 * allows). The last access unit waits for the next one, which gives its duration.
 */
public final class CmafTrackSink implements AutoCloseable {
  private final CodecConfig config;
  private final int trackId;
  private final ByteBufAllocator alloc;
  private final List<AccessUnit> pending = new ArrayList<>();
  private long sequenceNumber = 1;
  private long lastDuration;
  private long nextDecodeTime = Long.MIN_VALUE;

  public CmafTrackSink(CodecConfig config, int trackId, ByteBufAllocator alloc) {
    this.config = config;
    this.trackId = trackId;
    this.alloc = alloc;
  }

  /** The CMAF header (the caller owns it). */
  public ByteBuf header() {
    return CmafWriter.header(config, trackId, CmafWriter.timescale(config), alloc);
  }

  /** Takes ownership of an access unit (timestamps extended, in the track timescale). */
  public void add(AccessUnit au) {
    pending.add(au);
  }

  /** Access units waiting for a fragment. */
  public int pending() {
    return pending.size();
  }

  /** Whether the next fragment would start with a key access unit. */
  public boolean startsWithKey() {
    return !pending.isEmpty() && pending.get(0).key();
  }

  /**
   * A fragment of all access units but the last (whose duration is not known yet), or null when fewer
   * than two are waiting. The caller owns the result.
   *
   * @param segmentType a styp to start a segment with, or null
   */
  public ByteBuf fragment(SegmentType segmentType) {
    if (pending.size() < 2) {
      return null;
    }
    return write(pending.size() - 1, pending.get(pending.size() - 1).timestamp(), segmentType);
  }

  /** A fragment of everything waiting (end of stream: the last duration repeats the one before). */
  public ByteBuf finish(SegmentType segmentType) {
    if (pending.isEmpty()) {
      return null;
    }
    long end = pending.stream().mapToLong(AccessUnit::timestamp).max().orElseThrow() + Math.max(1, lastDuration);
    return write(pending.size(), end, segmentType);
  }

  private ByteBuf write(int count, long endTime, SegmentType segmentType) {
    List<AccessUnit> aus = new ArrayList<>(pending.subList(0, count));
    long[] decode = aus.stream().mapToLong(AccessUnit::timestamp).sorted().toArray();
    if (nextDecodeTime != Long.MIN_VALUE && decode[0] < nextDecodeTime) {
      decode[0] = nextDecodeTime; // decode times never go back across fragments
      for (int i = 1; i < decode.length; i++) {
        decode[i] = Math.max(decode[i], decode[i - 1] + 1);
      }
    }
    long end = Math.max(endTime, decode[count - 1] + 1);
    List<Sample> samples = new ArrayList<>(count);
    try {
      for (int i = 0; i < count; i++) {
        AccessUnit au = aus.get(i);
        long duration = (i + 1 < count ? decode[i + 1] : end) - decode[i];
        ByteBuf data = config instanceof AvcConfig || config instanceof HevcConfig
            ? NalUnits.lengthPrefixed(au.units(), alloc)
            : au.frame().retainedSlice();
        samples.add(new Sample(decode[i], (int) (au.timestamp() - decode[i]), duration, au.key(), data));
        lastDuration = duration;
      }
      nextDecodeTime = end;
      return CmafWriter.fragment(sequenceNumber++, trackId, samples, segmentType, alloc);
    } finally {
      samples.forEach(Sample::release);
      aus.forEach(AccessUnit::release);
      pending.subList(0, count).clear();
    }
  }

  @Override
  public void close() {
    pending.forEach(AccessUnit::release);
    pending.clear();
  }
}
