package io.livepoint.core;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A CMAF segment of one track: a run of chunks starting with an independent one. It grows while the
 * source sends it ("open") and is "complete" when the next segment starts or the source ends it.
 * Readers wait for a chunk with {@link #awaitChunk(int)} instead of polling.
 */
public final class Segment {
  static final int PRUNE_MIN = 16;
  private final Track track;
  private final long number;
  private final long startTime;
  private final List<Chunk> chunks = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  /** Waiter count at which given-up (cancelled) waiters are pruned; doubles so adding stays O(1). */
  private int pruneAt = PRUNE_MIN;
  private long duration;
  private boolean complete;
  private boolean evicted;
  private final boolean filler;
  private final int timeline;
  private final long discontinuity;
  /** Requests writing this segment (redundant sources send the same one). */
  private int writers;
  /** Writers among {@link #writers} that were cut off and wait out their resend grace. */
  private int cutOff;
  /** Its last writer left: it completes, and no writer may join in between. */
  private boolean closing;

  Segment(Track track, long number, long startTime, boolean filler, int timeline, long discontinuity) {
    this.track = track;
    this.number = number;
    this.startTime = startTime;
    this.filler = filler;
    this.timeline = timeline;
    this.discontinuity = discontinuity;
  }

  public Track track() {
    return track;
  }

  /** Sequential number within the track ($Number$ in DASH, media sequence number in HLS). */
  public long number() {
    return number;
  }

  /** Earliest decode time in the track timescale. */
  public long startTime() {
    return startTime;
  }

  /** Duration so far (final once complete), in the track timescale. */
  public synchronized long duration() {
    return duration;
  }

  public synchronized long endTime() {
    return startTime + duration;
  }

  public synchronized boolean isComplete() {
    return complete;
  }

  /** A writer joins, unless the segment is complete or its last writer already left (it is closing). */
  synchronized boolean join() {
    if (complete || closing) {
      return false;
    }
    writers++;
    return true;
  }

  /**
   * Whether a live request still writes it: writers cut off mid-segment that only wait for their
   * source to resend (see {@link Track#cutOff}) do not count.
   */
  synchronized boolean hasWriters() {
    return writers - cutOff > 0 && !closing;
  }

  /** A writer was cut off: it stays a writer (the segment stays open) until it leaves. */
  synchronized void writerCutOff() {
    if (cutOff < writers) {
      cutOff++;
    }
  }

  /** A cut-off writer leaves (see {@link #leave()}). */
  synchronized void cutOffWriterLeaves() {
    if (cutOff > 0) {
      cutOff--;
    }
  }

  /** A writer leaves; true when it was the last: the segment is then closing and takes no new writer. */
  synchronized boolean leave() {
    if (--writers > 0) {
      return false;
    }
    closing = true;
    return true;
  }

  /**
   * The media timeline it belongs to: 0 from the stream's start, one more each time the source
   * restarted on an earlier media time. Each timeline has its own wall-clock anchor
   * ({@link LiveStream#wallClock(Segment, long)}); a DASH Period each.
   */
  public int timeline() {
    return timeline;
  }

  /**
   * Discontinuities before it in its track: restarts, and forward gaps longer than half the previous
   * segment (shorter ones are absorbed by the manifests). The HLS discontinuity sequence number.
   */
  public long discontinuity() {
    return discontinuity;
  }

  /** Whether the source labelled it as filler ("slat" brand). */
  public boolean isFiller() {
    return filler;
  }

  public synchronized int chunkCount() {
    return chunks.size();
  }

  /** The chunk at {@code index}, or null when it has not arrived (or the segment has left the window). */
  public synchronized Chunk chunk(int index) {
    return !evicted && index < chunks.size() ? chunks.get(index) : null;
  }

  /** A snapshot of the chunks received so far. */
  public synchronized List<Chunk> chunks() {
    return evicted ? List.of() : List.copyOf(chunks);
  }

  /** Total bytes received so far. */
  public synchronized long size() {
    long n = 0;
    for (Chunk c : chunks) {
      n += c.size();
    }
    return n;
  }

  /**
   * Completes with chunk {@code index} as soon as it exists; with null when the segment completes (or
   * leaves the window) without it. Completion runs on the ingest thread: hop to your own executor. When
   * it completes, {@link LiveStream#version()} already counts the change. A reader that gives up may
   * cancel the future: cancelled waiters are skipped and pruned.
   */
  public CompletableFuture<Chunk> awaitChunk(int index) {
    synchronized (this) {
      if (!evicted && index < chunks.size()) {
        return CompletableFuture.completedFuture(chunks.get(index));
      }
      if (complete || evicted) {
        return CompletableFuture.completedFuture(null);
      }
      Waiter w = new Waiter(index, new CompletableFuture<>());
      if (waiters.size() >= pruneAt) {
        waiters.removeIf(x -> x.future.isDone());
        pruneAt = Math.max(PRUNE_MIN, 2 * waiters.size());
      }
      waiters.add(w);
      return w.future;
    }
  }

  /** Waiters held now (for tests and metrics). */
  synchronized int waiterCount() {
    return waiters.size();
  }

  /**
   * Adds a chunk; returns the futures waiting for it, which the caller completes with the chunk once
   * the stream version counts it.
   */
  List<CompletableFuture<Chunk>> add(Chunk chunk) {
    List<CompletableFuture<Chunk>> ready = new ArrayList<>();
    synchronized (this) {
      chunks.add(chunk);
      duration += chunk.duration();
      int index = chunks.size() - 1;
      waiters.removeIf(w -> {
        if (w.future.isDone()) {
          return true; // given up (cancelled)
        }
        if (w.index == index) {
          ready.add(w.future);
          return true;
        }
        return false;
      });
    }
    return ready;
  }

  /**
   * Marks the segment complete; returns the futures to complete with null (after the version change),
   * or null when it was complete already.
   */
  List<CompletableFuture<Chunk>> markComplete() {
    synchronized (this) {
      if (complete) {
        return null;
      }
      complete = true;
      List<CompletableFuture<Chunk>> ready = new ArrayList<>(waiters.size());
      for (Waiter w : waiters) {
        if (!w.future.isDone()) {
          ready.add(w.future);
        }
      }
      waiters.clear();
      return ready;
    }
  }

  /** Leaves the window: readers waiting get null, the stored bytes are released. */
  void evict() {
    List<Chunk> gone;
    synchronized (this) {
      evicted = true;
      gone = new ArrayList<>(chunks);
      chunks.clear();
    }
    List<CompletableFuture<Chunk>> waiting = markComplete();
    if (waiting != null) {
      waiting.forEach(f -> f.complete(null));
    }
    gone.forEach(Chunk::release);
  }

  private record Waiter(int index, CompletableFuture<Chunk> future) {}
}
