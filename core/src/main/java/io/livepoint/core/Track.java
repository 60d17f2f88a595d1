package io.livepoint.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A CMAF track of a stream (a DASH Representation, an HLS media playlist, a MoQ track): its header and
 * a bounded window of segments. One source appends; any number of egress readers look and wait.
 */
public final class Track {
  private static final Logger LOG = LoggerFactory.getLogger(Track.class);
  /** Media-time slack when matching another track's segment start (sample grids differ by codec). */
  private static final Duration ALIGN_TOLERANCE = Duration.ofMillis(1);

  private final LiveStream stream;
  private final String id;
  private volatile String switchingSetId;
  private volatile TrackHeader header;
  private final ArrayDeque<Segment> segments = new ArrayDeque<>();
  private final List<SegmentWaiter> segmentWaiters = new ArrayList<>();
  private long nextNumber = 1;
  private long lastEnd = Long.MIN_VALUE;
  private boolean ended;
  private long duplicatesDropped;

  Track(LiveStream stream, String id) {
    this.stream = stream;
    this.id = id;
  }

  /** How a new CMAF header compares with the one held. */
  public enum HeaderChange { NEW, IDENTICAL, CHANGED }

  public LiveStream stream() {
    return stream;
  }

  /** The track name (DASH Representation@id, the path segment under /live/{stream}/). */
  public String id() {
    return id;
  }

  /** Switching set id given by the source (Switching(id) path, kind box or MPD), or null. */
  public String switchingSetId() {
    return switchingSetId;
  }

  public void switchingSetId(String value) {
    this.switchingSetId = value;
  }

  /** The current CMAF header, or null before one arrived. */
  public TrackHeader header() {
    return header;
  }

  /**
   * Installs a CMAF header. An identical repeat is ignored (its buffer released); a changed one
   * replaces the old (a language change per ingest 6.3 item 10), and a track that had ended restarts.
   */
  public HeaderChange setHeader(TrackHeader next) {
    TrackHeader old;
    synchronized (this) {
      old = header;
      if (old != null && old.sameBytesAs(next)) {
        ended = false;
        next.release();
        return HeaderChange.IDENTICAL;
      }
      header = next;
      ended = false;
    }
    stream.changed();
    if (old != null) {
      old.release();
      return HeaderChange.CHANGED;
    }
    return HeaderChange.NEW;
  }

  /** Where a chunk stands relative to segment boundaries, as its source signalled it. */
  public enum Cut {
    /** The chunk starts a segment (a styp, or the first chunk of a per-segment request). */
    START,
    /** The chunk continues the open segment (the source delimits segments itself). */
    CONTINUE,
    /** The source gives no boundaries: cut on the target-duration grid at an independent chunk. */
    AUTO
  }

  /** As {@link #append(Chunk, Cut, boolean)} with START when {@code startsSegment}, else AUTO. */
  public boolean append(Chunk chunk, boolean startsSegment, boolean filler) {
    return append(chunk, startsSegment ? Cut.START : Cut.AUTO, filler);
  }

  /**
   * Appends a chunk, starting a new segment as {@code cut} says (AUTO: when the chunk is independent
   * and crosses the target-duration grid, for a long chunked POST without styp). A chunk whose tfdt
   * is already held is a retransmission: it is dropped and released, and false is returned.
   */
  public boolean append(Chunk chunk, Cut cut, boolean filler) {
    Segment completed = null;
    Segment opened = null;
    List<SegmentWaiter> ready = new ArrayList<>();
    synchronized (this) {
      if (header == null) {
        throw new IllegalStateException("track " + id + " has no CMAF header");
      }
      if (chunk.baseMediaDecodeTime() < lastEnd || holds(chunk.baseMediaDecodeTime())) {
        duplicatesDropped++;
        chunk.release();
        return false;
      }
      Segment open = openSegment();
      if (open == null || cut == Cut.START || (cut == Cut.AUTO && crossesGrid(open, chunk))) {
        if (open != null) {
          completed = open;
        }
        opened = new Segment(this, nextNumber++, chunk.baseMediaDecodeTime(), filler);
        segments.addLast(opened);
        for (var it = segmentWaiters.iterator(); it.hasNext(); ) {
          SegmentWaiter w = it.next();
          if (w.number <= opened.number()) {
            ready.add(w);
            it.remove();
          }
        }
        open = opened;
      }
      lastEnd = chunk.endTime();
      ended = false;
      open.add(chunk);
    }
    if (completed != null) {
      completed.complete();
    }
    if (opened != null) {
      Segment s = opened;
      ready.forEach(w -> w.future.complete(w.number == s.number() ? s : segment(w.number)));
    }
    evictOutsideWindow();
    stream.chunkArrived(this, chunk);
    return true;
  }

  /** Completes the open segment (a per-segment request ended, or lmsg). */
  public void completeSegment() {
    Segment open;
    synchronized (this) {
      open = openSegment();
    }
    if (open != null) {
      open.complete();
      stream.changed();
    }
  }

  /** End of track: lmsg, mfra, or the end of a long request body. */
  public void end() {
    completeSegment();
    synchronized (this) {
      ended = true;
    }
    stream.changed();
  }

  public synchronized boolean isEnded() {
    return ended;
  }

  public synchronized long duplicatesDropped() {
    return duplicatesDropped;
  }

  /** The segment still growing, or null. */
  public synchronized Segment openSegment() {
    Segment last = segments.peekLast();
    return last != null && !last.isComplete() ? last : null;
  }

  /** Snapshot of the segments in the window, oldest first (the last one may be open). */
  public synchronized List<Segment> segments() {
    return List.copyOf(segments);
  }

  /** The segment with this number, or null when not (or no longer) in the window. */
  public synchronized Segment segment(long number) {
    Segment first = segments.peekFirst();
    if (first == null || number < first.number() || number >= nextNumber) {
      return null;
    }
    for (Segment s : segments) {
      if (s.number() == number) {
        return s;
      }
    }
    return null;
  }

  /** The newest segment number so far, or 0 when none. */
  public synchronized long lastNumber() {
    return nextNumber - 1;
  }

  /**
   * Completes with segment {@code number} once it has started (its first chunk arrived); with null if
   * it is already out of the window. Completion runs on the ingest thread: hop to your own executor.
   */
  public CompletableFuture<Segment> awaitSegment(long number) {
    synchronized (this) {
      if (number < nextNumber) {
        return CompletableFuture.completedFuture(segment(number));
      }
      SegmentWaiter w = new SegmentWaiter(number, new CompletableFuture<>());
      segmentWaiters.add(w);
      return w.future;
    }
  }

  /** A duration in this track's timescale. */
  public long ticks(Duration d) {
    TrackHeader h = header;
    return MediaTime.toTicks(d, h == null ? 1000 : h.info().timescale());
  }

  private boolean holds(long tfdt) {
    for (var it = segments.descendingIterator(); it.hasNext(); ) {
      Segment s = it.next();
      if (s.startTime() <= tfdt) {
        return s.containsTime(tfdt);
      }
    }
    return false;
  }

  private boolean crossesGrid(Segment open, Chunk chunk) {
    if (!chunk.independent()) {
      return false;
    }
    long grid = ticks(stream.settings().targetSegmentDuration());
    if (grid <= 0) {
      return false;
    }
    long t = chunk.baseMediaDecodeTime();
    Track leader = stream.videoLeader(this);
    if (leader != null && t - open.startTime() < 2 * grid) {
      // Follow the video: cut where a video segment starts, so segments align across tracks (HLS
      // renditions, DASH segmentAlignment). The grid below only applies when the video lags far behind.
      long timescale = header.info().timescale();
      return leader.startsSegmentBetween(MediaTime.toDuration(open.startTime(), timescale),
          MediaTime.toDuration(t, timescale).plus(ALIGN_TOLERANCE));
    }
    // Align to a grid on the media timeline so tracks without a video leader still cut together.
    return Math.floorDiv(t, grid) != Math.floorDiv(open.startTime(), grid) && t - open.startTime() >= grid / 2;
  }

  /** Whether one of this track's segments starts in ({@code after}, {@code upTo}], in media time. */
  synchronized boolean startsSegmentBetween(Duration after, Duration upTo) {
    if (header == null) {
      return false;
    }
    long timescale = header.info().timescale();
    for (var it = segments.descendingIterator(); it.hasNext(); ) {
      Duration start = MediaTime.toDuration(it.next().startTime(), timescale);
      if (start.compareTo(after) <= 0) {
        return false;
      }
      if (start.compareTo(upTo) <= 0) {
        return true;
      }
    }
    return false;
  }

  private void evictOutsideWindow() {
    List<Segment> gone = new ArrayList<>();
    synchronized (this) {
      long window = ticks(stream.settings().timeShiftWindow());
      while (segments.size() > 2) {
        Segment first = segments.peekFirst();
        if (first.isComplete() && lastEnd - first.endTime() > window) {
          gone.add(segments.pollFirst());
        } else {
          break;
        }
      }
    }
    if (!gone.isEmpty()) {
      LOG.debug("track {}/{}: {} segment(s) left the time-shift window", stream.name(), id, gone.size());
      gone.forEach(Segment::evict);
    }
  }

  /** Releases everything (stream removed or server stopping). */
  void close() {
    List<Segment> all;
    TrackHeader h;
    synchronized (this) {
      all = new ArrayList<>(segments);
      segments.clear();
      h = header;
      header = null;
      ended = true;
      segmentWaiters.forEach(w -> w.future.complete(null));
      segmentWaiters.clear();
    }
    all.forEach(Segment::evict);
    if (h != null) {
      h.release();
    }
  }

  private record SegmentWaiter(long number, CompletableFuture<Segment> future) {}
}
