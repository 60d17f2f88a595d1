package io.livepoint.http;

/**
 * HTTP/2 server push (RFC 9113 section 8.4) from one exchange: promises GET requests on the exchange's
 * stream; each promised response is later served through the {@link Router} exactly as if the client had
 * asked, so a pushed body is byte-identical to a GET. All methods on the exchange's executor.
 */
public interface ServerPush {
  /**
   * Whether a PUSH_PROMISE can be sent now: the client has not disabled push (SETTINGS_ENABLE_PUSH), the
   * connection is open, and this exchange's stream is still open for sending (its response not ended).
   */
  boolean canPromise();

  /**
   * Sends a PUSH_PROMISE for a GET of {@code path} (origin-form, same authority and scheme as the
   * request) and reserves its stream; nothing is served until {@link PushedResponse#serve()}.
   *
   * @return the promised response, or null when {@link #canPromise()} is false
   */
  PushedResponse promise(String path);

  /** Cancels every pushed stream of this connection that has not closed yet (RST_STREAM CANCEL). */
  void cancelAll();

  /** Pushed streams of this connection promised and not yet closed. */
  int openPushes();

  /** Bytes of pushed responses on this connection handed to HTTP/2 and not yet written to the socket. */
  long bytesInFlight();

  /** Runs {@code task} once on the executor as soon as {@link #bytesInFlight()} is below {@code limit}. */
  void whenBytesInFlightBelow(long limit, Runnable task);
}
