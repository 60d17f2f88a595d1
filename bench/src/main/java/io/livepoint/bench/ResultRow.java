package io.livepoint.bench;

import java.util.Locale;

/**
 * One line of the results table: a scenario run against one server with its figures.
 *
 * @param delivery delivery delays (null for fan-out, which reports fetch times)
 * @param serverSide the server's own chunk write delay (its delivery histogram) and the machine's hiccups, or null
 */
record ResultRow(String scenario, String server, int clients, int connected, LoadStats stats, Histogram delivery,
    String serverSide, String load) {

  static final String HEADER = "| scenario | server | clients (open) | requests/s | MB/s | delay p50 | p99 | p99.9 | max"
      + " | samples | errors | rejoins | load avg |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|";

  double requestsPerSecond() {
    return stats.requests() / stats.seconds();
  }

  double megabytesPerSecond() {
    return stats.bytes() / stats.seconds() / 1e6;
  }

  String markdown() {
    Histogram h = delivery != null ? delivery : stats.fetch;
    return String.format(Locale.ROOT, "| %s | %s | %d (%d) | %,.0f | %,.1f | %s | %s | %s | %s | %,d | %d | %d | %s |",
        scenario, server, clients, connected, requestsPerSecond(), megabytesPerSecond(),
        ms(h.quantileNanos(0.5)), ms(h.quantileNanos(0.99)), ms(h.quantileNanos(0.999)), ms(h.maxNanos()),
        h.count(), stats.errors(), stats.rejoins(), load);
  }

  static String ms(long nanos) {
    double ms = nanos / 1e6;
    return ms < 10 ? String.format(Locale.ROOT, "%.2f ms", ms) : String.format(Locale.ROOT, "%.0f ms", ms);
  }
}
