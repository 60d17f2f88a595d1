package io.livepoint.http;

import java.util.concurrent.CompletableFuture;

/** A promised (pushed) response: its stream is reserved by a PUSH_PROMISE; see {@link ServerPush}. */
public interface PushedResponse {
  /** The promised request's path. */
  String path();

  /** The promised stream's id. */
  int streamId();

  /**
   * Serves the promised GET now through the router. Starts at once, or as soon as the client's
   * SETTINGS_MAX_CONCURRENT_STREAMS lets another pushed stream open. Idempotent; ignored once closed.
   */
  void serve();

  /** Stops the push: RST_STREAM(CANCEL) on the promised stream unless it already closed. */
  void cancel();

  /**
   * Completes (on the connection's event loop) when the stream closes: true when the whole response was
   * written, false when it was reset by the client, cancelled, or cut off.
   */
  CompletableFuture<Boolean> closed();
}
