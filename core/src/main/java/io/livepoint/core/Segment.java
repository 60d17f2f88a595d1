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
  private final Track track;
  private final long number;
  private final long startTime;
  private final List<Chunk> chunks = new ArrayList<>();
  private final List<Waiter> waiters = new ArrayList<>();
  private long duration;
  private boolean complete;
  private boolean evicted;
  private final boolean filler;

  Segment(Track track, long number, long startTime, boolean filler) {
    this.track = track;
    this.number = number;
    this.startTime = startTime;
    this.filler = filler;
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
   * leaves the window) without it. Completion runs on the ingest thread: hop to your own executor.
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
      waiters.add(w);
      return w.future;
    }
  }

  void add(Chunk chunk) {
    List<Waiter> ready = new ArrayList<>();
    synchronized (this) {
      chunks.add(chunk);
      duration += chunk.duration();
      int index = chunks.size() - 1;
      waiters.removeIf(w -> {
        if (w.index == index) {
          ready.add(w);
          return true;
        }
        return false;
      });
    }
    ready.forEach(w -> w.future.complete(chunk));
  }

  void complete() {
    List<Waiter> ready;
    synchronized (this) {
      if (complete) {
        return;
      }
      complete = true;
      ready = new ArrayList<>(waiters);
      waiters.clear();
    }
    ready.forEach(w -> w.future.complete(null));
  }

  void evict() {
    List<Chunk> gone;
    synchronized (this) {
      evicted = true;
      gone = new ArrayList<>(chunks);
      chunks.clear();
    }
    complete();
    gone.forEach(Chunk::release);
  }

  /** Whether {@code time} (track timescale) lies in this segment's chunks. */
  synchronized boolean containsTime(long time) {
    for (Chunk c : chunks) {
      if (c.baseMediaDecodeTime() == time) {
        return true;
      }
    }
    return false;
  }

  private record Waiter(int index, CompletableFuture<Chunk> future) {}
}
