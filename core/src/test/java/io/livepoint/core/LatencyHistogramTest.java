package io.livepoint.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
  @Test
  void quantilesAreWithinBucketPrecision() {
    LatencyHistogram h = new LatencyHistogram();
    for (int i = 1; i <= 1000; i++) {
      h.record(i * 10_000L); // 10 µs .. 10 ms
    }
    assertEquals(1000, h.count());
    long p50 = h.quantileNanos(0.5);
    long p99 = h.quantileNanos(0.99);
    assertTrue(p50 >= 5_000_000 && p50 <= 5_000_000 * 1.13, "p50 " + p50);
    assertTrue(p99 >= 9_900_000 && p99 <= 9_900_000 * 1.13, "p99 " + p99);
    assertEquals(0, new LatencyHistogram().quantileNanos(0.99));
  }
}
