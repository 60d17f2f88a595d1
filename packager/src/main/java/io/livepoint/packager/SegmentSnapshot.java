package io.livepoint.packager;

import io.livepoint.core.Chunk;
import io.livepoint.core.Segment;
import java.util.List;

/**
 * A segment as one manifest render saw it: its chunks and completeness read once, so every figure
 * derived from it (duration, parts, sizes) agrees even while ingest keeps appending.
 *
 * @param span the time manifests give it: up to the next segment's start when that follows within
 *     half a segment (a lost chunk or a tick of rounding), so timelines stay gapless; else its duration
 */
record SegmentSnapshot(Segment segment, long number, long startTime, boolean complete, List<Chunk> chunks,
    long span) {

  /** Duration of the chunks held, in the track timescale. */
  long duration() {
    long d = 0;
    for (Chunk c : chunks) {
      d += c.duration();
    }
    return d;
  }

  /** Its media timeline (a DASH Period each). */
  int timeline() {
    return segment.timeline();
  }

  /** Its HLS discontinuity sequence number. */
  long discontinuity() {
    return segment.discontinuity();
  }

  long endTime() {
    return startTime + duration();
  }

  long bytes() {
    long n = 0;
    for (Chunk c : chunks) {
      n += c.size();
    }
    return n;
  }

  /**
   * The span to list when {@code next} follows: a small gap or overlap (at most half this segment) is
   * absorbed, since players look for the segment holding the instant after the previous one ends
   * (dash.js) and a timeline hole stops them; a real outage keeps its gap.
   */
  SegmentSnapshot followedBy(SegmentSnapshot next) {
    long d = duration();
    long gap = next.startTime() - (startTime + d);
    return gap != 0 && Math.abs(gap) <= d / 2
        ? new SegmentSnapshot(segment, number, startTime, complete, chunks, next.startTime() - startTime)
        : this;
  }
}
