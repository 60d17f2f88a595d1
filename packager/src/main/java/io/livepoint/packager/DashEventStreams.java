package io.livepoint.packager;

import io.livepoint.core.TimedEvent;
import io.livepoint.media.scte35.Scte35;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;

/**
 * A stream's timed events as MPD {@code EventStream}s of its Period (ISO/IEC 23009-1 5.10.2): one per
 * scheme, value and timescale. An event's presentation time is used as is, with the Period's media start
 * as presentationTimeOffset (0 for the first timeline). SCTE-35 sections (emsg scheme {@code urn:scte:scte35:2013:bin}) are carried as SCTE 214-1
 * {@code <Signal><Binary>} in an EventStream of scheme {@code urn:scte:scte35:2014:xml+bin}; other payloads
 * in base64. Events that left the time-shift window are not listed (see {@link StreamSnapshot}).
 */
final class DashEventStreams {
  private DashEventStreams() {}

  /**
   * @param events the events on the Period's timeline
   * @param mediaStart the timeline's media time at the Period start (presentationTimeOffset)
   */
  static void write(StringBuilder b, List<TimedEvent> events, java.time.Duration mediaStart) {
    Map<String, List<TimedEvent>> streams = new LinkedHashMap<>();
    for (TimedEvent e : events) {
      streams.computeIfAbsent(e.schemeIdUri() + '\n' + e.value() + '\n' + e.timescale(), k -> new ArrayList<>())
          .add(e);
    }
    for (List<TimedEvent> stream : streams.values()) {
      TimedEvent first = stream.get(0);
      b.append("    <EventStream");
      attr(b, "schemeIdUri", Scte35.SCHEME_BIN.equals(first.schemeIdUri()) ? Scte35.SCHEME_XML_BIN : first.schemeIdUri());
      if (!first.value().isEmpty()) {
        attr(b, "value", first.value());
      }
      attr(b, "timescale", Long.toString(first.timescale()));
      long offset = io.livepoint.core.MediaTime.toTicks(mediaStart, first.timescale());
      if (offset != 0) {
        attr(b, "presentationTimeOffset", Long.toString(offset));
      }
      b.append(">\n");
      for (TimedEvent e : stream) {
        event(b, e);
      }
      b.append("    </EventStream>\n");
    }
  }

  /**
   * InbandEventStream elements of an AdaptationSet whose segments carry the events as emsg (see
   * {@link InbandEvents}): SCTE-35 always (ad signalling may come at any time), and every other scheme
   * and value among the events.
   */
  static void inband(StringBuilder b, List<TimedEvent> events) {
    Set<String> schemes = new LinkedHashSet<>();
    schemes.add(Scte35.SCHEME_BIN + '\n');
    for (TimedEvent e : events) {
      schemes.add(e.schemeIdUri() + '\n' + (Scte35.SCHEME_BIN.equals(e.schemeIdUri()) ? "" : e.value()));
    }
    for (String s : schemes) {
      int nl = s.indexOf('\n');
      b.append("      <InbandEventStream");
      attr(b, "schemeIdUri", s.substring(0, nl));
      if (nl + 1 < s.length()) {
        attr(b, "value", s.substring(nl + 1));
      }
      b.append("/>\n");
    }
  }

  private static void event(StringBuilder b, TimedEvent e) {
    byte[] data = e.messageData();
    boolean scte35 = Scte35.SCHEME_BIN.equals(e.schemeIdUri());
    b.append("      <Event");
    attr(b, "presentationTime", Long.toString(e.presentationTime()));
    if (e.duration() != TimedEvent.UNKNOWN_DURATION) {
      attr(b, "duration", Long.toString(e.duration()));
    }
    attr(b, "id", Long.toString(e.id()));
    if (!scte35 && data.length > 0) {
      attr(b, "contentEncoding", "base64");
    }
    if (data.length == 0) {
      b.append("/>\n");
      return;
    }
    String base64 = Base64.getEncoder().encodeToString(data);
    if (scte35) {
      b.append("><Signal xmlns=\"").append(Scte35.SIGNAL_NAMESPACE).append("\"><Binary>").append(base64)
          .append("</Binary></Signal></Event>\n");
    } else {
      b.append('>').append(base64).append("</Event>\n");
    }
  }

  private static void attr(StringBuilder b, String name, String value) {
    b.append(' ').append(name).append("=\"").append(Formats.xml(value)).append('"');
  }
}
