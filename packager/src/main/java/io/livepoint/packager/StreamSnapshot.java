package io.livepoint.packager;

import io.livepoint.core.LiveStream;
import io.livepoint.core.TimedEvent;
import io.livepoint.core.Track;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/** A stream as one manifest render saw it: the tracks it lists, read once. */
final class StreamSnapshot {
  private static final AtomicLong SERIALS = new AtomicLong();

  /** Identifies this snapshot; rendered documents remember it instead of holding the snapshot. */
  final long serial = SERIALS.incrementAndGet();
  final LiveStream stream;
  /** The stream version read before the tracks, so a change during the read forces a new render. */
  final long version;
  /** Listed tracks in the order they appeared. */
  final List<TrackSnapshot> tracks;
  /** Every listed track has ended (the presentation is over). */
  final boolean ended;
  /** The stream's timed events, in presentation order. */
  final List<TimedEvent> events;

  private StreamSnapshot(LiveStream stream, long version, List<TrackSnapshot> tracks, List<TimedEvent> events) {
    this.stream = stream;
    this.version = version;
    this.tracks = List.copyOf(tracks);
    this.events = events;
    boolean all = !tracks.isEmpty();
    for (TrackSnapshot t : tracks) {
      all &= t.ended;
    }
    this.ended = all;
  }

  static StreamSnapshot of(LiveStream stream, boolean lowLatency, SampleCounts counts) {
    long version = stream.version();
    List<TrackSnapshot> list = new ArrayList<>();
    for (Track t : stream.tracks()) {
      TrackSnapshot s = TrackSnapshot.of(t, lowLatency, counts);
      if (s != null) {
        list.add(s);
      }
    }
    return new StreamSnapshot(stream, version, list, inWindow(stream, list));
  }

  /** Events that end inside the time-shift window behind the newest media of the listed tracks. */
  private static List<TimedEvent> inWindow(LiveStream stream, List<TrackSnapshot> tracks) {
    List<TimedEvent> all = stream.events();
    if (all.isEmpty()) {
      return all;
    }
    // On the wall clock: events of a timeline before a restart are placed by that timeline's origin.
    Instant edge = null;
    for (TrackSnapshot t : tracks) {
      if (!t.segments.isEmpty()) {
        SegmentSnapshot last = t.segments.get(t.segments.size() - 1);
        Instant end = stream.wallClock(last.segment(), last.endTime());
        edge = edge == null || end.isAfter(edge) ? end : edge;
      }
    }
    if (edge == null) {
      return List.of();
    }
    Instant from = edge.minus(stream.settings().timeShiftWindow());
    return all.stream().filter(e -> !e.wallEnd(stream).isBefore(from)).toList();
  }

  /** The listed track with this id, or null. */
  TrackSnapshot track(String id) {
    for (TrackSnapshot t : tracks) {
      if (t.id().equals(id)) {
        return t;
      }
    }
    return null;
  }
}
