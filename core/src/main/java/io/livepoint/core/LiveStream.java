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

/**
 * A live stream (a publishing point's presentation; a DASH MPD, an HLS multivariant playlist, a MoQ
 * namespace): its tracks on one media timeline anchored to the wall clock.
 */
public final class LiveStream {
  private final String name;
  private final Clock clock;
  private final StreamSettings settings;
  private final Map<String, Track> tracks = new LinkedHashMap<>();
  private final List<StreamListener> listeners = new CopyOnWriteArrayList<>();
  private final AtomicLong version = new AtomicLong();
  private volatile Instant availabilityStartTime;
  private final Instant created;

  LiveStream(String name, Clock clock, StreamSettings settings) {
    this.name = name;
    this.clock = clock;
    this.settings = settings;
    this.created = clock.now();
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

  /** Grows by one on every change that alters a manifest; renderers cache by it. */
  public long version() {
    return version.get();
  }

  /** The track with this id, created when absent. */
  public synchronized Track track(String id) {
    Track t = tracks.get(id);
    if (t == null) {
      t = new Track(this, id);
      tracks.put(id, t);
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

  /** Wall-clock instant of a media time of a track. */
  public Instant wallClock(Track track, long mediaTime) {
    Instant ast = availabilityStartTime;
    long ts = track.header() == null ? 1 : track.header().info().timescale();
    return (ast == null ? Instant.EPOCH : ast).plus(MediaTime.toDuration(mediaTime, ts));
  }

  /** True when no track has received media for {@code idle}; the registry may then drop the stream. */
  public boolean idleFor(Duration idle) {
    long now = clock.nanoTime();
    for (Track t : tracks()) {
      Segment open = t.openSegment();
      List<Segment> segs = t.segments();
      Segment last = open != null ? open : segs.isEmpty() ? null : segs.get(segs.size() - 1);
      Chunk c = last == null || last.chunkCount() == 0 ? null : last.chunk(last.chunkCount() - 1);
      if (c != null && now - c.arrivalNanos() < idle.toNanos()) {
        return false;
      }
    }
    return true;
  }

  public void addListener(StreamListener l) {
    listeners.add(l);
  }

  public void removeListener(StreamListener l) {
    listeners.remove(l);
  }

  void changed() {
    version.incrementAndGet();
    for (StreamListener l : listeners) {
      l.changed(this);
    }
  }

  void chunkArrived(Track track, Chunk chunk) {
    if (availabilityStartTime == null) {
      anchor(track, chunk);
    }
    version.incrementAndGet();
    for (StreamListener l : listeners) {
      l.chunkArrived(track, chunk);
    }
  }

  private synchronized void anchor(Track track, Chunk chunk) {
    if (availabilityStartTime != null) {
      return;
    }
    long ts = track.header().info().timescale();
    availabilityStartTime = clock.now().minus(MediaTime.toDuration(chunk.endTime(), ts));
  }

  void close() {
    tracks().forEach(Track::close);
  }
}
