package io.livepoint.packager;

import io.livepoint.core.Chunk;
import io.livepoint.core.Segment;
import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;
import java.util.Map;
import java.util.WeakHashMap;

/** Sample counts of complete segments, remembered so each segment's boxes are walked once. */
final class SampleCounts {
  private final Map<Segment, Long> counts = new WeakHashMap<>();

  /** Samples in the snapshot's chunks; 0 when they cannot be read (segment left the window). */
  long of(SegmentSnapshot s) {
    if (s.complete()) {
      synchronized (counts) {
        Long known = counts.get(s.segment());
        if (known != null) {
          return known;
        }
      }
    }
    long n = 0;
    for (Chunk c : s.chunks()) {
      ByteBuf data;
      try {
        data = c.retainedData();
      } catch (IllegalReferenceCountException gone) {
        return 0;
      }
      try {
        n += SampleCounter.count(data);
      } finally {
        data.release();
      }
    }
    if (s.complete()) {
      synchronized (counts) {
        counts.put(s.segment(), n);
      }
    }
    return n;
  }
}
