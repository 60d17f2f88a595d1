package io.livepoint.client;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Command line of the ingest client:
 * {@code IngestTool [-r] [--loop N] [--duration S] [--method POST|PUT] [--mode segment|long]
 * [--naming streams|path] [--user U:P] URL NAME=PATH...}.
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
        case "-h", "--help" -> {
          System.out.println("usage: IngestTool [-r] [--loop N (0 = forever)] [--duration SECONDS] "
              + "[--method POST|PUT] [--mode segment|long] [--naming streams|path] [--user U:P] "
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
    new IngestClient(new IngestClient.Options(url, tracks, method, mode, naming, realtime, loops, max, user)).run();
  }
}
