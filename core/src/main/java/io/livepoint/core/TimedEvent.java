package io.livepoint.core;

import java.time.Duration;
import java.util.Arrays;

/**
 * A timed event of a stream (a DASH event: SCTE-35 splice, ID3 tag, ...), on one of the stream's media
 * timelines: time 0 is media time 0 of every track on it, so {@link LiveStream#timelineOrigin} places it.
 *
 * @param schemeIdUri scheme_id_uri (e.g. urn:scte:scte35:2013:bin)
 * @param value value (sub-scheme)
 * @param id event id: with scheme and value, what makes two events the same
 * @param timescale ticks per second of the times below
 * @param presentationTime when the event applies
 * @param duration how long it lasts, or {@link #UNKNOWN_DURATION}
 * @param messageData its payload (e.g. a splice_info_section)
 * @param timeline the media timeline its times are on ({@link Segment#timeline()}): the one of the track
 *     it arrived on, so a restarted source's events are placed by the restart's wall-clock origin
 */
public record TimedEvent(String schemeIdUri, String value, long id, long timescale, long presentationTime,
    long duration, byte[] messageData, int timeline) {
  /** The duration of an event whose end is not known (emsg's 0xFFFFFFFF). */
  public static final long UNKNOWN_DURATION = -1;

  public TimedEvent {
    if (timescale <= 0) {
      throw new IllegalArgumentException("event timescale must be positive, was " + timescale);
    }
    messageData = messageData.clone();
  }

  /** An event on the stream's first timeline. */
  public TimedEvent(String schemeIdUri, String value, long id, long timescale, long presentationTime,
      long duration, byte[] messageData) {
    this(schemeIdUri, value, id, timescale, presentationTime, duration, messageData, 0);
  }

  @Override
  public byte[] messageData() {
    return messageData.clone();
  }

  /** Same scheme, value and id: repeats of one event (ingest 6.6: emitted once). */
  public boolean sameAs(TimedEvent o) {
    return id == o.id && schemeIdUri.equals(o.schemeIdUri) && value.equals(o.value);
  }

  /** Wall-clock start, on its timeline's origin. */
  public java.time.Instant wallStart(LiveStream stream) {
    return stream.timelineOrigin(timeline).plus(start());
  }

  /** Wall-clock end, on its timeline's origin. */
  public java.time.Instant wallEnd(LiveStream stream) {
    return stream.timelineOrigin(timeline).plus(end());
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
        && presentationTime == e.presentationTime && duration == e.duration && timeline == e.timeline
        && Arrays.equals(messageData, e.messageData);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(id) * 31 + schemeIdUri.hashCode();
  }
}
