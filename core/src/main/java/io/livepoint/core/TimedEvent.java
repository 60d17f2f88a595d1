package io.livepoint.core;

import java.time.Duration;
import java.util.Arrays;

/**
 * A timed event of a stream (a DASH event: SCTE-35 splice, ID3 tag, ...), on the stream's media timeline:
 * time 0 is media time 0 of every track, so {@link LiveStream#wallClock} places it.
 *
 * @param schemeIdUri scheme_id_uri (e.g. urn:scte:scte35:2013:bin)
 * @param value value (sub-scheme)
 * @param id event id: with scheme and value, what makes two events the same
 * @param timescale ticks per second of the times below
 * @param presentationTime when the event applies
 * @param duration how long it lasts, or {@link #UNKNOWN_DURATION}
 * @param messageData its payload (e.g. a splice_info_section)
 */
public record TimedEvent(String schemeIdUri, String value, long id, long timescale, long presentationTime,
    long duration, byte[] messageData) {
  /** The duration of an event whose end is not known (emsg's 0xFFFFFFFF). */
  public static final long UNKNOWN_DURATION = -1;

  public TimedEvent {
    if (timescale <= 0) {
      throw new IllegalArgumentException("event timescale must be positive, was " + timescale);
    }
    messageData = messageData.clone();
  }

  @Override
  public byte[] messageData() {
    return messageData.clone();
  }

  /** Same scheme, value and id: repeats of one event (ingest 6.6: emitted once). */
  public boolean sameAs(TimedEvent o) {
    return id == o.id && schemeIdUri.equals(o.schemeIdUri) && value.equals(o.value);
  }

  public Duration start() {
    return MediaTime.toDuration(presentationTime, timescale);
  }

  /** When it ends; its start when the duration is unknown. */
  public Duration end() {
    return MediaTime.toDuration(presentationTime + Math.max(0, duration), timescale);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof TimedEvent e && sameAs(e) && timescale == e.timescale
        && presentationTime == e.presentationTime && duration == e.duration && Arrays.equals(messageData, e.messageData);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id) * 31 + schemeIdUri.hashCode();
  }
}
