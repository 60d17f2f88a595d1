package io.livepoint.bench;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * A segment fan-out client: fetches the newest complete segments (a fixed list of paths taken at the
 * start of the scenario, so Livepoint and nginx serve the same bytes) one after the other on its
 * keep-alive connection, as fast as the server answers. It is a live player without the pacing: the
 * figure is the throughput the server sustains.
 */
final class SegmentFetcher extends Player {
  private final byte[][] paths;
  private int next;
  private long sentNanos;

  SegmentFetcher(LoadStats stats, List<String> paths, int start) {
    super(stats);
    this.paths = new byte[paths.size()][];
    for (int i = 0; i < paths.size(); i++) {
      this.paths[i] = bytes(paths.get(i));
    }
    this.next = Math.floorMod(start, this.paths.length);
  }

  @Override
  void begin() {
    ByteBuf b = startRequest();
    ascii(b, paths[next]);
    next = (next + 1) % paths.length;
    sentNanos = System.nanoTime();
    send(b);
  }

  @Override
  void body(ByteBuf content) {
    // counted by the base class
  }

  @Override
  void complete() {
    stats.fetched(System.nanoTime() - sentNanos);
    begin();
  }
}
