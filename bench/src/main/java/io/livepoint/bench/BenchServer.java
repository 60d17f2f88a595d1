package io.livepoint.bench;

import io.livepoint.client.IngestClient;
import io.livepoint.core.Clock;
import io.livepoint.core.LiveStream;
import io.livepoint.core.Track;
import io.livepoint.http.Transport;
import io.livepoint.server.Config;
import io.livepoint.server.LivepointServer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A whole Livepoint server in this JVM on a loopback port (the production wiring, real clock), fed
 * by the project's own ingest client replaying media in real time over HTTP (Interface-1, one POST
 * per segment, chunks sent as their media time comes). Running in-process lets the load client read
 * each chunk's ingest arrival time from the live model with the same clock.
 */
final class BenchServer implements AutoCloseable {
  private HiccupMeter hiccups;
  private final LivepointServer server;
  private final ExecutorService ingest = Executors.newVirtualThreadPerTaskExecutor();

  /** @param window the time-shift window: long enough that the fan-out's segments stay for both runs */
  BenchServer(Duration window, Transport transport) throws Exception {
    Config c = Config.defaults()
        .set("http.host", "127.0.0.1")
        .set("http.port", 0)
        .set("http.tlsPort", -1)
        .set("http.transport", transport.configName())
        .set("rtsp.enabled", false)
        .set("demo.enabled", false)
        .set("push.enabled", false)
        .set("stream.timeShiftWindow", window.toSeconds() + "s");
    server = new LivepointServer(c, Clock.SYSTEM).start();
  }

  int port() {
    return server.httpPort();
  }

  /** Starts replaying {@code media} forever as track {@code track} of {@code stream}. */
  Future<?> ingest(String stream, String track, BenchMedia media) {
    return start(stream, List.of(track + "=" + media.dir()));
  }

  /** Starts replaying several tracks forever into {@code stream}, named t1, t2, ... */
  Future<?> ingest(String stream, List<BenchMedia> tracks) {
    List<String> specs = new java.util.ArrayList<>();
    for (int i = 0; i < tracks.size(); i++) {
      specs.add("t" + (i + 1) + "=" + tracks.get(i).dir());
    }
    return start(stream, specs);
  }

  io.livepoint.core.StreamRegistry registry() {
    return server.registry();
  }

  private Future<?> start(String stream, List<String> specs) {
    IngestClient client = new IngestClient(new IngestClient.Options(
        URI.create("http://127.0.0.1:" + port() + "/ingest/" + stream + "/"),
        specs, "POST", IngestClient.Mode.SEGMENT, IngestClient.Naming.STREAMS, true, 0, null, null));
    java.util.concurrent.CompletableFuture<Void> finished = new java.util.concurrent.CompletableFuture<>();
    Future<?> task = ingest.submit(() -> {
      try {
        client.run();
        finished.complete(null);
      } catch (Throwable t) {
        finished.completeExceptionally(t);
      }
      return null;
    });
    return new Source(task, finished);
  }

  /** The track once it has {@code segments} complete segments; fails after {@code timeout}. */
  Track awaitTrack(String stream, String track, int segments, Duration timeout, Future<?> source)
      throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (source.isDone()) {
        source.get(); // the ingest failed: say why
        throw new IllegalStateException("ingest of " + stream + " ended");
      }
      LiveStream s = server.registry().get(stream);
      Track t = s == null ? null : s.findTrack(track);
      if (t != null && t.segments().stream().filter(x -> x.isComplete()).count() >= segments) {
        return t;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("stream " + stream + " track " + track + " did not get " + segments
        + " complete segments within " + timeout);
  }

  /** Starts the server's own chunk delivery histogram afresh and the machine's hiccup meter (the measured window begins). */
  void resetDeliveryLatency() {
    server.deliveryLatency().reset();
    if (hiccups != null) {
      hiccups.close();
    }
    hiccups = new HiccupMeter();
  }

  /**
   * The server's own chunk write delay (ingest arrival to the start of its write to a waiting request: its first byte leaving) since
   * {@link #resetDeliveryLatency()}, beside the machine's wake-up delay over the same window.
   */
  String deliverySummary() throws InterruptedException {
    var d = server.deliveryLatency();
    Histogram h = hiccups.stop();
    hiccups = null;
    return "p50 " + ResultRow.ms(d.quantileNanos(0.5)) + ", p99 " + ResultRow.ms(d.quantileNanos(0.99)) + ", p99.9 "
        + ResultRow.ms(d.quantileNanos(0.999)) + " (" + d.count() + " writes); the machine meanwhile woke a 1 ms sleep"
        + " late by p99 " + ResultRow.ms(h.quantileNanos(0.99)) + ", p99.9 " + ResultRow.ms(h.quantileNanos(0.999))
        + ", max " + ResultRow.ms(h.maxNanos());
  }

  /**
   * A running ingest client: done (and {@link #get()} answers) only once the client has really ended,
   * unlike a cancelled executor future, which is done at once while the client still closes.
   */
  record Source(Future<?> task, java.util.concurrent.CompletableFuture<Void> finished) implements Future<Void> {
    @Override
    public boolean cancel(boolean interrupt) {
      task.cancel(interrupt);
      return true;
    }

    @Override
    public boolean isCancelled() {
      return task.isCancelled();
    }

    @Override
    public boolean isDone() {
      return finished.isDone();
    }

    @Override
    public Void get() throws InterruptedException, java.util.concurrent.ExecutionException {
      return finished.get();
    }

    @Override
    public Void get(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException,
        java.util.concurrent.ExecutionException, java.util.concurrent.TimeoutException {
      return finished.get(timeout, unit);
    }
  }

  /** Bytes of media the live model holds (every stored chunk of every stream). */
  long storedMediaBytes() {
    long n = 0;
    for (LiveStream s : server.registry().all()) {
      for (Track t : s.tracks()) {
        for (io.livepoint.core.Segment seg : t.segments()) {
          n += seg.size();
        }
        n += t.header() == null ? 0 : t.header().size();
      }
    }
    return n;
  }

  @Override
  public void close() {
    ingest.shutdownNow();
    server.close();
  }
}
