package io.livepoint.packager;

import io.livepoint.core.Chunk;
import io.livepoint.core.Segment;
import io.livepoint.core.Track;
import io.livepoint.core.TrackHeader;
import io.livepoint.media.cmaf.TrackInfo;
import io.livepoint.media.cmaf.TrackInfo.MediaKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What the manifests say about one track at one moment: its listed segments and the figures derived
 * from them (bit rates, chunk and segment durations, frame rate, the newest producer time).
 */
final class TrackSnapshot {
  private static final int RATE_SEGMENTS = 6; // recent segments measured for bit rates
  private static final int CHUNK_SEGMENTS = 4; // recent segments looked at for the typical chunk

  final Track track;
  final TrackInfo info;
  final long timescale;
  /** Complete segments, oldest first, then the open one when it is listed (low latency). */
  final List<SegmentSnapshot> segments;
  /** The growing segment, or null (also null when not listed). */
  final SegmentSnapshot open;
  final boolean ended;
  /** Median chunk duration (ticks); equals the segment duration for unchunked ingest. */
  final long typicalChunk;
  /** Longest chunk listed (ticks). */
  final long maxChunk;
  /** Median span of recent complete segments, or the target segment duration before there is one. */
  final long typicalSegment;
  /** What the open segment is expected to last when complete (ticks). */
  final long expectedOpenDuration;
  /** Whether segments arrive in several chunks (so LL-DASH chunks and LL-HLS parts make sense). */
  final boolean chunked;
  final long measuredPeak;
  final long measuredAverage;
  /** Video frame rate as a reduced fraction {numerator, denominator}, or null. */
  final long[] frameRate;
  /** The newest chunk that carried a prft, or null. */
  final Chunk producerReference;

  private TrackSnapshot(Track track, TrackInfo info, List<SegmentSnapshot> all, boolean listOpen,
      boolean ended, SampleCounts sampleCounts) {
    this.track = track;
    this.info = info;
    this.timescale = info.timescale();
    this.ended = ended;
    SegmentSnapshot last = all.get(all.size() - 1);
    SegmentSnapshot growing = last.complete() ? null : last;
    List<SegmentSnapshot> complete = growing == null ? all : all.subList(0, all.size() - 1);
    this.open = listOpen ? growing : null;
    this.segments = List.copyOf(listOpen ? all : complete);
    this.typicalChunk = typicalChunk(all);
    long max = 0;
    for (SegmentSnapshot s : all) {
      for (Chunk c : s.chunks()) {
        max = Math.max(max, c.duration());
      }
    }
    this.maxChunk = max;
    long target = track.ticks(track.stream().settings().targetSegmentDuration());
    this.typicalSegment = complete.isEmpty() ? target : typicalSpan(complete);
    long expected = typicalSegment;
    if (growing != null && growing.duration() >= expected) {
      expected = growing.duration() + Math.max(1, typicalChunk); // running long: at least one more chunk
    }
    this.expectedOpenDuration = expected;
    this.chunked = typicalChunk > 0 && typicalChunk * 4 <= typicalSegment * 3;
    long[] rates = bitRates(complete.isEmpty() ? all : complete);
    this.measuredPeak = rates[0];
    this.measuredAverage = rates[1];
    this.frameRate = info.mediaKind() == MediaKind.VIDEO ? frameRate(complete, all, sampleCounts) : null;
    this.producerReference = newestProducerTime(all);
  }

  /**
   * The snapshot of a track for manifests, or null when it has nothing to list yet (no header, no
   * media, only a growing segment while low latency is off) or is not a manifest kind (metadata).
   */
  static TrackSnapshot of(Track track, boolean lowLatency, SampleCounts sampleCounts) {
    TrackHeader header = track.header();
    if (header == null || header.info().mediaKind() == MediaKind.METADATA || header.info().timescale() <= 0) {
      return null;
    }
    boolean ended = track.isEnded();
    List<Segment> live = track.segments();
    List<SegmentSnapshot> all = new ArrayList<>(live.size());
    for (int i = 0; i < live.size(); i++) {
      Segment s = live.get(i);
      // Only the newest can still grow; an older one not yet flagged is completing right now.
      boolean complete = s.isComplete() || i < live.size() - 1;
      List<Chunk> chunks = s.chunks();
      if (!chunks.isEmpty()) {
        long duration = 0;
        for (Chunk c : chunks) {
          duration += c.duration();
        }
        all.add(new SegmentSnapshot(s, s.number(), s.startTime(), complete, chunks, duration));
      }
    }
    for (int i = 0; i + 1 < all.size(); i++) {
      all.set(i, all.get(i).followedBy(all.get(i + 1)));
    }
    if (all.isEmpty() || (!lowLatency && all.size() == 1 && !all.get(0).complete())) {
      return null;
    }
    return new TrackSnapshot(track, header.info(), all, lowLatency, ended, sampleCounts);
  }

  String id() {
    return track.id();
  }

  MediaKind kind() {
    return info.mediaKind();
  }

  /** Complete segments only (what HLS lists with EXTINF). */
  List<SegmentSnapshot> completeSegments() {
    return open == null ? segments : segments.subList(0, segments.size() - 1);
  }

  /** Number of the newest listed segment (complete or open). */
  long lastNumber() {
    return segments.get(segments.size() - 1).number();
  }

  /** Peak bit rate to advertise: btrt maxBitrate, else avgBitrate, else measured; never 0. */
  long peakBitrate() {
    if (info.maxBitrate() > 0) {
      return info.maxBitrate();
    }
    if (info.avgBitrate() > 0) {
      return info.avgBitrate();
    }
    return Math.max(1, measuredPeak);
  }

  /** Average bit rate to advertise: btrt avgBitrate, else measured; never 0. */
  long averageBitrate() {
    if (info.avgBitrate() > 0) {
      return info.avgBitrate();
    }
    return Math.max(1, Math.min(measuredAverage > 0 ? measuredAverage : peakBitrate(), peakBitrate()));
  }

  double seconds(long ticks) {
    return ticks / (double) timescale;
  }

  private static long typicalChunk(List<SegmentSnapshot> all) {
    List<Long> durations = new ArrayList<>();
    for (int i = Math.max(0, all.size() - CHUNK_SEGMENTS); i < all.size(); i++) {
      SegmentSnapshot s = all.get(i);
      List<Chunk> cs = s.chunks();
      // The last chunk of a complete segment is often cut short at the boundary: leave it out.
      int n = s.complete() && cs.size() > 1 ? cs.size() - 1 : cs.size();
      for (int j = 0; j < n; j++) {
        durations.add(cs.get(j).duration());
      }
    }
    if (durations.isEmpty()) {
      return 0;
    }
    long[] sorted = durations.stream().mapToLong(Long::longValue).toArray();
    Arrays.sort(sorted);
    return sorted[sorted.length / 2];
  }

  /** Median of the recent complete spans: one short segment (a stream's first) does not skew it. */
  private static long typicalSpan(List<SegmentSnapshot> complete) {
    int from = Math.max(0, complete.size() - CHUNK_SEGMENTS);
    long[] spans = new long[complete.size() - from];
    for (int i = from; i < complete.size(); i++) {
      spans[i - from] = complete.get(i).span();
    }
    Arrays.sort(spans);
    return spans[spans.length / 2];
  }

  private long[] bitRates(List<SegmentSnapshot> from) {
    long peak = 0;
    long bits = 0;
    long ticks = 0;
    for (int i = Math.max(0, from.size() - RATE_SEGMENTS); i < from.size(); i++) {
      SegmentSnapshot s = from.get(i);
      long d = s.duration();
      if (d <= 0) {
        continue;
      }
      long b = s.bytes() * 8;
      peak = Math.max(peak, (long) Math.ceil(b * (double) timescale / d));
      bits += b;
      ticks += d;
    }
    long average = ticks == 0 ? 0 : (long) Math.ceil(bits * (double) timescale / ticks);
    return new long[] {peak, average};
  }

  private long[] frameRate(List<SegmentSnapshot> complete, List<SegmentSnapshot> all, SampleCounts counts) {
    SegmentSnapshot s = !complete.isEmpty() ? complete.get(complete.size() - 1) : all.get(all.size() - 1);
    long d = s.duration();
    long samples = counts.of(s);
    if (d <= 0 || samples <= 0) {
      return null;
    }
    return Rational.reduce(samples * timescale, d);
  }

  private static Chunk newestProducerTime(List<SegmentSnapshot> all) {
    for (int i = all.size() - 1; i >= 0; i--) {
      List<Chunk> cs = all.get(i).chunks();
      for (int j = cs.size() - 1; j >= 0; j--) {
        if (cs.get(j).producerTime() != null) {
          return cs.get(j);
        }
      }
    }
    return null;
  }
}
