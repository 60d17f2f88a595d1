package io.livepoint.core;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A lock-free latency histogram with log-linear buckets (8 per power of two, from 1 µs to ~68 s):
 * cheap enough to record every chunk delivery on the hot path, precise to about 9%.
 */
public final class LatencyHistogram {
  private static final int SUB = 8;
  private static final int POWERS = 27;
  private final AtomicLongArray counts = new AtomicLongArray(SUB * POWERS + 1);

  /** Records one latency in nanoseconds. */
  public void record(long nanos) {
    counts.incrementAndGet(bucket(Math.max(0, nanos) / 1000));
  }

  public long count() {
    long n = 0;
    for (int i = 0; i < counts.length(); i++) {
      n += counts.get(i);
    }
    return n;
  }

  /** The latency in nanoseconds under which {@code q} (0..1) of the samples fall; 0 when empty. */
  public long quantileNanos(double q) {
    long total = count();
    if (total == 0) {
      return 0;
    }
    long rank = (long) Math.ceil(q * total);
    long seen = 0;
    for (int i = 0; i < counts.length(); i++) {
      seen += counts.get(i);
      if (seen >= Math.max(1, rank)) {
        return upperMicros(i) * 1000;
      }
    }
    return upperMicros(counts.length() - 1) * 1000;
  }

  public void reset() {
    for (int i = 0; i < counts.length(); i++) {
      counts.set(i, 0);
    }
  }

  private static int bucket(long micros) {
    if (micros < SUB) {
      return (int) micros;
    }
    int power = 63 - Long.numberOfLeadingZeros(micros); // >= 3
    int sub = (int) (micros >>> (power - 3)) & (SUB - 1);
    int b = (power - 2) * SUB + sub;
    return Math.min(b, SUB * POWERS);
  }

  private static long upperMicros(int bucket) {
    if (bucket < SUB) {
      return bucket + 1;
    }
    int power = bucket / SUB + 2;
    int sub = bucket % SUB;
    return ((long) (SUB + sub + 1)) << (power - 3);
  }
}
