package io.livepoint.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MediaTimeTest {
  /** floor(d * timescale) computed without any chance of overflow. */
  static long exactTicks(Duration d, long timescale) {
    BigInteger nanos = BigInteger.valueOf(d.getSeconds()).multiply(BigInteger.valueOf(1_000_000_000L))
        .add(BigInteger.valueOf(d.getNano()));
    BigInteger[] qr = nanos.multiply(BigInteger.valueOf(timescale)).divideAndRemainder(BigInteger.valueOf(1_000_000_000L));
    BigInteger q = qr[1].signum() < 0 ? qr[0].subtract(BigInteger.ONE) : qr[0];
    return q.longValueExact();
  }

  @Test
  void epochSizedDurationsAreExact() {
    Duration sinceEpoch = Duration.between(Instant.EPOCH, Instant.parse("2026-03-14T15:09:26.535897932Z"));
    for (long timescale : new long[] {1, 1000, 48000, 90000, 10_000_000L, 0xffffffffL}) {
      long ticks = MediaTime.toTicks(sinceEpoch, timescale);
      assertEquals(exactTicks(sinceEpoch, timescale), ticks, "timescale " + timescale);
      if (timescale <= 1_000_000_000L) {
        // toDuration floors to whole nanoseconds; the ceiling brings the ticks back.
        assertEquals(ticks, MediaTime.toTicksCeil(MediaTime.toDuration(ticks, timescale), timescale),
            "round trip at timescale " + timescale);
      }
    }
    // 2026-03-14T15:09:26.535897932Z is 1773500966.535897932 s after the epoch.
    assertEquals(159_615_086_988_230L, MediaTime.toTicks(sinceEpoch, 90000));
    assertEquals(17_735_009_665_358_979L, MediaTime.toTicks(sinceEpoch, 10_000_000L));
  }

  @Test
  void largeProductsAreExactOrRefused() {
    // nanos * timescale beyond 2^63: a timescale above 9.2e9 used to wrap around.
    Duration almostOneSecond = Duration.ofNanos(999_999_999);
    assertEquals(9_999_999_990L, MediaTime.toTicks(almostOneSecond, 10_000_000_000L));
    assertEquals(exactTicks(Duration.ofSeconds(12, 345_678_901), 30_000_000_000L),
        MediaTime.toTicks(Duration.ofSeconds(12, 345_678_901), 30_000_000_000L));
    // seconds * timescale beyond 2^63: an error, never a wrapped (negative or small) tick count.
    Duration farFuture = Duration.ofDays(200L * 365 * 1000);
    ArithmeticException e = assertThrows(ArithmeticException.class, () -> MediaTime.toTicks(farFuture, 10_000_000L));
    assertEquals(true, e.getMessage().contains("timescale 10000000"), e.getMessage());
    assertThrows(ArithmeticException.class, () -> MediaTime.toTicks(Duration.ofSeconds(Long.MAX_VALUE / 1000), 90000));
    assertEquals(exactTicks(Duration.ofSeconds(-5, 250_000_000), 90000), MediaTime.toTicks(Duration.ofSeconds(-5, 250_000_000), 90000));
    assertEquals(Duration.ofSeconds(1, 500_000_000), MediaTime.toDuration(15_000_000_000L, 10_000_000_000L));
    assertThrows(IllegalArgumentException.class, () -> MediaTime.toTicks(Duration.ZERO, 0));
  }
}
