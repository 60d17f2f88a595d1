package io.livepoint.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free log-linear histogram of nanosecond values (32 buckets per power of two, 1 µs to ~137 s:
 * about 3% precision), recorded from many event loops at once, read for percentiles and for the plot.
 */
public final class Histogram {
  static final int SUB = 32;
  private static final int SUB_BITS = 5;
  private static final int POWERS = 28;
  private static final int BUCKETS = SUB * POWERS;
  private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
  private final java.util.concurrent.atomic.AtomicLong max = new java.util.concurrent.atomic.AtomicLong();

  /** Records one value in nanoseconds (negative counts as 0, beyond the range as the last bucket). */
  public void record(long nanos) {
    long v = Math.max(0, nanos);
    counts.incrementAndGet(bucket(v / 1000));
    max.accumulateAndGet(v, Math::max);
  }

  public long count() {
    long n = 0;
    for (int i = 0; i < BUCKETS; i++) {
      n += counts.get(i);
    }
    return n;
  }

  /** Largest value recorded, exactly, in nanoseconds. */
  public long maxNanos() {
    return max.get();
  }

  /**
   * The value in nanoseconds at quantile {@code q} (0..1): the upper bound of the bucket holding the
   * sample of that rank (never below the truth, at most one bucket above it); 0 when empty.
   */
  public long quantileNanos(double q) {
    long total = count();
    if (total == 0) {
      return 0;
    }
    long rank = Math.max(1, (long) Math.ceil(q * total));
    long seen = 0;
    for (int i = 0; i < BUCKETS; i++) {
      seen += counts.get(i);
      if (seen >= rank) {
        return Math.min(upperMicros(i) * 1000, max.get());
      }
    }
    return max.get();
  }

  /** Adds every sample of {@code other}. */
  public void add(Histogram other) {
    for (int i = 0; i < BUCKETS; i++) {
      long c = other.counts.get(i);
      if (c != 0) {
        counts.addAndGet(i, c);
      }
    }
    max.accumulateAndGet(other.max.get(), Math::max);
  }

  /** Number of buckets (for walking the distribution with {@link #countAt} and {@link #upperNanosAt}). */
  public int buckets() {
    return BUCKETS;
  }

  public long countAt(int bucket) {
    return counts.get(bucket);
  }

  /** Exclusive upper bound of a bucket, in nanoseconds. */
  public long upperNanosAt(int bucket) {
    return upperMicros(bucket) * 1000;
  }

  static int bucket(long micros) {
    if (micros < SUB) {
      return (int) micros;
    }
    int power = 63 - Long.numberOfLeadingZeros(micros); // >= SUB_BITS
    int sub = (int) (micros >>> (power - SUB_BITS)) & (SUB - 1);
    int b = (power - SUB_BITS + 1) * SUB + sub;
    return Math.min(b, BUCKETS - 1);
  }

  static long upperMicros(int bucket) {
    if (bucket < SUB) {
      return bucket + 1;
    }
    int power = bucket / SUB + SUB_BITS - 1;
    int sub = bucket % SUB;
    return ((long) (SUB + sub + 1)) << (power - SUB_BITS);
  }
}
