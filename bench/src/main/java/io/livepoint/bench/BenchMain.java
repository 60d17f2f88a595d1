package io.livepoint.bench;

import io.livepoint.core.Chunk;
import io.livepoint.core.Segment;
import io.livepoint.core.Track;
import io.livepoint.http.Transport;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Future;

/**
 * {@code ./livepoint bench}: starts Livepoint in this JVM on loopback, feeds it live streams with the
 * project's ingest client, runs the load scenarios with the Netty load client (on its own event
 * loops), the segment fan-out also against nginx serving the same bytes, and writes the results table
 * (Markdown) and the delivery-delay plot (PNG). {@code --jmh ...} runs the JMH micro-benchmarks instead.
 */
public final class BenchMain {
  private static final String LL_STREAM = "ll";
  private static final String FAN_STREAM = "fan";
  private static final String TRACK = "v";
  /** Complete segments the fan-out clients cycle over (the newest ones at the start). */
  private static final int FANOUT_SEGMENTS = 2;

  private BenchMain() {}

  /** Command-line options. */
  static final class Options {
    List<Integer> clients = List.of(1000, 5000);
    int fanoutClients = 100;
    int duration = 10;
    int warmup = 3;
    int loops = 2;
    List<String> scenarios = List.of("ll-dash", "ll-hls", "fanout", "memory");
    List<Integer> ingestStreams = List.of(10, 50);
    int memoryClients = 2000;
    int memoryCycles = 10_000;
    int ingestReconnects = 1000;
    boolean nginx = true;
    boolean wrk = true;
    /** The server's and the load client's socket layer (io.livepoint.http.Transport). */
    Transport transport = Transport.best();
    Path out = Path.of(System.getProperty("bench.out", "bench-results"));
    Path cache = Path.of(System.getProperty("bench.cache", "bench-media"));
    Path shared = Path.of(System.getProperty("livepoint.shared", "../shared"));
    String command = "";

    static Options parse(String[] args) {
      Options o = new Options();
      o.command = String.join(" ", args);
      for (int i = 0; i < args.length; i++) {
        switch (args[i]) {
          case "--clients" -> o.clients = Arrays.stream(args[++i].split(",")).map(String::strip)
              .map(Integer::parseInt).toList();
          case "--fanout-clients" -> o.fanoutClients = Integer.parseInt(args[++i]);
          case "--duration" -> o.duration = Integer.parseInt(args[++i]);
          case "--warmup" -> o.warmup = Integer.parseInt(args[++i]);
          case "--loops" -> o.loops = Integer.parseInt(args[++i]);
          case "--scenarios" -> o.scenarios = List.of(args[++i].split(","));
          case "--ingest-streams" -> o.ingestStreams = Arrays.stream(args[++i].split(",")).map(String::strip)
              .map(Integer::parseInt).toList();
          case "--memory-clients" -> o.memoryClients = Integer.parseInt(args[++i]);
          case "--memory-cycles" -> o.memoryCycles = Integer.parseInt(args[++i]);
          case "--ingest-reconnects" -> o.ingestReconnects = Integer.parseInt(args[++i]);
          case "--no-nginx" -> o.nginx = false;
          case "--no-wrk" -> o.wrk = false;
          case "--transport" -> o.transport = Transport.named(args[++i]);
          case "--out" -> o.out = Path.of(args[++i]);
          case "--cache" -> o.cache = Path.of(args[++i]);
          case "--shared" -> o.shared = Path.of(args[++i]);
          default -> throw new IllegalArgumentException("unknown option " + args[i] + " (see --help)");
        }
      }
      for (String s : o.scenarios) {
        if (!List.of("ll-dash", "ll-hls", "fanout", "memory", "ingest").contains(s)) {
          throw new IllegalArgumentException("unknown scenario " + s + " (ll-dash, ll-hls, fanout, memory, ingest)");
        }
      }
      return o;
    }
  }

  static final String USAGE = """
      usage: ./livepoint bench [--clients 1000,5000] [--fanout-clients 100] [--duration 10] [--warmup 3]
                               [--loops 2] [--scenarios ll-dash,ll-hls,fanout,memory] [--no-nginx] [--no-wrk]
                               [--memory-clients 2000] [--memory-cycles 10000] [--ingest-reconnects 1000]
                               [--ingest-streams 10,50] [--transport auto|nio|epoll] [--out DIR]
             ./livepoint bench --jmh [JMH options, e.g. -f 1 -wi 2 -i 3 Box]
        --clients         concurrent LL-DASH and LL-HLS players, one run per count (10000 needs ulimit -n > 20500)
        --fanout-clients  concurrent segment fetchers, against Livepoint and then nginx
        --duration        seconds measured per run (after --warmup seconds of play)
        --loops           event loops of the load client (the server has its own)
        --transport       socket layer of the server and the load client (auto: epoll where available)
        --memory-clients  idle subscriber connections held at once (memory per connection)
        --memory-cycles   subscriber connect/disconnect cycles before the no-growth check
        --ingest-reconnects  ingest connections that send one segment and end (memory before/after)
        --ingest-streams  publishing points fed at once, 3 tracks each (4+1+1 Mbit/s), one run per count;
                          scenario "ingest" (not in the default set)
        --out             where results.md and delivery-delay.png go
      """;

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("--jmh")) {
      jmh(Arrays.copyOfRange(args, 1, args.length));
      return;
    }
    if (Arrays.asList(args).contains("--help") || Arrays.asList(args).contains("-h")) {
      System.out.print(USAGE);
      return;
    }
    Options o;
    try {
      o = Options.parse(args);
    } catch (IllegalArgumentException e) {
      System.err.println("bench: " + e.getMessage());
      System.err.print(USAGE);
      System.exit(2);
      return;
    }
    System.exit(run(o));
  }

  /**
   * Runs the JMH benchmarks of this module (JMH options as given), after making the bench media the
   * manifest benchmarks list parts of; the forks learn where the media is by system properties.
   */
  private static void jmh(String[] args) throws Exception {
    Options o = new Options();
    BenchMedia media = BenchMedia.of(4, o.cache, o.shared);
    List<String> all = new ArrayList<>(List.of(args));
    all.add("-jvmArgsAppend");
    all.add("-Dbench.media=" + media.dir().toAbsolutePath() + " -Dlivepoint.shared=" + o.shared.toAbsolutePath()
        + " -Dio.netty.leakDetection.level=disabled");
    org.openjdk.jmh.Main.main(all.toArray(String[]::new));
  }

  static int run(Options o) throws Exception {
    Files.createDirectories(o.out);
    String started = ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'"));
    List<ResultRow> rows = new ArrayList<>();
    List<LatencyPlot.Series> curves = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    boolean fanout = o.scenarios.contains("fanout");
    BenchMedia ll = BenchMedia.of(4, o.cache, o.shared);
    BenchMedia fan = fanout ? BenchMedia.of(6, o.cache, o.shared) : null;
    Duration window = Duration.ofSeconds(Math.max(30, 2L * (o.warmup + o.duration) + 30));
    List<String> memory = null;
    try (BenchServer server = new BenchServer(window, o.transport)) {
      InetSocketAddress addr = new InetSocketAddress("127.0.0.1", server.port());
      Future<?> llSource = server.ingest(LL_STREAM, TRACK, ll);
      Future<?> fanSource = fanout ? server.ingest(FAN_STREAM, TRACK, fan) : null;
      log("Livepoint on 127.0.0.1:%d; ingesting %s as %s/%s", server.port(), ll.description(), LL_STREAM, TRACK);
      Track llTrack = server.awaitTrack(LL_STREAM, TRACK, 2, Duration.ofSeconds(30), llSource);
      notes.add("LL stream `" + LL_STREAM + "`: " + ll.description() + ", " + bitrate(llTrack));
      if (o.scenarios.stream().anyMatch(x -> x.startsWith("ll-"))) {
        warmJit(addr, llTrack, o);
      }
      for (String scenario : o.scenarios) {
        if (!scenario.startsWith("ll-")) {
          continue;
        }
        for (int n : o.clients) {
          PlayerFactory players = scenario.equals("ll-dash")
              ? (i, stats) -> new DashPlayer(stats, llTrack, LL_STREAM)
              : (i, stats) -> new HlsPlayer(stats, llTrack, LL_STREAM);
          ResultRow row = runLoad(scenario, "Livepoint", addr, n, o, players, server);
          rows.add(row);
          curves.add(new LatencyPlot.Series(scenario + " " + n, row.delivery()));
          System.out.println(row.markdown());
        }
      }
      if (fanout) {
        Track fanTrack = server.awaitTrack(FAN_STREAM, TRACK, FANOUT_SEGMENTS + 1, Duration.ofSeconds(30), fanSource);
        notes.add("fan-out stream `" + FAN_STREAM + "`: " + fan.description() + ", " + bitrate(fanTrack));
        Map<String, byte[]> files = newestSegments(fanTrack);
        List<String> paths = List.copyOf(files.keySet());
        ResultRow lp = runLoad("fanout", "Livepoint", addr, o.fanoutClients, o,
            (i, stats) -> new SegmentFetcher(stats, paths, i), server);
        rows.add(lp);
        System.out.println(lp.markdown());
        Path nginx = NginxPeer.find();
        if (!o.nginx || nginx == null) {
          notes.add(nginx == null ? "nginx not installed (apt-get install nginx-light): no comparison"
              : "nginx comparison skipped (--no-nginx)");
        } else {
          try (NginxPeer peer = NginxPeer.start(nginx, files, freePort(), 2)) {
            checkSameBytes(files, server.port(), peer.port());
            InetSocketAddress nginxAddr = new InetSocketAddress("127.0.0.1", peer.port());
            ResultRow nx = runLoad("fanout", peer.version(nginx), nginxAddr, o.fanoutClients, o,
                (i, stats) -> new SegmentFetcher(stats, paths, i), null);
            rows.add(nx);
            System.out.println(nx.markdown());
            notes.add(String.format(Locale.ROOT, "segment fan-out throughput ratio Livepoint/nginx: **%.2f** "
                    + "(%,.0f vs %,.0f MB/s); both served the same %d segments (%s bytes), byte-identical (checked)",
                lp.megabytesPerSecond() / nx.megabytesPerSecond(), lp.megabytesPerSecond(), nx.megabytesPerSecond(),
                files.size(), files.values().stream().map(b -> Integer.toString(b.length)).toList()));
            if (o.wrk && BenchMedia.onPath("wrk") != null) {
              String p = paths.get(0);
              String a = Wrk.run(o.fanoutClients, o.duration, "http://127.0.0.1:" + server.port() + p);
              String b = Wrk.run(o.fanoutClients, o.duration, "http://127.0.0.1:" + peer.port() + p);
              notes.add("wrk cross-check (1 thread, " + o.fanoutClients + " connections, " + o.duration
                  + " s, one segment " + p + "): Livepoint " + a + "; nginx " + b);
            }
          }
        }
      }
      if (o.scenarios.contains("ingest")) {
        List<BenchMedia> three = List.of(ll, BenchMedia.of(1, o.cache, o.shared), BenchMedia.of(1, o.cache, o.shared));
        for (ResultRow r : IngestScenario.run(server, o.ingestStreams, three, o)) {
          rows.add(r);
          System.out.println(r.markdown());
        }
        notes.add("ingest: every stream gets 3 tracks (" + ll.description() + " and twice the same at 1 Mbit/s), "
            + "each on its own connection from its own ingest client; delay columns are chunk lateness: arrival "
            + "minus media end time, less the track's most punctual chunk in the window (jitter and backlog, "
            + "not a constant offset); requests/s is chunks in per second");
      }
      if (o.scenarios.contains("memory")) {
        memory = MemoryScenario.run(server, addr, "/live/" + LL_STREAM + "/" + TRACK + "/init.mp4", o);
      }
    }
    Path png = o.out.resolve("delivery-delay.png");
    if (memory != null) {
      notes.addAll(memory);
    }
    if (!curves.isEmpty()) {
      LatencyPlot.write(png, "Livepoint delivery delay, ingest arrival to player (2 cores shared by server and load)",
          curves);
    }
    String report = report(o, started, rows, notes, curves.isEmpty() ? null : png);
    Files.writeString(o.out.resolve("results.md"), report);
    System.out.println();
    System.out.println(report);
    log("wrote %s%s", o.out.resolve("results.md"), curves.isEmpty() ? "" : " and " + png);
    return 0;
  }

  /**
   * Plays a few hundred LL-DASH and LL-HLS players unmeasured for a few seconds, so the first measured
   * run does not pay for the JIT compiling the server's and the client's hot paths.
   */
  private static void warmJit(InetSocketAddress addr, Track track, Options o) throws InterruptedException {
    log("warming up the JIT: 200 LL-DASH and 200 LL-HLS players for 6 s, not measured");
    LoadStats stats = new LoadStats();
    try (LoadClient client = new LoadClient(o.loops, o.transport)) {
      client.connect(addr, 400, i -> i % 2 == 0 ? new DashPlayer(stats, track, LL_STREAM)
          : new HlsPlayer(stats, track, LL_STREAM));
      Thread.sleep(6000);
    }
  }

  /** One load run: connect, play through the warm-up, measure, disconnect. */
  private static ResultRow runLoad(String scenario, String serverName, InetSocketAddress addr, int n, Options o,
      PlayerFactory factory, BenchServer server) throws InterruptedException {
    LoadStats stats = new LoadStats();
    log("%s on %s: connecting %d clients", scenario, serverName, n);
    try (LoadClient client = new LoadClient(o.loops, o.transport)) {
      client.connect(addr, n, i -> factory.make(i, stats));
      Thread.sleep(o.warmup * 1000L);
      if (server != null) {
        server.resetDeliveryLatency();
      }
      String loadBefore = loadAverage();
      stats.start();
      Thread.sleep(o.duration * 1000L);
      stats.stop();
      int open = client.openConnections();
      String load = loadBefore + " → " + loadAverage();
      String serverSide = server == null ? null : server.deliverySummary();
      log("%s on %s: %d of %d connections open, %d connect failures", scenario, serverName, open, n,
          client.failedConnects());
      return new ResultRow(scenario, serverName, n, open, stats, scenario.equals("fanout") ? null : stats.delivery,
          serverSide, load);
    }
  }

  /** Makes player {@code i} of a run; all players of a run count into one {@link LoadStats}. */
  @FunctionalInterface
  interface PlayerFactory {
    Player make(int i, LoadStats stats);
  }

  /** The newest complete segments of a track: URL path → bytes (the stored chunks, concatenated). */
  private static Map<String, byte[]> newestSegments(Track t) {
    List<Segment> complete = t.segments().stream().filter(Segment::isComplete).toList();
    Map<String, byte[]> files = new LinkedHashMap<>();
    for (Segment s : complete.subList(Math.max(0, complete.size() - FANOUT_SEGMENTS), complete.size())) {
      int size = 0;
      List<Chunk> chunks = s.chunks();
      for (Chunk c : chunks) {
        size += c.size();
      }
      byte[] bytes = new byte[size];
      int at = 0;
      for (Chunk c : chunks) {
        ByteBuf b = c.retainedData();
        try {
          b.getBytes(b.readerIndex(), bytes, at, b.readableBytes());
          at += b.readableBytes();
        } finally {
          b.release();
        }
      }
      files.put("/live/" + FAN_STREAM + "/" + t.id() + "/" + s.number() + ".m4s", bytes);
    }
    return files;
  }

  /** Both servers answer every path with exactly the bytes of the model. */
  private static void checkSameBytes(Map<String, byte[]> files, int livepoint, int nginx) throws IOException,
      InterruptedException {
    try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
      for (Map.Entry<String, byte[]> f : files.entrySet()) {
        for (int port : new int[] {livepoint, nginx}) {
          HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + f.getKey()))
              .build(), HttpResponse.BodyHandlers.ofByteArray());
          if (r.statusCode() != 200 || !Arrays.equals(r.body(), f.getValue())) {
            throw new IllegalStateException("port " + port + " answered " + f.getKey() + " with HTTP " + r.statusCode()
                + " and " + r.body().length + " bytes, not the " + f.getValue().length + " stored bytes");
          }
        }
      }
    }
  }

  private static String bitrate(Track t) {
    List<Segment> complete = t.segments().stream().filter(Segment::isComplete).toList();
    long bytes = 0;
    long ticks = 0;
    int chunks = 0;
    for (Segment s : complete) {
      bytes += s.size();
      ticks += s.duration();
      chunks += s.chunkCount();
    }
    long timescale = t.header().info().timescale();
    double seconds = ticks / (double) timescale;
    return String.format(Locale.ROOT, "measured %.2f Mbit/s, %.2f s chunks, %.1f s segments", bytes * 8 / seconds / 1e6,
        seconds / Math.max(1, chunks), seconds / Math.max(1, complete.size()));
  }

  private static String report(Options o, String started, List<ResultRow> rows, List<String> notes, Path png) {
    StringBuilder b = new StringBuilder();
    b.append("## Livepoint bench, ").append(started).append("\n\n");
    b.append("Command: `./livepoint bench").append(o.command.isEmpty() ? "" : " " + o.command).append("`  \n");
    b.append("Machine: ").append(Machine.describe()).append(", Netty ").append(o.transport.configName())
        .append(" transport  \n");
    b.append("**The load client, the ingest client and the server share these cores in one JVM** (server on its own "
        + "Netty event loops, load client on ").append(o.loops).append(" event loops of its own; loopback TCP).  \n");
    b.append("Each run: ").append(o.warmup).append(" s warm-up, then ").append(o.duration).append(" s measured.\n\n");
    b.append(ResultRow.HEADER).append('\n');
    for (ResultRow r : rows) {
      b.append(r.markdown()).append('\n');
    }
    b.append("\n- ll-dash / ll-hls delay: from the chunk's last byte arriving on ingest (its arrival time in the live "
        + "model, `System.nanoTime`) to the player receiving the chunk's (part's) last byte, same clock, same JVM; "
        + "only chunks that arrived during the measured window. fanout delay: request sent to the segment's last "
        + "byte received. rejoins: a player whose chunk came more than 3 s late jumped to the live edge (as "
        + "hls.js and dash.js catch up); those late chunks count in the delay. A JIT warm-up of 400 players "
        + "(6 s, unmeasured) precedes the first run.\n");
    for (ResultRow r : rows) {
      if (r.serverSide() != null) {
        b.append("- ").append(r.scenario()).append(' ').append(r.clients()).append(": server-side delay to the first byte leaving "
            + "(livepoint_chunk_delivery_seconds) ").append(r.serverSide()).append('\n');
      }
    }
    for (String n : notes) {
      b.append("- ").append(n).append('\n');
    }
    if (png != null) {
      b.append("- delivery-delay distribution: `").append(png.getFileName()).append("`\n");
    }
    return b.toString();
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0];
    } catch (IOException e) {
      return "?";
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  static void log(String format, Object... args) {
    System.err.println("bench: " + String.format(Locale.ROOT, format, args));
  }
}
