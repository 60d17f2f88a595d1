package io.livepoint.bench;

import io.livepoint.core.Chunk;
import io.livepoint.core.LiveStream;
import io.livepoint.core.StreamListener;
import io.livepoint.core.Track;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;

/**
 * Ingest capacity: N publishing points at once, each sent three tracks in real time by its own ingest
 * client (one connection per track). A chunk is due when the client's clock reaches the end of its
 * media time; its lateness is how much later than the track's most punctual chunk of the window it
 * arrived (arrival minus media end time, less that track's minimum). Constant lateness shared by
 * every chunk of a track is not seen; jitter and backlog are.
 */
final class IngestScenario {
  private IngestScenario() {}

  static List<ResultRow> run(BenchServer server, List<Integer> counts, List<BenchMedia> tracks,
      BenchMain.Options o) throws Exception {
    List<ResultRow> rows = new ArrayList<>();
    for (int n : counts) {
      BenchMain.log("ingest: %d streams of %d tracks each", n, tracks.size());
      LoadStats stats = new LoadStats();
      Map<Track, List<Long>> offsets = new ConcurrentHashMap<>();
      LongAdder chunks = new LongAdder();
      StreamListener listener = new StreamListener() {
        @Override
        public void chunkArrived(Track track, Chunk chunk) {
          if (!stats.measuring()) {
            return;
          }
          long timescale = track.header().info().timescale();
          long endNanos = (long) (chunk.endTime() * (1e9 / timescale));
          List<Long> l = offsets.computeIfAbsent(track, t -> new ArrayList<>());
          synchronized (l) {
            l.add(chunk.arrivalNanos() - endNanos);
          }
          chunks.increment();
          stats.request(); // one chunk in: the rate column counts chunks per second
          stats.bytes(chunk.size());
        }
      };
      List<String> names = new ArrayList<>();
      List<Future<?>> sources = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        String name = "ingest" + n + "-" + i;
        names.add(name);
        server.registry().getOrCreate(name).addListener(listener);
        sources.add(server.ingest(name, tracks));
      }
      try {
        Thread.sleep(o.warmup * 1000L);
        String loadBefore = BenchMain.loadAverage();
        stats.start();
        Thread.sleep(o.duration * 1000L);
        stats.stop();
        String load = loadBefore + " → " + BenchMain.loadAverage();
        for (Future<?> f : sources) {
          if (f.isDone()) {
            try {
              f.get();
            } catch (Exception e) {
              stats.error();
              BenchMain.log("ingest: a source failed: %s", e.getCause() == null ? e : e.getCause());
            }
          }
        }
        for (List<Long> l : offsets.values()) {
          synchronized (l) {
            long min = Long.MAX_VALUE;
            for (long v : l) {
              min = Math.min(min, v);
            }
            for (long v : l) {
              stats.fetch.record(v - min); // lateness is the row's distribution
            }
          }
        }
        double expected = n * tracks.size() * o.duration / BenchMedia.CHUNK_SECONDS;
        rows.add(new IngestRow(n, tracks.size(), chunks.sum(), expected, stats, load).row());
      } finally {
        // Stop the clients and let the server see their connections close before the streams go.
        sources.forEach(f -> f.cancel(true));
        for (Future<?> f : sources) {
          try {
            f.get(10, java.util.concurrent.TimeUnit.SECONDS);
          } catch (Exception stopped) {
            // cancelled: an interrupted client ends with an exception
          }
        }
        Thread.sleep(500);
        for (String name : names) {
          LiveStream s = server.registry().get(name);
          if (s != null) {
            s.removeListener(listener);
          }
          server.registry().remove(name);
        }
      }
    }
    return rows;
  }

  /** The table row of one ingest run: chunks per second stand in the requests/s column. */
  private record IngestRow(int streams, int tracks, long chunks, double expected, LoadStats stats, String load) {
    ResultRow row() {
      String scenario = String.format(Locale.ROOT, "ingest (%d tracks/stream, %.0f%% of chunks in)", tracks,
          100.0 * chunks / expected);
      return new ResultRow(scenario, "Livepoint", streams, streams, stats, null, null, load);
    }
  }
}
