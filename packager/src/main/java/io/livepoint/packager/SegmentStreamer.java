package io.livepoint.packager;

import io.livepoint.core.Chunk;
import io.livepoint.core.Segment;
import io.livepoint.http.Exchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.IllegalReferenceCountException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a segment that is still growing as a streamed response (chunked transfer on HTTP/1.1, DATA
 * frames on HTTP/2): every chunk already in, then each new one as it arrives, ending when the segment
 * completes. This is what LL-DASH players fetch early (availabilityTimeComplete="false"). Chunks
 * stay in the segment, so a slow reader simply lags; it is not buffered per client.
 */
final class SegmentStreamer {
  private static final Logger LOG = LoggerFactory.getLogger(SegmentStreamer.class);

  private final Exchange exchange;
  private final Segment segment;
  private final long idleTimeoutNanos;
  private int next;
  private boolean waitingWritable;
  private final Consumer<Chunk> delivered;
  /** Whether the chunk about to be written is one this response waited for (a live delivery). */
  private boolean awaited;
  private Hold hold;

  /** How a chunk of the segment is served: its stored bytes, or more (see {@link MediaResponder#bytes}). */
  interface ChunkBytes {
    ByteBuf of(Segment segment, int index, Chunk chunk, ByteBufAllocator alloc);
  }

  private final ChunkBytes bytes;

  /** @param idleTimeoutNanos how long to wait for the next chunk before ending the response */
  SegmentStreamer(Exchange exchange, Segment segment, long idleTimeoutNanos, Consumer<Chunk> delivered,
      ChunkBytes bytes) {
    this.exchange = exchange;
    this.delivered = delivered;
    this.segment = segment;
    this.idleTimeoutNanos = idleTimeoutNanos;
    this.bytes = bytes;
  }

  void start(HttpHeaders headers) {
    exchange.startResponse(HttpResponseStatus.OK, headers);
    if (HttpMethod.HEAD.equals(exchange.method())) {
      exchange.finish();
      return;
    }
    pump();
  }

  private void pump() {
    while (!exchange.done()) {
      if (!exchange.writable()) {
        awaitWritable();
        return;
      }
      // Completeness first: if the segment was complete before the look for the chunk, a missing
      // chunk will never come. Read the other way round, a last chunk and the completion landing in
      // between would end the response one chunk short, looking whole.
      boolean complete = segment.isComplete();
      Chunk c = segment.chunk(next);
      if (c != null) {
        ByteBuf data;
        try {
          data = bytes.of(segment, next, c, exchange.alloc());
        } catch (IllegalReferenceCountException gone) {
          end("segment left the time-shift window");
          return;
        }
        next++;
        if (awaited) {
          delivered.accept(c); // as its first byte leaves: the write below may already copy all of it out
          awaited = false;
        }
        exchange.write(data);
        continue;
      }
      if (complete) {
        if (segment.chunkCount() < next || next == 0) {
          end("segment left the time-shift window"); // evicted: its chunks are gone
        } else {
          exchange.finish();
        }
        return;
      }
      Hold hold = hold();
      hold.deadline(idleTimeoutNanos, () -> end("no chunk within the idle timeout"));
      hold.await(segment.awaitChunk(next), arrived -> {
        hold.cancelDeadline();
        awaited = arrived != null;
        pump();
      });
      return;
    }
  }

  /** The one hold of this response, made at its first wait. */
  private Hold hold() {
    if (hold == null) {
      hold = new Hold(exchange);
    }
    return hold;
  }

  /** Waits for the transport to drain (the channel's writability event), then goes on. */
  private void awaitWritable() {
    if (waitingWritable) {
      return;
    }
    waitingWritable = true;
    exchange.onWritable(() -> {
      waitingWritable = false;
      pump();
    });
  }

  private void end(String why) {
    // Cut the response off rather than finish it: a short body that looks complete would be cached
    // and decoded as the whole segment.
    LOG.warn("{}: aborting segment {} after {} chunk(s): {}", exchange.path(), segment.number(), next, why);
    exchange.abort();
  }
}
