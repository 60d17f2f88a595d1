package io.livepoint.core;

import io.livepoint.media.cmaf.TrackInfo;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A live stream (a publishing point's presentation; a DASH MPD, an HLS multivariant playlist, a MoQ
 * namespace): its tracks on one media timeline anchored to the wall clock.
 */
public final class LiveStream {
  private static final Logger LOG = LoggerFactory.getLogger(LiveStream.class);
  private final String name;
  private final Clock clock;
  private final StreamSettings settings;
  private final Map<String, Track> tracks = new LinkedHashMap<>();
  private final EventTimeline events = new EventTimeline();
  private final List<StreamListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong version = new AtomicLong();
  private volatile Instant availabilityStartTime;
  /**
   * Wall-clock instant of media time zero of each timeline after the first (index 0 is timeline 1),
   * newest last: a restarted source counts its media time from a new origin. Bounded: only the newest
   * {@link #MAX_TIMELINES} are kept, far more than a time-shift window can hold.
   */
  private final List<Instant> restarts = new ArrayList<>();
  private int droppedRestarts;
  static final int MAX_TIMELINES = 1000;
  private final Instant created;
  /** {@link Clock#nanoTime()} of the last track, header or chunk received. */
  private volatile long lastActivity;

  LiveStream(String name, Clock clock, StreamSettings settings) {
    this.name = name;
    this.clock = clock;
    this.settings = settings;
    this.created = clock.now();
    this.lastActivity = clock.nanoTime();
  }

  public String name() {
    return name;
  }

  public Clock clock() {
    return clock;
  }

  public StreamSettings settings() {
    return settings;
  }

  public Instant created() {
    return created;
  }

  /**
   * Grows on every change that alters a manifest; renderers cache by it. Ordering guarantee: the version
   * grows before any waiter ({@link Track#awaitSegment}, {@link Segment#awaitChunk}) is woken for that
   * change, so when a waiter is woken, version() already reflects the change. Listeners are told after.
   */
  public long version() {
    return version.get();
  }

  /** The track with this id, created when absent. */
  public synchronized Track track(String id) {
    Track t = tracks.get(id);
    if (t == null) {
      t = new Track(this, id);
      tracks.put(id, t);
      lastActivity = clock.nanoTime();
    }
    return t;
  }

  /** The track with this id, or null. */
  public synchronized Track findTrack(String id) {
    return tracks.get(id);
  }

  /** Tracks in the order they appeared. */
  public synchronized List<Track> tracks() {
    return List.copyOf(tracks.values());
  }

  /**
   * The video track whose segment starts the other tracks follow when they have no boundaries of their
   * own; null for a video track itself, or when the stream has no video.
   */
  Track videoLeader(Track follower) {
    TrackHeader own = follower.header();
    if (own == null || own.info().mediaKind() == TrackInfo.MediaKind.VIDEO) {
      return null;
    }
    for (Track t : tracks()) {
      TrackHeader h = t.header();
      if (t != follower && h != null && h.info().mediaKind() == TrackInfo.MediaKind.VIDEO) {
        return t;
      }
    }
    return null;
  }

  /**
   * Adds a timed event (from an emsg or an event track) unless it repeats one already held; a new one
   * changes the manifests. Events that ended before the time-shift window are dropped.
   *
   * @param liveEdge the media time the stream has reached (the event's track end), to place the window
   * @return false for a repeat
   */
  public boolean addEvent(TimedEvent event, Duration liveEdge) {
    // The window on the wall clock: events of an earlier timeline (before a restart) leave it too.
    Instant windowStart = timelineOrigin(event.timeline()).plus(liveEdge).minus(settings.timeShiftWindow());
    events.prune(e -> e.wallEnd(this).isBefore(windowStart));
    if (!events.add(event)) {
      return false;
    }
    lastActivity = clock.nanoTime();
    bump();
    fireChanged();
    return true;
  }

  /** The stream's timed events in presentation order. */
  public List<TimedEvent> events() {
    return events.snapshot();
  }

  /** Tracks that have a header and at least one segment: what manifests list. */
  public List<Track> playableTracks() {
    List<Track> out = new ArrayList<>();
    for (Track t : tracks()) {
      if (t.header() != null && t.lastNumber() > 0) {
        out.add(t);
      }
    }
    return out;
  }

  /**
   * Wall-clock time of media time zero: set when the first chunk of the stream arrives so that its end
   * maps to "now" (the live edge). All tracks share the one CMAF timeline (CMAF 6.6).
   */
  public Instant availabilityStartTime() {
    return availabilityStartTime;
  }

  /** Wall-clock instant of a media time of a track, on the track's newest timeline. */
  public Instant wallClock(Track track, long mediaTime) {
    return wallClock(track, track.timeline(), mediaTime);
  }

  /** Wall-clock instant of a media time of a segment's track, on the segment's timeline. */
  public Instant wallClock(Segment segment, long mediaTime) {
    return wallClock(segment.track(), segment.timeline(), mediaTime);
  }

  private Instant wallClock(Track track, int timeline, long mediaTime) {
    long ts = track.header() == null ? 1 : track.header().info().timescale();
    return timelineOrigin(timeline).plus(MediaTime.toDuration(mediaTime, ts));
  }

  /**
   * Wall-clock instant of media time zero of a timeline ({@link Segment#timeline()}): the
   * availability start time for timeline 0, else where the restarted source's media time began.
   */
  public synchronized Instant timelineOrigin(int timeline) {
    if (timeline <= 0 || restarts.isEmpty()) {
      return availabilityStartTime == null ? Instant.EPOCH : availabilityStartTime;
    }
    int i = Math.max(0, Math.min(timeline - 1 - droppedRestarts, restarts.size() - 1));
    return restarts.get(i);
  }

  /** The newest timeline: 0 until a source restarts on an earlier media time. */
  public synchronized int latestTimeline() {
    return droppedRestarts + restarts.size();
  }

  /**
   * True when nothing arrived for {@code idle}: no new track, header or chunk (a track that ended is as
   * silent as one whose source vanished). The registry may then drop the stream.
   */
  public boolean idleFor(Duration idle) {
    return clock.nanoTime() - lastActivity >= idle.toNanos();
  }

  public void addListener(StreamListener l) {
    listeners.add(l);
  }

  public void removeListener(StreamListener l) {
    listeners.remove(l);
  }

  /** A change that needs no waking: count it, then tell the listeners. */
  void changed() {
    bump();
    fireChanged();
  }

  /** Counts a change; call before completing the futures it wakes (see {@link #version()}). */
  void bump() {
    version.incrementAndGet();
  }

  /** A header arrived (new, repeated or changed): the source is alive. */
  void headerArrived() {
    lastActivity = clock.nanoTime();
  }

  /**
   * Counts an appended chunk (anchoring its timeline at the first chunk on it); call before waking its
   * waiters.
   */
  void chunkAdded(Track track, Chunk chunk, int timeline) {
    lastActivity = clock.nanoTime();
    if (availabilityStartTime == null || timeline > 0) {
      anchor(track, chunk, timeline);
    }
    bump();
  }

  void fireChanged() {
    for (StreamListener l : listeners) {
      try {
        l.changed(this);
      } catch (RuntimeException e) {
        LOG.warn("stream {}: listener {} failed on a change", name, l, e);
      }
    }
  }

  void fireChunkArrived(Track track, Chunk chunk) {
    for (StreamListener l : listeners) {
      try {
        l.chunkArrived(track, chunk);
      } catch (RuntimeException e) {
        LOG.warn("stream {}: listener {} failed on a chunk of track {}", name, l, track.id(), e);
      }
    }
  }

  /**
   * Anchors the media timeline to the wall clock explicitly, for a source that knows its mapping (e.g.
   * one whose media time counts from the Unix epoch); without it the first chunk's end is taken as now,
   * which is wrong for a source that starts by publishing a backlog. Ignored once anchored.
   */
  public synchronized void anchorTimeline(Instant availabilityStartTime) {
    if (this.availabilityStartTime == null) {
      this.availabilityStartTime = availabilityStartTime;
    }
  }

  /** The first chunk on a timeline ends now (the live edge): that fixes the timeline's origin. */
  private synchronized void anchor(Track track, Chunk chunk, int timeline) {
    if (timeline == 0 ? availabilityStartTime != null : timeline <= latestTimeline()) {
      return;
    }
    long ts = track.header().info().timescale();
    Instant origin = clock.now().minus(MediaTime.toDuration(chunk.endTime(), ts));
    if (timeline == 0) {
      availabilityStartTime = origin;
      return;
    }
    while (latestTimeline() < timeline) {
      restarts.add(origin);
    }
    if (restarts.size() > MAX_TIMELINES) {
      restarts.remove(0);
      droppedRestarts++;
    }
    LOG.info("stream {}: timeline {} starts, its media time 0 at {}", name, timeline, origin);
  }

  void close() {
    tracks().forEach(Track::close);
  }
}
