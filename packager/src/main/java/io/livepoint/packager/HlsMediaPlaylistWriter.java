package io.livepoint.packager;

import io.livepoint.core.Chunk;
import java.util.List;

/**
 * Writes the media playlist of one track: complete segments with EXTINF, and with low latency the
 * chunks of recent segments as EXT-X-PART (the part URLs of {@link OutputPath}), a preload hint for the next part,
 * delta updates (EXT-X-SKIP) and rendition reports of the stream's other playlists.
 */
final class HlsMediaPlaylistWriter {

  String write(StreamSnapshot snap, HlsTiming timing, TrackSnapshot t, boolean skip) {
    boolean parts = timing.hasParts(t);
    List<SegmentSnapshot> complete = t.completeSegments();
    SegmentSnapshot open = parts ? t.open : null;
    long firstNumber = !complete.isEmpty() ? complete.get(0).number() : open.number();
    SegmentSnapshot newest = open != null ? open : complete.get(complete.size() - 1);
    long edge = newest.endTime();

    List<SegmentSnapshot> all = open != null ? t.segments : complete;
    long firstDiscontinuity = all.get(0).discontinuity();
    int skipped = 0;
    if (skip) {
      // Never past a discontinuity: a client must see every EXT-X-DISCONTINUITY it has not seen yet.
      long boundary = Math.round(timing.skipBoundary() * t.timescale);
      while (skipped < complete.size() - 1 && edge - complete.get(skipped).startTime() > boundary
          && complete.get(skipped + 1).discontinuity() == firstDiscontinuity) {
        skipped++;
      }
    }

    StringBuilder b = new StringBuilder(2048);
    line(b, Hls.EXTM3U);
    line(b, Hls.VERSION_TAG + Hls.VERSION);
    line(b, Hls.TARGET_DURATION + timing.targetDuration());
    line(b, Hls.MEDIA_SEQUENCE + firstNumber);
    if (firstDiscontinuity > 0) {
      line(b, Hls.DISCONTINUITY_SEQUENCE + firstDiscontinuity);
    }
    line(b, Hls.INDEPENDENT_SEGMENTS);
    StringBuilder control = new StringBuilder("CAN-BLOCK-RELOAD=YES");
    control.append(",CAN-SKIP-UNTIL=").append(Formats.fixed(timing.skipBoundary(), 1));
    if (parts) {
      control.append(",PART-HOLD-BACK=").append(Formats.fixed(timing.partHoldBack(), 3));
    }
    line(b, Hls.SERVER_CONTROL + control);
    if (parts) {
      line(b, Hls.PART_INF + Formats.fixed(timing.partTarget(), 3));
    }
    line(b, Hls.MAP + Formats.quoted(OutputPath.INIT_NAME));
    if (skipped > 0) {
      line(b, Hls.SKIP + skipped);
    }
    HlsDateRanges.write(b, snap.stream, snap.events, wallClock(snap, all.get(0)));

    long partsFrom = edge - (long) Hls.PART_WINDOW_TARGETS * timing.targetDuration() * t.timescale;
    long expectedStart = Long.MIN_VALUE;
    long discontinuity = all.get(Math.max(0, skipped - 1)).discontinuity();
    for (int i = skipped; i < all.size(); i++) {
      SegmentSnapshot s = all.get(i);
      if (s.discontinuity() != discontinuity) {
        line(b, Hls.DISCONTINUITY); // a restarted source, or a gap the timeline cannot absorb
        discontinuity = s.discontinuity();
      }
      if (s.startTime() != expectedStart) {
        // First listed segment, or a gap or jump in the timeline: anchor it to the wall clock again.
        line(b, Hls.PROGRAM_DATE_TIME + Formats.dateTime(wallClock(snap, s)));
      }
      if (parts && s.endTime() > partsFrom) {
        List<Chunk> cs = s.chunks();
        for (int p = 0; p < cs.size(); p++) {
          Chunk c = cs.get(p);
          b.append(Hls.PART).append("DURATION=").append(Formats.fixed(t.seconds(c.duration()), 5))
              .append(",URI=").append(Formats.quoted(OutputPath.part(s.number(), p)));
          if (c.independent()) {
            b.append(",INDEPENDENT=YES");
          }
          b.append('\n');
        }
      }
      if (s.complete()) {
        line(b, Hls.EXTINF + Formats.fixed(t.seconds(s.span()), 5) + ",");
        line(b, OutputPath.segment(s.number()));
      }
      expectedStart = s.startTime() + s.span();
    }

    if (t.ended) {
      line(b, Hls.ENDLIST);
    } else if (parts) {
      String next = open != null
          ? OutputPath.part(open.number(), open.chunks().size())
          : OutputPath.part(newest.number() + 1, 0);
      line(b, Hls.PRELOAD_HINT + Formats.quoted(next));
    }
    for (TrackSnapshot other : timing.tracks()) {
      if (other != t) {
        renditionReport(b, timing, other);
      }
    }
    return b.toString();
  }

  private static java.time.Instant wallClock(StreamSnapshot snap, SegmentSnapshot s) {
    return snap.stream.wallClock(s.segment(), s.startTime());
  }

  private static void renditionReport(StringBuilder b, HlsTiming timing, TrackSnapshot o) {
    boolean parts = timing.hasParts(o);
    SegmentSnapshot last;
    if (parts && o.open != null) {
      last = o.open;
    } else {
      List<SegmentSnapshot> complete = o.completeSegments();
      if (complete.isEmpty()) {
        return;
      }
      last = complete.get(complete.size() - 1);
    }
    b.append(Hls.RENDITION_REPORT).append("URI=").append(Formats.quoted(OutputPath.siblingPlaylist(o.id())))
        .append(",LAST-MSN=").append(last.number());
    if (parts) {
      b.append(",LAST-PART=").append(last.chunks().size() - 1);
    }
    b.append('\n');
  }

  private static void line(StringBuilder b, String s) {
    b.append(s).append('\n');
  }
}
