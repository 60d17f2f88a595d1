package io.livepoint.bench;

import io.livepoint.core.Chunk;
import io.livepoint.core.Segment;
import io.livepoint.core.Track;
import io.netty.buffer.ByteBuf;

/**
 * An LL-DASH player: reads the growing segment {@code /live/{s}/{track}/{n}.m4s} as it is streamed
 * (chunked transfer), then asks for segment n+1 at once (the server holds it until it starts). The
 * body is counted against the stored chunks' sizes, so the moment a chunk's last byte is in is known
 * and its delivery delay is measured against the chunk's ingest arrival time (same JVM, same
 * {@code System.nanoTime}).
 */
final class DashPlayer extends Player {
  private final Track track;
  private final byte[] prefix;
  private long number;
  /** The segment being read, looked up when its first bytes are in. */
  private Segment segment;
  private int chunk;
  private long received;
  private long chunkEnd;
  private Chunk current;
  /** A chunk of this segment came more than {@link #BEHIND_NANOS} late: re-join at the live edge next. */
  private boolean behind;

  DashPlayer(LoadStats stats, Track track, String stream) {
    super(stats);
    this.track = track;
    this.prefix = bytes("/live/" + stream + "/" + track.id() + "/");
  }

  @Override
  void begin() {
    Segment open = track.openSegment();
    number = open != null ? open.number() : track.lastNumber() + 1;
    request();
  }

  private void request() {
    segment = null;
    chunk = 0;
    received = 0;
    chunkEnd = 0;
    current = null;
    ByteBuf b = startRequest();
    ascii(b, prefix);
    decimal(b, number);
    ascii(b, M4S);
    send(b);
  }

  private static final byte[] M4S = bytes(".m4s");

  @Override
  void body(ByteBuf content) {
    long now = System.nanoTime();
    if (segment == null) {
      segment = track.segment(number);
      if (segment == null) {
        return; // left the window meanwhile: nothing to measure
      }
    }
    received += content.readableBytes();
    while (true) {
      if (current == null) { // the size of chunk `chunk` is not known yet
        Chunk c = segment.chunk(chunk);
        if (c == null) {
          return; // its bytes cannot be here before it is stored: known at the next piece
        }
        current = c;
        chunkEnd += c.size();
      }
      if (received < chunkEnd) {
        return;
      }
      if (current.arrivalNanos() >= stats.startNanos()) {
        stats.delivered(now - current.arrivalNanos());
      }
      behind |= now - current.arrivalNanos() > BEHIND_NANOS;
      chunk++;
      current = null;
    }
  }

  @Override
  void complete() {
    if (behind) {
      behind = false;
      stats.rejoined();
      begin();
      return;
    }
    number++;
    request();
  }
}
