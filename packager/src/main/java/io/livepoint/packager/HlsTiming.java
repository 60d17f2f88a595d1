package io.livepoint.packager;

import io.livepoint.core.StreamSettings;
import java.util.ArrayList;
import java.util.List;

/**
 * Stream-wide HLS timing, shared by every media playlist of a stream so renditions agree: target
 * duration, part target (0 when there are no parts), PART-HOLD-BACK and the delta-update Skip Boundary.
 */
record HlsTiming(int targetDuration, double partTarget, double partHoldBack, double skipBoundary,
    List<TrackSnapshot> tracks) {

  static HlsTiming of(StreamSnapshot snap, PackagerConfig config) {
    StreamSettings settings = snap.stream.settings();
    List<TrackSnapshot> listed = new ArrayList<>();
    long td = Math.max(1, Math.round(settings.targetSegmentDuration().toMillis() / 1000.0));
    double part = 0;
    for (TrackSnapshot t : snap.tracks) {
      boolean parts = config.lowLatency() && t.chunked;
      if (t.completeSegments().isEmpty() && !(parts && t.open != null)) {
        continue; // nothing a player could load yet
      }
      listed.add(t);
      for (SegmentSnapshot s : t.completeSegments()) {
        // EXTINF rounded to the nearest integer must not exceed the target duration.
        td = Math.max(td, Math.round(t.seconds(s.span())));
      }
      if (parts) {
        part = Math.max(part, Formats.ceilMillis(t.seconds(t.maxChunk)));
      }
    }
    double latency = settings.targetLatency().toMillis() / 1000.0;
    double holdBack = part > 0 ? Math.max(3 * part, latency) : 0;
    return new HlsTiming((int) td, part, Formats.ceilMillis(holdBack), Hls.SKIP_BOUNDARY_TARGETS * td,
        List.copyOf(listed));
  }

  /** Whether a track's playlist lists its chunks as parts. */
  boolean hasParts(TrackSnapshot t) {
    return partTarget > 0 && t.chunked;
  }

  TrackSnapshot track(String id) {
    for (TrackSnapshot t : tracks) {
      if (t.id().equals(id)) {
        return t;
      }
    }
    return null;
  }
}
