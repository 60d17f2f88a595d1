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

  /** {@code n} connections that each fetched {@code path} once and now sit idle. */
  private static LoadClient idle(InetSocketAddress addr, String path, int n, BenchMain.Options o)
      throws InterruptedException, IOException {
    LoadStats stats = new LoadStats();
    CountDownLatch answered = new CountDownLatch(n);
    LoadClient c = new LoadClient(o.loops);
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
