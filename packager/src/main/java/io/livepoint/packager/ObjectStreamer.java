package io.livepoint.packager;

import io.livepoint.core.store.StoredObject;
import io.livepoint.http.Exchange;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.IllegalReferenceCountException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends an object that is still being uploaded (low-latency pass-through): everything that has
 * arrived, then each new piece as it arrives (chunked transfer on HTTP/1.1, DATA frames on HTTP/2),
 * ending when the upload ends. Pieces are retained slices of the stored blocks: a slow reader lags
 * behind in the object, it is not buffered per client. An upload that fails or is replaced cuts the
 * response off, so a partial object never looks whole.
 */
final class ObjectStreamer {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectStreamer.class);

  private final Exchange exchange;
  private final StoredObject object;
  private final long idleTimeoutNanos;
  private long offset;
  private boolean waitingWritable;
  private Hold hold;

  ObjectStreamer(Exchange exchange, StoredObject object, long idleTimeoutNanos) {
    this.exchange = exchange;
    this.object = object;
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
      // Completeness first: complete before the read means nothing more will come after it.
      boolean complete = object.isComplete();
      ByteBuf piece;
      try {
        piece = object.read(offset);
      } catch (IllegalReferenceCountException gone) {
        end("upload failed, or the object was replaced or deleted");
        return;
      }
      if (piece != null) {
        offset += piece.readableBytes();
        exchange.write(piece);
        continue;
      }
      if (complete) {
        exchange.finish();
        return;
      }
      if (hold == null) {
        hold = new Hold(exchange);
      }
      Hold h = hold;
      h.deadline(idleTimeoutNanos, () -> end("no bytes within the idle timeout"));
      h.await(object.awaitBeyond(offset), v -> {
        h.cancelDeadline();
        pump();
      });
      return;
    }
  }

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
    LOG.info("{}: cutting off a growing object after {} bytes: {}", exchange.path(), offset, why);
    exchange.abort();
  }
}
