package io.livepoint.core;

import java.time.Duration;

/** Conversions between media time (ticks of a timescale) and durations, exact for epoch-sized values. */
public final class MediaTime {
  private MediaTime() {}

  public static Duration toDuration(long ticks, long timescale) {
    long seconds = Math.floorDiv(ticks, timescale);
    long rest = Math.floorMod(ticks, timescale);
    return Duration.ofSeconds(seconds, rest * 1_000_000_000L / timescale);
  }

  public static double toSeconds(long ticks, long timescale) {
    return ticks / (double) timescale;
  }

  public static long toTicks(Duration d, long timescale) {
    return d.getSeconds() * timescale + d.getNano() * timescale / 1_000_000_000L;
  }
}
