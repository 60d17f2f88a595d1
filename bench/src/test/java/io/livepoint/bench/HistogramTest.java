package io.livepoint.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HistogramTest {
  @Test
  void percentilesOfAKnownDistributionAreWithinOneBucket() {
    Histogram h = new Histogram();
    long[] values = new long[100_000];
    Random r = new Random(7);
    for (int i = 0; i < values.length; i++) {
      values[i] = (long) (Math.exp(r.nextGaussian() * 1.5 + 14)); // log-normal around 1.2 ms
      h.record(values[i]);
    }
    Arrays.sort(values);
    assertEquals(values.length, h.count());
    for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
      long truth = values[(int) Math.ceil(q * values.length) - 1];
      long got = h.quantileNanos(q);
      // The bucket's upper bound: never below the true value, at most ~1/32 (and 1 µs) above it.
      assertTrue(got >= truth - 1000 && got <= truth * 1.04 + 1000, q + ": " + got + " vs " + truth);
    }
    assertEquals(values[values.length - 1], h.maxNanos());
    assertEquals(values[values.length - 1], h.quantileNanos(1.0));
  }

  @Test
  void bucketsTileTheRangeWithoutGapsOrOverlap() {
    long previousUpper = 0;
    for (int b = 0; b < 30 * Histogram.SUB; b++) {
      long upper = Histogram.upperMicros(b);
      assertTrue(upper > previousUpper, "bucket " + b);
      // The first value of the bucket lands in it, and so does the last.
      assertEquals(b, Histogram.bucket(previousUpper), "start of bucket " + b);
      assertEquals(b, Histogram.bucket(upper - 1), "end of bucket " + b);
      previousUpper = upper;
      if (b == 28 * Histogram.SUB - 1) {
        break; // the last bucket also takes everything above it
      }
    }
  }

  @Test
  void addMergesCountsAndMaximum() {
    Histogram a = new Histogram();
    Histogram b = new Histogram();
    a.record(2_000_000);
    b.record(5_000);
    b.record(90_000_000);
    a.add(b);
    assertEquals(3, a.count());
    assertEquals(90_000_000, a.maxNanos());
    long median = a.quantileNanos(0.5);
    assertTrue(median >= 2_000_000 && median < 2_100_000, "median " + median);
  }

  @Test
  void emptyAndNegative() {
    Histogram h = new Histogram();
    assertEquals(0, h.quantileNanos(0.99));
    h.record(-5);
    assertEquals(1, h.count());
    assertEquals(0, h.maxNanos());
  }
}
