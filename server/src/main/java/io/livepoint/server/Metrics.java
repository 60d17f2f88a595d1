package io.livepoint.server;

import io.livepoint.core.LatencyHistogram;
import io.livepoint.core.LiveStream;
import io.livepoint.core.Segment;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.Track;
import io.livepoint.core.store.ObjectStore;
import io.livepoint.core.store.PublishedObjects;
import io.livepoint.http.Exchange;
import io.livepoint.http.RequestHandler;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.http.HttpResponseStatus;

/** {@code GET /metrics} in the Prometheus text format: streams, tracks, window sizes, buffer memory. */
final class Metrics {
  private final StreamRegistry registry;
  private final LatencyHistogram delivery;
  private final LatencyHistogram playlistRelease;
  private final ObjectStore objects;

  Metrics(StreamRegistry registry, LatencyHistogram delivery, LatencyHistogram playlistRelease, ObjectStore objects) {
    this.registry = registry;
    this.delivery = delivery;
    this.playlistRelease = playlistRelease;
    this.objects = objects;
  }

  private static void summary(StringBuilder b, String wait, LatencyHistogram h) {
    for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
      b.append("livepoint_chunk_delivery_seconds{wait=\"").append(wait).append("\",quantile=\"").append(q)
          .append("\"} ").append(h.quantileNanos(q) / 1e9).append('\n');
    }
    b.append("livepoint_chunk_delivery_seconds_count{wait=\"").append(wait).append("\"} ").append(h.count())
        .append('\n');
  }

  RequestHandler newHandler() {
    return this::serve;
  }

  private void serve(Exchange ex) {
    StringBuilder b = new StringBuilder();
    b.append("# HELP livepoint_streams Live streams known to the server.\n# TYPE livepoint_streams gauge\n")
        .append("livepoint_streams ").append(registry.all().size()).append('\n');
    b.append("# HELP livepoint_track_segments Segments held in the time-shift window.\n")
        .append("# TYPE livepoint_track_segments gauge\n");
    StringBuilder bytes = new StringBuilder("# HELP livepoint_track_window_bytes Media bytes held per track.\n"
        + "# TYPE livepoint_track_window_bytes gauge\n");
    StringBuilder dups = new StringBuilder("# HELP livepoint_track_duplicates_dropped_total Retransmitted "
        + "fragments ignored.\n# TYPE livepoint_track_duplicates_dropped_total counter\n");
    for (LiveStream s : registry.all()) {
      for (Track t : s.tracks()) {
        String labels = "{stream=\"" + s.name() + "\",track=\"" + t.id() + "\"}";
        long held = 0;
        var segs = t.segments();
        for (Segment seg : segs) {
          held += seg.size();
        }
        b.append("livepoint_track_segments").append(labels).append(' ').append(segs.size()).append('\n');
        bytes.append("livepoint_track_window_bytes").append(labels).append(' ').append(held).append('\n');
        dups.append("livepoint_track_duplicates_dropped_total").append(labels).append(' ')
            .append(t.duplicatesDropped()).append('\n');
      }
    }
    b.append(bytes).append(dups);
    objects(b);
    b.append("# HELP livepoint_chunk_delivery_seconds From a chunk's last byte on ingest to its first byte leaving to a ")
        .append("waiting player: the write of its bytes to a request for its segment or part (wait=\"media\"), or a held LL-HLS ")
        .append("playlist request answered listing it (wait=\"playlist\").\n")
        .append("# TYPE livepoint_chunk_delivery_seconds summary\n");
    summary(b, "media", delivery);
    summary(b, "playlist", playlistRelease);
    var mem = PooledByteBufAllocator.DEFAULT.metric();
    b.append("# HELP livepoint_direct_memory_bytes Pooled direct buffer memory.\n")
        .append("# TYPE livepoint_direct_memory_bytes gauge\n")
        .append("livepoint_direct_memory_bytes ").append(mem.usedDirectMemory()).append('\n');
    ex.respond(HttpResponseStatus.OK, "text/plain; version=0.0.4; charset=utf-8", b.toString());
  }

  /** Interface-2 objects held per publishing point, their bytes, and media evicted by age or budget. */
  private void objects(StringBuilder b) {
    StringBuilder count = new StringBuilder("# HELP livepoint_objects Interface-2 objects held.\n"
        + "# TYPE livepoint_objects gauge\n");
    StringBuilder bytes = new StringBuilder("# HELP livepoint_objects_bytes Bytes of Interface-2 objects held.\n"
        + "# TYPE livepoint_objects_bytes gauge\n");
    StringBuilder evicted = new StringBuilder("# HELP livepoint_objects_evicted_total Media objects dropped by "
        + "age or byte budget (not deleted by the source).\n# TYPE livepoint_objects_evicted_total counter\n");
    for (String name : objects.streams()) {
      PublishedObjects p = objects.stream(name);
      if (p == null) {
        continue;
      }
      String labels = "{stream=\"" + name + "\"}";
      count.append("livepoint_objects").append(labels).append(' ').append(p.paths().size()).append('\n');
      bytes.append("livepoint_objects_bytes").append(labels).append(' ').append(p.bytes()).append('\n');
      evicted.append("livepoint_objects_evicted_total").append(labels).append(' ').append(p.evicted()).append('\n');
    }
    b.append(count).append(bytes).append(evicted);
  }
}
