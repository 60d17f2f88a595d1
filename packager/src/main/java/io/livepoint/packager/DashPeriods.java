package io.livepoint.packager;

import io.livepoint.core.LiveStream;
import io.livepoint.core.MediaTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The Periods of an MPD: one per media timeline the listed segments are on. A source that restarts on
 * an earlier media time (a restarted encoder counting from zero) starts a new timeline, and a timeline
 * that jumps back cannot continue a SegmentTimeline (ISO/IEC 23009-1 5.3.9.6: S@t only grows), so it
 * starts a new Period (ingest 6.8/6.9: the discontinuity is signalled). A forward gap stays in its Period
 * as an explicit S@t.
 *
 * <p>The first timeline's media time 0 is the availability start time (Period@start PT0S,
 * presentationTimeOffset 0, as with a single Period). A later Period starts where its earliest listed
 * segment starts on the wall clock, never before the previous Period's media ends, and each of its
 * Representations gets the media time at that instant as its presentationTimeOffset, so S@t keeps the
 * ingested media times.
 */
final class DashPeriods {
  private DashPeriods() {}

  /**
   * @param timeline the media timeline ({@link SegmentSnapshot#timeline()})
   * @param start Period@start, from the availability start time
   * @param mediaStart the timeline's media time at the Period's start (presentationTimeOffset)
   * @param segments each listed track's segments in this Period
   */
  record Period(int timeline, Duration start, Duration mediaStart, Map<TrackSnapshot, List<SegmentSnapshot>> segments) {
    /** Period@id: the timeline number, so a Period keeps its id across MPD updates. */
    String id() {
      return Integer.toString(timeline);
    }

    /** presentationTimeOffset of a track in this Period, in its timescale. */
    long presentationTimeOffset(TrackSnapshot t) {
      return MediaTime.toTicks(mediaStart, t.timescale);
    }
  }

  /**
   * @param listed each track's listed segments, oldest first
   * @param ast the MPD's availabilityStartTime
   * @param now the publish time
   * @param patience how long a new Period waits for the previous Period's tracks before it is listed
   *     without those that did not restart
   */
  static List<Period> of(LiveStream stream, Map<TrackSnapshot, List<SegmentSnapshot>> listed, Instant ast,
      Instant now, Duration patience) {
    TreeMap<Integer, Map<TrackSnapshot, List<SegmentSnapshot>>> byTimeline = new TreeMap<>();
    for (var e : listed.entrySet()) {
      for (SegmentSnapshot s : e.getValue()) {
        byTimeline.computeIfAbsent(s.timeline(), k -> new LinkedHashMap<>())
            .computeIfAbsent(e.getKey(), k -> new ArrayList<>()).add(s);
      }
    }
    List<Period> periods = new ArrayList<>();
    Duration previousEnd = null;
    for (var e : byTimeline.entrySet()) {
      int timeline = e.getKey();
      Instant origin = stream.timelineOrigin(timeline);
      Duration start;
      if (timeline == 0) {
        start = Duration.ZERO;
      } else {
        Instant first = null;
        for (var t : e.getValue().entrySet()) {
          Instant at = origin.plus(MediaTime.toDuration(t.getValue().get(0).startTime(), t.getKey().timescale));
          first = first == null || at.isBefore(first) ? at : first;
        }
        if (!periods.isEmpty() && !e.getValue().keySet().containsAll(periods.get(periods.size() - 1).segments().keySet())
            && Duration.between(first, now).compareTo(patience) < 0) {
          // Players take a Period's AdaptationSets as final once seen: wait (a while) for every track of
          // the previous Period to restart too, rather than publish a Period that gains one later.
          break;
        }
        start = millis(Duration.between(ast, first));
        if (previousEnd != null && start.compareTo(previousEnd) < 0) {
          start = previousEnd;
        }
        if (start.isNegative()) {
          start = Duration.ZERO;
        }
      }
      Duration mediaStart = Duration.between(origin, ast.plus(start));
      periods.add(new Period(timeline, start, mediaStart, e.getValue()));
      previousEnd = end(e.getValue(), origin, ast);
    }
    return periods;
  }

  /** Where the Period's media ends, from the availability start time, to the millisecond above. */
  private static Duration end(Map<TrackSnapshot, List<SegmentSnapshot>> segments, Instant origin, Instant ast) {
    Duration end = Duration.ZERO;
    for (var e : segments.entrySet()) {
      TrackSnapshot t = e.getKey();
      SegmentSnapshot last = e.getValue().get(e.getValue().size() - 1);
      long ticks = last.startTime() + (last.complete() ? last.span() : t.expectedOpenDuration);
      Duration d = Duration.between(ast, origin.plus(MediaTime.toDuration(ticks, t.timescale)));
      end = d.compareTo(end) > 0 ? d : end;
    }
    Duration floor = millis(end);
    return floor.equals(end) ? end : floor.plusMillis(1);
  }

  private static Duration millis(Duration d) {
    return Duration.ofMillis(d.toMillis());
  }
}
