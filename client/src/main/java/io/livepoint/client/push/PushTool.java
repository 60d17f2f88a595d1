package io.livepoint.client.push;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * Command line of the push client: {@code PushTool [--duration S] [--directive POLICY] MPD_URL}. Prints the
 * ack and one line per pushed resource with its arrival times relative to the request.
 */
public final class PushTool {
  private PushTool() {}

  public static void main(String[] args) throws Exception {
    Duration duration = Duration.ofSeconds(20);
    String directive = "urn:mpeg:dash:fdh:2016:fast-start;10";
    URI uri = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--duration" -> duration = Duration.ofMillis((long) (Double.parseDouble(args[++i]) * 1000));
        case "--directive" -> directive = args[++i];
        case "-h", "--help" -> {
          System.out.println("usage: PushTool [--duration SECONDS] [--directive PUSH_POLICY] MPD_URL");
          return;
        }
        default -> uri = URI.create(args[i]);
      }
    }
    if (uri == null) {
      System.err.println("no MPD URL given (see --help)");
      System.exit(2);
    }
    long t0 = System.nanoTime();
    PushReport r = new PushClient(PushClient.http2().build(), System::nanoTime).run(uri, directive, duration,
        p -> System.out.printf(Locale.ROOT, "%8.3f s  %s  %d  %d bytes  first byte %.3f s%s%n",
            ((p.lastByteNanos() == 0 ? System.nanoTime() : p.lastByteNanos()) - t0) / 1e9, p.path(), p.status(),
            p.body().length, p.firstByteNanos() == 0 ? 0 : (p.firstByteNanos() - t0) / 1e9,
            p.error() == null ? "" : "  " + p.error()));
    System.out.printf("status %d, ack: %s, %d pushed%n", r.status(), r.ack(), r.pushed().size());
  }
}
