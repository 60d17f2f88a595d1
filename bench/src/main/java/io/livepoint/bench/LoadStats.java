package io.livepoint.bench;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the players of one scenario counted while measuring: requests answered, bytes, errors, the
 * delivery delay of live chunks and the time to fetch whole objects. Recording is on only between
 * {@link #start()} and {@link #stop()} so connection set-up and catch-up stay out of the figures.
 */
public final class LoadStats {
  /** Chunk's last byte arrived on ingest → the player received the chunk's last byte. */
  public final Histogram delivery = new Histogram();
  /** Request sent → response's last byte received (segment fan-out). */
  public final Histogram fetch = new Histogram();
  private final LongAdder requests = new LongAdder();
  private final LongAdder bytes = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final LongAdder rejoins = new LongAdder();
  private volatile boolean measuring;
  private volatile long startNanos;
  private volatile long stopNanos;

  public void start() {
    startNanos = System.nanoTime();
    measuring = true;
  }

  public void stop() {
    measuring = false;
    stopNanos = System.nanoTime();
  }

  public boolean measuring() {
    return measuring;
  }

  /** Chunks that arrived on ingest after this moment are measured (see the players). */
  public long startNanos() {
    return startNanos;
  }

  void request() {
    if (measuring) {
      requests.increment();
    }
  }

  void bytes(long n) {
    if (measuring) {
      bytes.add(n);
    }
  }

  /** Errors count always: a failure during set-up is still a failure. */
  void error() {
    errors.increment();
  }

  /** A player fell so far behind that it jumped to the live edge, as real players do. */
  void rejoined() {
    if (measuring) {
      rejoins.increment();
    }
  }

  public long rejoins() {
    return rejoins.sum();
  }

  void delivered(long nanos) {
    if (measuring) {
      delivery.record(nanos);
    }
  }

  void fetched(long nanos) {
    if (measuring) {
      fetch.record(nanos);
    }
  }

  public long requests() {
    return requests.sum();
  }

  public long bytes() {
    return bytes.sum();
  }

  public long errors() {
    return errors.sum();
  }

  public double seconds() {
    return (stopNanos - startNanos) / 1e9;
  }
}
