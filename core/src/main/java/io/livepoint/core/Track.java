package io.livepoint.core;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
  /**
   * Real segments being received for the time of a complete {@code slat} filler (ingest 6.2 item 18),
   * by number: kept aside until complete, then they take the filler's place in the window.
   */
  private final Map<Long, Segment> replacements = new HashMap<>();
  /** Waiter count at which given-up (cancelled) waiters are pruned; doubles so adding stays O(1). */
  private int pruneAt = Segment.PRUNE_MIN;
  private long nextNumber = 1;
  /** End of the newest chunk on the media timeline: a chunk starting before it is a repeat. */
  private long lastEnd = Long.MIN_VALUE;
  /** Start of the newest chunk (tells a repeated zero-duration chunk from a new one). */
  private long lastStart = Long.MIN_VALUE;
  private boolean ended;
  /**
   * Set by {@link #end()} and a changed header: the source may start again on a new timeline, so a
   * chunk before {@link #lastEnd} starts a new segment (a discontinuity) instead of being dropped.
   */
  private boolean restartable;
  /**
   * A new request sent the (identical) header again: a source reconnected.
   * It may be resending what was cut off, or be an encoder that restarted counting from zero without
   * ending its track (it lost its connection); {@link #restartedWithoutEnd} tells them apart.
   */
  private boolean reconnected;
  private long duplicatesDropped;
  private long discontinuities;

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
   * replaces the old (a language change per ingest 6.3 item 10, or a restarted encoder: its next chunk
   * may start a new timeline), and a track that had ended restarts. An identical header does not allow
   * a new timeline: sources resend it before retransmitting segments (ingest 6.3 item 6).
   */
  public HeaderChange setHeader(TrackHeader next) {
    TrackHeader old;
    synchronized (this) {
      old = header;
      if (old != null && old.sameBytesAs(next)) {
        ended = false;
        next.release();
        stream.headerArrived();
        return HeaderChange.IDENTICAL;
      }
      header = next;
      ended = false;
      if (old != null) {
        restartable = true;
      }
    }
    stream.headerArrived();
    stream.changed();
    if (old != null) {
      old.release();
      return HeaderChange.CHANGED;
    }
    return HeaderChange.NEW;
  }

  /**
   * A request starts sending this track with its header (the source connected or reconnected). Once
   * no request is writing the track (a dead connection's grace is over), a chunk far behind it may start
   * a new timeline; see {@link #append(Chunk, Cut, boolean)}.
   */
  public synchronized void sourceConnected() {
    reconnected = segments.peekLast() != null;
  }

  /**
   * A reconnected source's chunk is a restart, not a resend, when nobody writes the track and it starts
   * a segment more than a target duration before the newest one: a resend continues the cut-off segment.
   */
  private boolean restartedWithoutEnd(Chunk chunk) {
    Segment last = segments.peekLast();
    return last != null && chunk.independent() && !last.hasWriters()
        && chunk.baseMediaDecodeTime() < last.startTime() - ticks(stream.settings().targetSegmentDuration());
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

  /**
   * As {@link #append(Chunk, Cut, boolean)} with START when {@code startsSegment}, else AUTO; true when
   * the chunk was stored, false when it was dropped as a repeat.
   */
  public boolean append(Chunk chunk, boolean startsSegment, boolean filler) {
    return append(chunk, startsSegment ? Cut.START : Cut.AUTO, filler) != null;
  }

  /**
   * Appends a chunk, starting a new segment as {@code cut} says (AUTO: when the chunk is independent
   * and crosses the target-duration grid, for a long chunked POST without styp). Takes ownership of the
   * chunk on every path.
   *
   * <p>Repeats: while the track runs, a chunk starting before the end of the newest one (a
   * retransmission, or a chunk arriving after a newer segment started) is dropped and released, and
   * null is returned. After {@link #end()} or a changed header the source may have restarted: such a
   * chunk starts a new segment instead, a timeline discontinuity (segment numbers keep increasing). So
   * does an independent chunk far behind the newest segment after {@link #sourceConnected()} while no
   * request writes the track (an encoder that lost its connection and restarted from zero).
   *
   * <p>Order: the stream version counts the chunk before any waiter is woken; listeners come last.
   *
   * @return the segment the chunk went into, or null when it was dropped as a repeat
   * @throws ChunkRejectedException (the chunk released) when the track has no header, or when the chunk
   *     would have to start a segment (CONTINUE with none open, or a discontinuity) but is not independent
   */
  public Segment append(Chunk chunk, Cut cut, boolean filler) {
    Segment target;
    boolean discontinuity;
    List<CompletableFuture<Chunk>> closedWaiters = null;
    List<SegmentWaiter> ready = List.of();
    List<CompletableFuture<Chunk>> chunkWaiters;
    List<Segment> evicted;
    long previousEnd;
    synchronized (this) {
      try {
        if (header == null) {
          throw new ChunkRejectedException(ChunkRejectedException.Reason.NO_HEADER,
              "track " + stream.name() + "/" + id + " has no CMAF header");
        }
        long t = chunk.baseMediaDecodeTime();
        // A zero-duration chunk ends where it starts: it repeats one only when that one started there too.
        boolean repeat = t < lastEnd || chunk.duration() == 0 && t == lastStart;
        if (repeat && !restartable && reconnected && restartedWithoutEnd(chunk)) {
          restartable = true;
        }
        if (repeat && !restartable) {
          Segment replacing = replacementFor(chunk, filler);
          if (replacing != null) {
            replacing.add(chunk); // nobody waits on a replacement: it is not in the window yet
            return replacing;
          }
          duplicatesDropped++;
          chunk.release();
          return null;
        }
        discontinuity = repeat;
        Segment open = openSegment();
        boolean starts = discontinuity || open == null || cut == Cut.START
            || (cut == Cut.AUTO && crossesGrid(open, chunk));
        if (starts && !chunk.independent() && (cut == Cut.CONTINUE || discontinuity && cut != Cut.START)) {
          throw new ChunkRejectedException(ChunkRejectedException.Reason.NOT_INDEPENDENT,
              "track " + stream.name() + "/" + id + ": chunk at " + t + " would start a segment"
                  + (discontinuity ? " (timeline jumped back from " + lastEnd + ")" : " (none is open)")
                  + " but does not start with a sync sample");
        }
        if (starts) {
          if (open != null) {
            closedWaiters = open.markComplete();
          }
          Segment previous = segments.peekLast();
          int timeline;
          long sequence;
          if (previous == null) {
            timeline = stream.latestTimeline(); // a track that joins late is on the stream's newest timeline
            sequence = timeline;
          } else if (discontinuity) {
            timeline = previous.timeline() + 1;
            sequence = previous.discontinuity() + 1;
          } else {
            timeline = previous.timeline();
            long gap = t - previous.endTime();
            sequence = previous.discontinuity() + (gap > previous.duration() / 2 ? 1 : 0);
          }
          open = new Segment(this, nextNumber++, t, filler, timeline, sequence);
          segments.addLast(open);
          ready = takeSegmentWaiters(open.number());
        }
        if (discontinuity) {
          discontinuities++;
        }
        previousEnd = lastEnd;
        lastEnd = chunk.endTime();
        lastStart = t;
        ended = false;
        restartable = false;
        reconnected = false;
        chunkWaiters = open.add(chunk);
        target = open;
        evicted = takeEvicted();
      } catch (RuntimeException e) {
        chunk.release();
        throw e;
      }
    }
    if (discontinuity) {
      LOG.info("track {}/{}: timeline discontinuity: the source restarted at {} (before {}, where the track"
          + " stood); segment {} starts the new timeline", stream.name(), id,
          chunk.baseMediaDecodeTime(), previousEnd, target.number());
    }
    // Count the change first: a woken reader must see a version that includes it.
    stream.chunkAdded(this, chunk, target.timeline());
    if (closedWaiters != null) {
      closedWaiters.forEach(f -> f.complete(null));
    }
    for (SegmentWaiter w : ready) {
      w.future.complete(w.number == target.number() ? target : segment(w.number));
    }
    chunkWaiters.forEach(f -> f.complete(chunk));
    if (!evicted.isEmpty()) {
      LOG.debug("track {}/{}: {} segment(s) left the time-shift window", stream.name(), id, evicted.size());
      evicted.forEach(Segment::evict);
    }
    stream.fireChunkArrived(this, chunk);
    return target;
  }

  /**
   * The replacement a repeated chunk goes into (lock held), or null: an independent chunk that is not
   * filler, at the start of a complete filler segment, starts one; a chunk that continues a growing
   * replacement goes into it.
   */
  private Segment replacementFor(Chunk chunk, boolean filler) {
    if (filler) {
      return null;
    }
    long t = chunk.baseMediaDecodeTime();
    for (Segment r : replacements.values()) {
      if (!r.isComplete() && r.endTime() == t) {
        return r;
      }
    }
    if (!chunk.independent()) {
      return null;
    }
    for (Segment s : segments) {
      if (s.isFiller() && s.isComplete() && s.startTime() == t && !replacements.containsKey(s.number())) {
        Segment r = new Segment(this, s.number(), t, false, s.timeline(), s.discontinuity());
        replacements.put(s.number(), r);
        LOG.info("track {}/{}: real media for filler segment {} arrived; it replaces the filler once complete",
            stream.name(), id, s.number());
        return r;
      }
    }
    return null;
  }

  /**
   * A replacement is complete: it takes its filler's place when it covers the filler's time, else it is
   * dropped (its source stopped half-way). Returns the segment that left the window, to evict.
   */
  private Segment swapIn(Segment replacement) {
    Segment gone;
    synchronized (this) {
      if (replacements.get(replacement.number()) != replacement) {
        return null;
      }
      replacements.remove(replacement.number());
      Segment filler = segment(replacement.number());
      if (filler == null || replacement.duration() < filler.duration()) {
        gone = replacement;
      } else {
        List<Segment> window = new ArrayList<>(segments);
        window.set(window.indexOf(filler), replacement);
        segments.clear();
        segments.addAll(window);
        gone = filler;
        LOG.info("track {}/{}: filler segment {} replaced by real media", stream.name(), id, filler.number());
      }
    }
    return gone;
  }

  /**
   * Completes {@code segment} (its request ended, or lmsg) and only it: a segment another source or
   * request opened meanwhile stays open. False when it was complete already.
   */
  public boolean complete(Segment segment) {
    if (segment.track() != this) {
      throw new IllegalArgumentException("segment " + segment.number() + " belongs to track "
          + segment.track().id() + ", not " + id);
    }
    List<CompletableFuture<Chunk>> waiting = segment.markComplete();
    if (waiting == null) {
      return false;
    }
    Segment replaced = swapIn(segment);
    if (replaced != null) {
      replaced.evict();
    }
    stream.bump();
    waiting.forEach(f -> f.complete(null));
    stream.fireChanged();
    return true;
  }

  /**
   * A request starts writing {@code segment}: it stored a chunk of it, or sent a copy of one (a redundant
   * source). See {@link #leave}.
   *
   * @return false when the segment is complete or completing: the request does not write it
   */
  public boolean join(Segment segment) {
    return segment.join();
  }

  /**
   * A request stops writing {@code segment} (its body ended, or it was cut off): the segment completes
   * when no other request writes it. Redundant sources (ingest 6.8, 6.9) send the same segment; the last
   * to finish closes it, so a source that dies mid-segment leaves it to the other.
   *
   * @return true when this completed the segment
   */
  public boolean leave(Segment segment) {
    return segment.leave() && complete(segment);
  }

  /**
   * A request writing {@code segment} was cut off; it stays a writer for a resend grace (the segment stays
   * open) but no longer holds back a restart of its source ({@link #sourceConnected()}). Leave with
   * {@link #leaveCutOff}.
   */
  public void cutOff(Segment segment) {
    segment.writerCutOff();
  }

  /** The cut-off writer's grace is over: it leaves (see {@link #leave}). */
  public boolean leaveCutOff(Segment segment) {
    segment.cutOffWriterLeaves();
    return leave(segment);
  }

  /** The segment in the window whose span holds media time {@code time}, or null. */
  public synchronized Segment segmentAt(long time) {
    for (Segment s : segments) {
      if (s.startTime() <= time && time < s.endTime()) {
        return s;
      }
    }
    return null;
  }

  /** Completes the open segment, whoever opened it (a source that delimits segments itself). */
  public void completeSegment() {
    Segment open = openSegment();
    if (open != null) {
      complete(open);
    }
  }

  /** End of track: lmsg, mfra, or the end of a long request body. Completes the open segment. */
  public void end() {
    completeSegment();
    synchronized (this) {
      ended = true;
      restartable = true;
    }
    stream.changed();
  }

  /**
   * End of track after {@code last} (the source's final segment; null when it appended none): completes
   * it, and ends the track unless another segment is open or newer (another request carries on).
   */
  public void end(Segment last) {
    if (last != null) {
      complete(last);
    }
    synchronized (this) {
      if (openSegment() != null || last != null && last.number() != nextNumber - 1) {
        return;
      }
      ended = true;
      restartable = true;
    }
    stream.changed();
  }

  public synchronized boolean isEnded() {
    return ended;
  }

  /** Chunks dropped as repeats (retransmitted, or late behind a newer segment). */
  public synchronized long duplicatesDropped() {
    return duplicatesDropped;
  }

  /** Times the source restarted on an earlier media time (after an end or a changed header). */
  public synchronized long discontinuities() {
    return discontinuities;
  }

  /** The media timeline of the newest segment (see {@link Segment#timeline()}); 0 before any. */
  public synchronized int timeline() {
    Segment last = segments.peekLast();
    return last == null ? 0 : last.timeline();
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
   * When it completes, {@link LiveStream#version()} already counts the new segment. A reader that gives
   * up may cancel the future: cancelled waiters are skipped and pruned.
   */
  public CompletableFuture<Segment> awaitSegment(long number) {
    synchronized (this) {
      if (number < nextNumber) {
        return CompletableFuture.completedFuture(segment(number));
      }
      SegmentWaiter w = new SegmentWaiter(number, new CompletableFuture<>());
      if (segmentWaiters.size() >= pruneAt) {
        segmentWaiters.removeIf(x -> x.future.isDone());
        pruneAt = Math.max(Segment.PRUNE_MIN, 2 * segmentWaiters.size());
      }
      segmentWaiters.add(w);
      return w.future;
    }
  }

  /** Segment waiters held now (for tests and metrics). */
  synchronized int segmentWaiterCount() {
    return segmentWaiters.size();
  }

  /** Removes and returns the waiters that segment {@code number} satisfies; drops given-up ones. */
  private List<SegmentWaiter> takeSegmentWaiters(long number) {
    List<SegmentWaiter> ready = new ArrayList<>();
    segmentWaiters.removeIf(w -> {
      if (w.future.isDone()) {
        return true;
      }
      if (w.number <= number) {
        ready.add(w);
        return true;
      }
      return false;
    });
    return ready;
  }

  /** A duration in this track's timescale. */
  public long ticks(Duration d) {
    TrackHeader h = header;
    return MediaTime.toTicks(d, h == null ? 1000 : h.info().timescale());
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

  /**
   * Takes the segments to drop from the front (lock held): complete ones more than the time-shift
   * window behind the live edge. The distance counts the media of the later segments and any forward
   * gap between them, but not a jump back (a restarted source), so a discontinuity never pins old
   * segments in memory. The newest two are always kept.
   */
  private List<Segment> takeEvicted() {
    if (segments.size() <= 2) {
      return List.of();
    }
    long window = ticks(stream.settings().timeShiftWindow());
    long behind = 0; // media from the end of the first segment to the live edge
    Segment previous = null;
    for (Segment s : segments) {
      if (previous != null) {
        behind += span(previous, s);
      }
      previous = s;
    }
    List<Segment> gone = new ArrayList<>();
    while (segments.size() > 2) {
      Segment first = segments.peekFirst();
      if (!first.isComplete() || behind <= window) {
        break;
      }
      gone.add(segments.pollFirst());
      Segment replacement = replacements.remove(first.number());
      if (replacement != null) {
        gone.add(replacement);
      }
      behind -= span(first, segments.peekFirst());
    }
    return gone;
  }

  /** Media time {@code next} adds after {@code previous}: its duration and a forward gap before it. */
  private static long span(Segment previous, Segment next) {
    return Math.max(0, next.startTime() - previous.endTime()) + next.duration();
  }

  /** Releases everything (stream removed or server stopping). */
  void close() {
    List<Segment> all;
    TrackHeader h;
    List<SegmentWaiter> waiting;
    synchronized (this) {
      all = new ArrayList<>(segments);
      all.addAll(replacements.values());
      segments.clear();
      replacements.clear();
      h = header;
      header = null;
      ended = true;
      waiting = new ArrayList<>(segmentWaiters);
      segmentWaiters.clear();
    }
    waiting.forEach(w -> w.future.complete(null));
    all.forEach(Segment::evict);
    if (h != null) {
      h.release();
    }
  }

  private record SegmentWaiter(long number, CompletableFuture<Segment> future) {}
}
