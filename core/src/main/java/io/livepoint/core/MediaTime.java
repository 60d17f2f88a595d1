package io.livepoint.core;

import java.math.BigInteger;
import java.time.Duration;

/**
 * Conversions between media time (ticks of a timescale) and durations, exact for epoch-sized values and
 * any 32-bit ISOBMFF timescale. A result that does not fit a long throws {@link ArithmeticException}
 * instead of wrapping around.
 */
public final class MediaTime {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private MediaTime() {}

  public static Duration toDuration(long ticks, long timescale) {
    checkTimescale(timescale);
    long seconds = Math.floorDiv(ticks, timescale);
    long rest = Math.floorMod(ticks, timescale);
    // rest < timescale; rest * 1e9 overflows only for timescales above ~9.2e9 (not ISOBMFF, but exact anyway).
    long nanos = rest <= Long.MAX_VALUE / NANOS_PER_SECOND ? rest * NANOS_PER_SECOND / timescale
        : BigInteger.valueOf(rest).multiply(BigInteger.valueOf(NANOS_PER_SECOND))
            .divide(BigInteger.valueOf(timescale)).longValueExact();
    return Duration.ofSeconds(seconds, nanos);
  }

  public static double toSeconds(long ticks, long timescale) {
    return ticks / (double) timescale;
  }

  /** The smallest tick count not shorter than {@code d} (a loop period must never overlap itself). */
  public static long toTicksCeil(Duration d, long timescale) {
    long floor = toTicks(d, timescale);
    return toDuration(floor, timescale).compareTo(d) < 0 ? Math.addExact(floor, 1) : floor;
  }

  /**
   * The largest tick count not longer than {@code d}.
   *
   * @throws ArithmeticException when it does not fit a long
   */
  public static long toTicks(Duration d, long timescale) {
    checkTimescale(timescale);
    long whole;
    try {
      whole = Math.multiplyExact(d.getSeconds(), timescale);
    } catch (ArithmeticException e) {
      throw new ArithmeticException(d + " is beyond the range of media time at timescale " + timescale);
    }
    // nanos * timescale / 1e9, split so that no product can overflow: timescale = q * 1e9 + r.
    long nanos = d.getNano();
    long q = timescale / NANOS_PER_SECOND;
    long r = timescale % NANOS_PER_SECOND;
    long fraction = Math.addExact(Math.multiplyExact(nanos, q), nanos * r / NANOS_PER_SECOND);
    try {
      return Math.addExact(whole, fraction);
    } catch (ArithmeticException e) {
      throw new ArithmeticException(d + " is beyond the range of media time at timescale " + timescale);
    }
  }

  private static void checkTimescale(long timescale) {
    if (timescale <= 0) {
      throw new IllegalArgumentException("timescale must be positive, got " + timescale);
    }
  }
}
