package io.livepoint.client;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command line of the ingest client:
 * {@code IngestTool [-r] [--loop N] [--duration S] [--method POST|PUT] [--mode segment|long]
 * [--naming streams|path] [--user U:P] [--cert PEM --key PEM | --pkcs12 FILE [--password P]] [--insecure]
 * [--wallclock] [--wallclock-offset MS] URL NAME=PATH...}.
 */
public final class IngestTool {
  private IngestTool() {}

  public static void main(String[] args) throws Exception {
    boolean realtime = false;
    int loops = 1;
    Duration max = null;
    String method = "POST";
    IngestClient.Mode mode = IngestClient.Mode.SEGMENT;
    IngestClient.Naming naming = IngestClient.Naming.STREAMS;
    String user = null;
    Path cert = null;
    Path key = null;
    Path pkcs12 = null;
    String password = null;
    boolean insecure = false;
    Duration wallClockOffset = null;
    URI url = null;
    List<String> tracks = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "-r", "--realtime" -> realtime = true;
        case "--loop" -> loops = Integer.parseInt(args[++i]);
        case "--duration" -> max = Duration.ofMillis((long) (Double.parseDouble(args[++i]) * 1000));
        case "--method" -> method = args[++i].toUpperCase(Locale.ROOT);
        case "--mode" -> mode = IngestClient.Mode.valueOf(args[++i].toUpperCase(Locale.ROOT));
        case "--naming" -> naming = IngestClient.Naming.valueOf(args[++i].toUpperCase(Locale.ROOT));
        case "--user" -> user = args[++i];
        case "--cert" -> cert = Path.of(args[++i]);
        case "--key" -> key = Path.of(args[++i]);
        case "--pkcs12" -> pkcs12 = Path.of(args[++i]);
        case "--password" -> password = args[++i];
        case "-k", "--insecure" -> insecure = true;
        case "--wallclock" -> wallClockOffset = wallClockOffset == null ? Duration.ZERO : wallClockOffset;
        case "--wallclock-offset" -> wallClockOffset = Duration.ofMillis(Long.parseLong(args[++i]));
        case "-h", "--help" -> {
          System.out.println("usage: IngestTool [-r] [--loop N (0 = forever)] [--duration SECONDS] "
              + "[--method POST|PUT] [--mode segment|long] [--naming streams|path] [--user U:P (Basic or Digest)] "
              + "[--cert CERT.pem --key KEY.pem (PKCS#8) | --pkcs12 FILE.p12 [--password P]] [--insecure] "
              + "[--wallclock (tfdt anchored at the Unix epoch)] [--wallclock-offset MS (implies --wallclock)] "
              + "PUBLISHING_POINT_URL NAME=DIR_OR_FILE...");
          return;
        }
        default -> {
          if (url == null) {
            url = URI.create(args[i].endsWith("/") ? args[i] : args[i] + "/");
          } else {
            tracks.add(args[i]);
          }
        }
      }
    }
    if (url == null || tracks.isEmpty()) {
      System.err.println("need a publishing point URL and at least one NAME=PATH track (see --help)");
      System.exit(2);
    }
    ClientTls tls = new ClientTls(cert, key, pkcs12, password, insecure);
    new IngestClient(new IngestClient.Options(url, tracks, method, mode, naming, realtime, loops, max, user, tls,
        wallClockOffset)).run();
  }
}
