package io.livepoint.packager;

/** Frame rates as fractions: DASH wants "30" or "30000/1001", HLS a decimal. */
final class Rational {
  private Rational() {}

  /** Largest denominator kept exact; anything else (jittery timestamps) is rounded to 1/1000. */
  private static final long MAX_DENOMINATOR = 1001;

  /** {@code num/den} reduced; a fraction with a large denominator is rounded to thousandths first. */
  static long[] reduce(long num, long den) {
    long g = gcd(num, den);
    long n = num / g;
    long d = den / g;
    if (d > MAX_DENOMINATOR) {
      n = Math.round(num * 1000.0 / den);
      d = 1000;
      g = gcd(n, d);
      n /= g;
      d /= g;
    }
    return new long[] {n, d};
  }

  /** DASH FrameRateType: "n" or "n/d". */
  static String dash(long[] r) {
    return r[1] == 1 ? Long.toString(r[0]) : r[0] + "/" + r[1];
  }

  static double value(long[] r) {
    return r[0] / (double) r[1];
  }

  private static long gcd(long a, long b) {
    a = Math.abs(a);
    b = Math.abs(b);
    while (b != 0) {
      long t = a % b;
      a = b;
      b = t;
    }
    return a == 0 ? 1 : a;
  }
}
