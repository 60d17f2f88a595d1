package io.livepoint.packager;

import io.livepoint.core.LiveStream;
import io.livepoint.core.TimedEvent;
import io.livepoint.media.scte35.Scte35;
import io.livepoint.media.scte35.Scte35FormatException;
import io.livepoint.media.scte35.SpliceInfoSection;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;

/**
 * A stream's timed events as {@code EXT-X-DATERANGE} tags (RFC 8216 4.3.2.7): SCTE-35 splices with
 * {@code SCTE35-OUT}, {@code -IN} or {@code -CMD} carrying the section as received (4.3.2.7.1), other
 * schemes with their scheme as CLASS and the payload in {@code X-MESSAGE-DATA}.
 */
final class HlsDateRanges {
  private HlsDateRanges() {}

  /** Tags for the events that end at or after {@code from} (the playlist's first segment start). */
  static void write(StringBuilder b, LiveStream stream, List<TimedEvent> events, Instant from) {
    Instant ast = stream.availabilityStartTime();
    if (ast == null) {
      return;
    }
    for (TimedEvent e : events) {
      if (ast.plus(e.end()).isBefore(from)) {
        continue;
      }
      byte[] data = e.messageData();
      b.append(Hls.DATERANGE).append("ID=").append(Formats.quoted(e.schemeIdUri() + "/" + e.value() + "/" + e.id()));
      SpliceInfoSection splice = null;
      if (Scte35.SCHEME_BIN.equals(e.schemeIdUri())) {
        try {
          splice = SpliceInfoSection.parse(data);
        } catch (Scte35FormatException bad) {
          splice = null; // carried as a generic event: the section is passed on, not interpreted
        }
      }
      if (splice == null) {
        b.append(",CLASS=").append(Formats.quoted(e.schemeIdUri()));
      }
      b.append(",START-DATE=").append(Formats.quoted(Formats.dateTime(ast.plus(e.start()))));
      Duration planned = e.duration() != TimedEvent.UNKNOWN_DURATION ? e.end().minus(e.start())
          : splice != null && splice.duration() != null ? Duration.ofNanos(splice.duration() * 1_000_000_000L
              / Scte35.TIMESCALE) : null;
      if (planned != null) {
        b.append(",PLANNED-DURATION=").append(Formats.fixed(planned.toNanos() / 1e9, 3));
      }
      if (splice != null) {
        String attribute = switch (splice.cue()) {
          case OUT -> "SCTE35-OUT";
          case IN -> "SCTE35-IN";
          case CMD -> "SCTE35-CMD";
        };
        b.append(',').append(attribute).append('=').append(splice.hex());
      } else if (data.length > 0) {
        b.append(",X-MESSAGE-DATA=").append(Formats.quoted(Base64.getEncoder().encodeToString(data)));
      }
      b.append('\n');
    }
  }
}
