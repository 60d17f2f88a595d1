package io.livepoint.packager;

import io.livepoint.core.LiveStream;
import io.livepoint.core.MediaTime;
import io.livepoint.core.TimedEvent;
import io.livepoint.media.scte35.Scte35;
import io.livepoint.media.scte35.Scte35FormatException;
import io.livepoint.media.scte35.SpliceInfoSection;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stream's timed events as {@code EXT-X-DATERANGE} tags (RFC 8216 4.3.2.7). SCTE-35 (4.3.2.7.1): the
 * section as received in {@code SCTE35-OUT}, {@code -IN} or {@code -CMD}; an OUT and the IN that ends it
 * share one ID (the splice or segmentation event id) and so the OUT's START-DATE, and the IN gives the
 * break's DURATION. Other schemes: their scheme as CLASS, the payload in {@code X-MESSAGE-DATA}.
 */
final class HlsDateRanges {
  private HlsDateRanges() {}

  /** A parsed SCTE-35 event: its section and the id that pairs an OUT with its IN (null when none). */
  private record Splice(SpliceInfoSection section, String pairId) {}

  /** Tags for the events that end at or after {@code from} (the playlist's first segment start). */
  static void write(StringBuilder b, LiveStream stream, List<TimedEvent> events, Instant from) {
    if (stream.availabilityStartTime() == null) {
      return;
    }
    Map<String, Instant> outStarts = new HashMap<>();
    for (TimedEvent e : events) {
      Splice s = splice(e);
      if (s != null && s.pairId != null && s.section.cue() == SpliceInfoSection.Cue.OUT) {
        outStarts.putIfAbsent(s.pairId, e.wallStart(stream));
      }
    }
    for (TimedEvent e : events) {
      Instant start = e.wallStart(stream);
      if (e.wallEnd(stream).isBefore(from)) {
        continue;
      }
      Splice s = splice(e);
      if (s == null) {
        generic(b, e, start);
      } else {
        splice(b, e, s, start, outStarts);
      }
    }
  }

  private static void generic(StringBuilder b, TimedEvent e, Instant start) {
    byte[] data = e.messageData();
    b.append(Hls.DATERANGE).append("ID=").append(Formats.quoted(e.schemeIdUri() + "/" + e.value() + "/" + e.id()))
        .append(",CLASS=").append(Formats.quoted(e.schemeIdUri()))
        .append(",START-DATE=").append(Formats.quoted(Formats.dateTime(start)));
    if (e.duration() != TimedEvent.UNKNOWN_DURATION) {
      b.append(",PLANNED-DURATION=").append(seconds(e.end().minus(e.start())));
    }
    if (data.length > 0) {
      b.append(",X-MESSAGE-DATA=").append(Formats.quoted(Base64.getEncoder().encodeToString(data)));
    }
    b.append('\n');
  }

  private static void splice(StringBuilder b, TimedEvent e, Splice s, Instant start, Map<String, Instant> outStarts) {
    SpliceInfoSection.Cue cue = s.section.cue();
    Instant opened = s.pairId == null ? null : outStarts.get(s.pairId);
    boolean closes = cue == SpliceInfoSection.Cue.IN && opened != null && !opened.isAfter(start);
    String id = s.pairId != null && (cue == SpliceInfoSection.Cue.OUT || closes) ? s.pairId
        : e.schemeIdUri() + "/" + e.value() + "/" + e.id();
    b.append(Hls.DATERANGE).append("ID=").append(Formats.quoted(id))
        .append(",START-DATE=").append(Formats.quoted(Formats.dateTime(closes ? opened : start)));
    if (closes) {
      b.append(",DURATION=").append(seconds(Duration.between(opened, start)));
    } else if (cue == SpliceInfoSection.Cue.OUT) {
      Duration planned = e.duration() != TimedEvent.UNKNOWN_DURATION ? e.end().minus(e.start())
          : s.section.duration() != null ? MediaTime.toDuration(s.section.duration(), Scte35.TIMESCALE) : null;
      if (planned != null) {
        b.append(",PLANNED-DURATION=").append(seconds(planned));
      }
    }
    String attribute = switch (cue) {
      case OUT -> "SCTE35-OUT";
      case IN -> "SCTE35-IN";
      case CMD -> "SCTE35-CMD";
    };
    b.append(',').append(attribute).append('=').append(s.section.hex()).append('\n');
  }

  /** The event as SCTE-35, or null for another scheme or a section that does not parse. */
  private static Splice splice(TimedEvent e) {
    if (!Scte35.SCHEME_BIN.equals(e.schemeIdUri())) {
      return null;
    }
    SpliceInfoSection s;
    try {
      s = SpliceInfoSection.parse(e.messageData());
    } catch (Scte35FormatException bad) {
      return null; // passed on as a generic event, not interpreted
    }
    String pair = s.spliceInsert() != null ? "splice-" + s.spliceInsert().eventId()
        : !s.segmentations().isEmpty() ? "segmentation-" + s.segmentations().get(0).eventId() : null;
    return new Splice(s, pair);
  }

  private static String seconds(Duration d) {
    return Formats.fixed(d.toNanos() / 1e9, 3);
  }
}
