package io.livepoint.core;

import java.time.Instant;

/** The one source of time. Nothing reads the wall clock directly, so tests can drive time. */
public interface Clock {
  /** Wall-clock time (for availabilityStartTime, program date time, UTCTiming). */
  Instant now();

  /** Monotonic nanoseconds (for latency measurement and timeouts). */
  long nanoTime();

  default long epochMillis() {
    return now().toEpochMilli();
  }

  /** The real clock. */
  Clock SYSTEM = new Clock() {
    @Override
    public Instant now() {
      return Instant.now();
    }

    @Override
    public long nanoTime() {
      return System.nanoTime();
    }
  };
}
