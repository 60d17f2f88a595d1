package io.livepoint.ingest;

import io.livepoint.core.MediaTime;
import io.livepoint.core.Track;
import io.livepoint.core.TimedEvent;
import io.livepoint.media.cmaf.CmafChunk;
import io.livepoint.media.cmaf.EventMessage;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timed events arriving with the media (ingest 6.6): inband {@code emsg} boxes of any track become events
 * of the stream, placed on its media timeline; repeats are dropped by the stream.
 */
final class EventIngest {
  private static final Logger LOG = LoggerFactory.getLogger(EventIngest.class);
  /** emsg event_duration meaning "unknown". */
  private static final long EMSG_UNKNOWN_DURATION = 0xFFFFFFFFL;

  private EventIngest() {}

  /** Adds the events of a stored chunk of {@code track}. */
  static void chunk(Track track, CmafChunk c) {
    if (c.events().isEmpty()) {
      return;
    }
    long timescale = track.header().info().timescale();
    Duration edge = MediaTime.toDuration(c.fragment().endTime(), timescale);
    for (EventMessage m : c.events()) {
      if (m.timescale() <= 0) {
        LOG.info("ingest {}/{}: emsg {} with timescale 0 ignored", track.stream().name(), track.id(), m.schemeIdUri());
        continue;
      }
      TimedEvent e;
      try {
        // v0 times count from the segment's earliest presentation time; the chunk's decode time stands in.
        long segmentStart = MediaTime.toTicks(
            MediaTime.toDuration(c.fragment().baseMediaDecodeTime(), timescale), m.timescale());
        e = new TimedEvent(m.schemeIdUri(), m.value(), m.id(), m.timescale(),
            Math.addExact(m.presentationTime(segmentStart), 0),
            m.eventDuration() == EMSG_UNKNOWN_DURATION ? TimedEvent.UNKNOWN_DURATION : m.eventDuration(),
            m.messageData());
      } catch (ArithmeticException overflow) {
        LOG.info("ingest {}/{}: emsg {} id {} beyond the media time range ignored", track.stream().name(),
            track.id(), m.schemeIdUri(), m.id());
        continue;
      }
      if (track.stream().addEvent(e, edge)) {
        LOG.info("ingest {}/{}: event {} value '{}' id {} at {}", track.stream().name(), track.id(),
            m.schemeIdUri(), m.value(), m.id(), e.start());
      }
    }
  }
}
