package io.livepoint.packager;

import io.livepoint.core.Chunk;
import io.livepoint.core.Segment;
import io.livepoint.http.Exchange;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.IllegalReferenceCountException;
import java.util.concurrent.TimeUnit;
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
  private static final long WRITABILITY_POLL_MILLIS = 20;

  private final Exchange exchange;
  private final Segment segment;
  private final long idleTimeoutNanos;
  private int next;
  private ChannelFuture lastWrite;
  private boolean waitingWritable;

  /** @param idleTimeoutNanos how long to wait for the next chunk before ending the response */
  SegmentStreamer(Exchange exchange, Segment segment, long idleTimeoutNanos) {
    this.exchange = exchange;
    this.segment = segment;
    this.idleTimeoutNanos = idleTimeoutNanos;
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
      Chunk c = segment.chunk(next);
      if (c != null) {
        ByteBuf data;
        try {
          data = c.retainedData();
        } catch (IllegalReferenceCountException gone) {
          end("segment left the time-shift window");
          return;
        }
        next++;
        lastWrite = exchange.write(data);
        continue;
      }
      if (segment.isComplete()) {
        if (segment.chunkCount() < next) {
          end("segment left the time-shift window");
        } else {
          exchange.finish();
        }
        return;
      }
      Hold hold = new Hold(exchange, idleTimeoutNanos, () -> end("no chunk within the idle timeout"));
      hold.await(segment.awaitChunk(next), arrived -> {
        hold.release();
        pump();
      });
      return;
    }
  }

  /** Waits for the transport to drain: on the last write's completion, else by polling briefly. */
  private void awaitWritable() {
    if (waitingWritable) {
      return;
    }
    waitingWritable = true;
    Runnable resume = () -> {
      waitingWritable = false;
      pump();
    };
    if (lastWrite != null && !lastWrite.isDone()) {
      lastWrite.addListener(f -> Hold.onLoop(exchange).execute(resume));
    } else {
      exchange.executor().schedule(resume, WRITABILITY_POLL_MILLIS, TimeUnit.MILLISECONDS);
    }
  }

  private void end(String why) {
    // Cut the response off rather than finish it: a short body that looks complete would be cached
    // and decoded as the whole segment.
    LOG.warn("{}: aborting segment {} after {} chunk(s): {}", exchange.path(), segment.number(), next, why);
    exchange.abort();
  }
}
