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

  /** The smallest tick count not shorter than {@code d} (a loop period must never overlap itself). */
  public static long toTicksCeil(Duration d, long timescale) {
    long floor = toTicks(d, timescale);
    return toDuration(floor, timescale).compareTo(d) < 0 ? floor + 1 : floor;
  }

  public static long toTicks(Duration d, long timescale) {
    return d.getSeconds() * timescale + d.getNano() * timescale / 1_000_000_000L;
  }
}
