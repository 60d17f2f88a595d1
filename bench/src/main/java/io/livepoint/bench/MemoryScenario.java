package io.livepoint.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Memory per idle subscriber connection and its return after disconnects. Client and server share
 * the JVM, so a connection's cost is measured twice: against Livepoint (both ends) and against nginx
 * (the load client's end only, nginx lives in its own process); the difference is Livepoint's share.
 * Then many connect/disconnect cycles, and the heap and direct memory are compared with before.
 */
final class MemoryScenario {
  private static final int CYCLE_BATCH = 1000;

  private MemoryScenario() {}

  static List<String> run(BenchServer server, InetSocketAddress addr, String path, BenchMain.Options o)
      throws Exception {
    List<String> notes = new ArrayList<>();
    int n = o.memoryClients;
    BenchMain.log("memory: %d idle subscriber connections, then %d connect/disconnect cycles", n, o.memoryCycles);
    MemoryProbe before = MemoryProbe.take(server::storedMediaBytes);
    long both;
    LoadClient connections = idle(addr, path, n, o);
    try {
      MemoryProbe held = MemoryProbe.take(server::storedMediaBytes);
      both = (held.total() - before.total()) / n;
      notes.add(String.format(Locale.ROOT, "memory: %d idle subscriber connections (each answered one init "
          + "request, then idle) add %,d bytes per connection for both ends in this JVM (%s → %s)", n, both,
          before.describe(), held.describe()));
    } finally {
      connections.close();
    }
    MemoryProbe afterFirst = MemoryProbe.take(server::storedMediaBytes);
    int done = 0;
    while (done < o.memoryCycles) {
      int batch = Math.min(CYCLE_BATCH, o.memoryCycles - done);
      idle(addr, path, batch, o).close(); // connect, one request each, disconnect
      done += batch;
    }
    MemoryProbe afterCycles = MemoryProbe.take(server::storedMediaBytes);
    notes.add(String.format(Locale.ROOT, "memory after %,d more subscriber connect/disconnect cycles: %s "
            + "(after the first %d: %s); change %+,.1f MB heap+direct (media in the window excluded)",
        done, afterCycles.describe(), n, afterFirst.describe(), (afterCycles.total() - afterFirst.total()) / 1e6));
    if (o.ingestReconnects > 0) {
      notes.add(reconnects(server, o));
    }
    notes.add(perStream(server));
    Path nginx = NginxPeer.find();
    if (nginx != null && o.nginx) {
      byte[] init;
      try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
        init = http.send(HttpRequest.newBuilder(URI.create("http://" + addr.getHostString() + ":" + addr.getPort()
            + path)).build(), HttpResponse.BodyHandlers.ofByteArray()).body();
      }
      try (NginxPeer peer = NginxPeer.start(nginx, Map.of(path, init), freePort(), 2)) {
        MemoryProbe base = MemoryProbe.take(server::storedMediaBytes);
        long client;
        LoadClient c = idle(new InetSocketAddress("127.0.0.1", peer.port()), path, n, o);
        try {
          client = (MemoryProbe.take(server::storedMediaBytes).total() - base.total()) / n;
        } finally {
          c.close();
        }
        notes.add(String.format(Locale.ROOT, "memory per idle subscriber connection, Livepoint's end: about "
            + "**%,d bytes** (%,d for both ends less %,d for the load client's end, measured against nginx)",
            both - client, both, client));
      }
    }
    return notes;
  }

  /**
   * An encoder that keeps reconnecting: the ingest client sends one 2 s segment of one track and ends,
   * {@code o.ingestReconnects} times in a row (not in real time) to one publishing point; heap and
   * direct memory before and after, the stream's own media excluded.
   */
  private static String reconnects(BenchServer server, BenchMain.Options o) throws Exception {
    BenchMedia media = BenchMedia.of(1, o.cache, o.shared);
    String stream = "reconnect";
    java.net.URI point = java.net.URI.create("http://127.0.0.1:" + server.port() + "/ingest/" + stream + "/");
    io.livepoint.client.IngestClient.Options opts = new io.livepoint.client.IngestClient.Options(point,
        List.of("t1=" + media.dir()), "POST", io.livepoint.client.IngestClient.Mode.SEGMENT,
        io.livepoint.client.IngestClient.Naming.STREAMS, false, 1, java.time.Duration.ofSeconds(2), null);
    BenchMain.log("memory: %d ingest reconnects", o.ingestReconnects);
    new io.livepoint.client.IngestClient(opts).run(); // the stream exists before the first probe
    MemoryProbe before = MemoryProbe.take(server::storedMediaBytes);
    long start = System.nanoTime();
    for (int i = 0; i < o.ingestReconnects; i++) {
      new io.livepoint.client.IngestClient(opts).run();
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    MemoryProbe after = MemoryProbe.take(server::storedMediaBytes);
    server.registry().remove(stream);
    return String.format(Locale.ROOT, "memory after %,d ingest reconnects (each a new connection sending the "
            + "CMAF header and one 2 s segment, then ending; %.1f s): %s → %s; change %+,.1f MB heap+direct "
            + "(media in the window excluded)", o.ingestReconnects, seconds, before.describe(), after.describe(),
        (after.total() - before.total()) / 1e6);
  }

  /** What each live stream holds now: its media against its time-shift window. */
  private static String perStream(BenchServer server) {
    StringBuilder b = new StringBuilder("memory per stream (stored media, bounded by the time-shift window):");
    for (io.livepoint.core.LiveStream s : server.registry().all()) {
      long bytes = 0;
      long segments = 0;
      for (io.livepoint.core.Track t : s.tracks()) {
        for (io.livepoint.core.Segment seg : t.segments()) {
          bytes += seg.size();
          segments++;
        }
      }
      b.append(String.format(Locale.ROOT, " `%s` %.1f MB in %d segments (window %d s);", s.name(), bytes / 1e6,
          segments, s.settings().timeShiftWindow().toSeconds()));
    }
    b.setLength(b.length() - 1);
    return b.toString();
  }

  /** {@code n} connections that each fetched {@code path} once and now sit idle. */
  private static LoadClient idle(InetSocketAddress addr, String path, int n, BenchMain.Options o)
      throws InterruptedException, IOException {
    LoadStats stats = new LoadStats();
    CountDownLatch answered = new CountDownLatch(n);
    LoadClient c = new LoadClient(o.loops, o.transport);
    c.connect(addr, n, i -> new IdlePlayer(stats, path, answered::countDown));
    if (!answered.await(60, TimeUnit.SECONDS) || c.failedConnects() > 0) {
      c.close();
      throw new IOException("memory: " + answered.getCount() + " of " + n + " requests unanswered, "
          + c.failedConnects() + " connects failed");
    }
    return c;
  }

  private static int freePort() throws IOException {
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
