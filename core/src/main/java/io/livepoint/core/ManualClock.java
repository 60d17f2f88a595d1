package io.livepoint.core;

import java.time.Duration;
import java.time.Instant;

/** A clock that moves only when told to; for tests. */
public final class ManualClock implements Clock {
  private Instant now;
  private long nanos;

  public ManualClock(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public synchronized long nanoTime() {
    return nanos;
  }

  public synchronized void advance(Duration d) {
    now = now.plus(d);
    nanos += d.toNanos();
  }
}
