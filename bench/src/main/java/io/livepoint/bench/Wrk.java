package io.livepoint.bench;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs {@code wrk} (Debian) against one URL and returns its requests/s and transfer/s. */
final class Wrk {
  private static final Pattern RPS = Pattern.compile("Requests/sec:\\s+(\\S+)");
  private static final Pattern TRANSFER = Pattern.compile("Transfer/sec:\\s+(\\S+)");

  private Wrk() {}

  static String run(int connections, int seconds, String url) throws IOException, InterruptedException {
    Process p = new ProcessBuilder("wrk", "-t1", "-c" + connections, "-d" + seconds + "s", url)
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return "wrk did not finish";
    }
    Matcher r = RPS.matcher(out);
    Matcher t = TRANSFER.matcher(out);
    if (!r.find() || !t.find()) {
      return "wrk gave no figures: " + out.strip().replace('\n', ' ');
    }
    return r.group(1) + " requests/s, " + t.group(1) + "/s";
  }
}
