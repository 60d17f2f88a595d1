package io.livepoint.ingest;

import io.livepoint.core.MediaTime;
import io.livepoint.core.TimedEvent;
import io.livepoint.core.Track;
import io.livepoint.media.box.Box;
import io.livepoint.media.box.BoxFormatException;
import io.livepoint.media.box.Boxes;
import io.livepoint.media.cmaf.CmafChunk;
import io.livepoint.media.cmaf.CmafException;
import io.livepoint.media.cmaf.EventMessage;
import io.livepoint.media.cmaf.EventMessageInstance;
import io.livepoint.media.cmaf.Sample;
import io.livepoint.media.cmaf.SampleReader;
import io.livepoint.media.cmaf.TrackInfo;
import io.netty.buffer.ByteBuf;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Timed events arriving with the media (ingest 6.6) become events of the stream, placed on its media
 * timeline; the stream drops repeats (same scheme, value and id, 6.6 item 5j). Sources: inband {@code emsg}
 * boxes of any track, and the samples of a timed metadata track: {@code evte} (ISO/IEC 23001-18 {@code emib},
 * {@code emeb} fillers) or {@code urim} carrying DASHEventMessageBoxes (6.6 item 5).
 */
final class EventIngest {
  private static final Logger LOG = LoggerFactory.getLogger(EventIngest.class);
  /** emsg / emib event_duration meaning "unknown". */
  private static final long UNKNOWN = 0xFFFFFFFFL;

  private EventIngest() {}

  /** Whether a chunk of {@code track} can carry events: inband emsg, or a timed metadata track. */
  static boolean carriesEvents(Track track, CmafChunk c) {
    var header = track.header(); // null once the stream was removed: the append then refuses the chunk
    return !c.events().isEmpty() || header != null && isEventTrack(header.info());
  }

  private static boolean isEventTrack(TrackInfo info) {
    return "evte".equals(info.sampleEntry()) || "urim".equals(info.sampleEntry());
  }

  /**
   * Adds the events of a stored chunk of {@code track}.
   *
   * @param data a view of the chunk's bytes the caller holds
   * @param segmentStart start of the segment the chunk went into: what emsg v0 times count from (its
   *     earliest presentation time, but for a composition offset the chunk does not tell)
   */
  static void chunk(Track track, CmafChunk c, ByteBuf data, long segmentStart) {
    TrackInfo info = track.header().info();
    long timescale = info.timescale();
    Duration edge = MediaTime.toDuration(c.fragment().endTime(), timescale);
    for (EventMessage m : c.events()) {
      add(track, m, segmentStart, timescale, edge);
    }
    if (isEventTrack(info)) {
      samples(track, data, info, edge);
    }
  }

  private static void samples(Track track, ByteBuf data, TrackInfo info, Duration edge) {
    List<Sample> samples;
    try {
      samples = SampleReader.read(data, info);
    } catch (CmafException e) {
      LOG.info("ingest {}/{}: metadata samples unreadable, no events taken: {}", track.stream().name(), track.id(),
          e.getMessage());
      return;
    }
    try {
      for (Sample s : samples) {
        for (Box box : Boxes.children(s.data())) {
          switch (box.typeName()) {
            case "emib" -> add(track, EventMessageInstance.parse(box, info.timescale()), s.presentationTime(),
                info.timescale(), edge);
            case "emsg" -> add(track, EventMessage.parse(box), s.presentationTime(), info.timescale(), edge);
            default -> { } // emeb fillers, and anything a scheme adds
          }
        }
      }
    } catch (BoxFormatException | IndexOutOfBoundsException e) {
      LOG.info("ingest {}/{}: malformed event in a metadata sample ignored: {}", track.stream().name(), track.id(),
          e.getMessage());
    } finally {
      samples.forEach(Sample::release);
    }
  }

  /** @param base what a v0 / relative time counts from, in the track timescale */
  private static void add(Track track, EventMessage m, long base, long timescale, Duration edge) {
    if (m.timescale() <= 0) {
      LOG.info("ingest {}/{}: event {} with timescale 0 ignored", track.stream().name(), track.id(), m.schemeIdUri());
      return;
    }
    TimedEvent e;
    try {
      long origin = MediaTime.toTicks(MediaTime.toDuration(base, timescale), m.timescale());
      e = new TimedEvent(m.schemeIdUri(), m.value(), m.id(), m.timescale(), m.presentationTime(origin),
          m.eventDuration() == UNKNOWN ? TimedEvent.UNKNOWN_DURATION : m.eventDuration(), m.messageData(),
          track.timeline()); // read after its chunk was stored: the timeline of the segment it came in
    } catch (ArithmeticException overflow) {
      LOG.info("ingest {}/{}: event {} id {} beyond the media time range ignored", track.stream().name(),
          track.id(), m.schemeIdUri(), m.id());
      return;
    }
    if (track.stream().addEvent(e, edge)) {
      LOG.info("ingest {}/{}: event {} value '{}' id {} at {}", track.stream().name(), track.id(),
          m.schemeIdUri(), m.value(), m.id(), e.start());
    }
  }
}
