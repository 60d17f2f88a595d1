package io.livepoint.http;

import io.netty.buffer.ByteBuf;

/**
 * Handles one HTTP request, streaming: headers first, then the body piece by piece, then its end.
 * One instance per request; all calls come on the connection's event loop, so never block in them.
 * The same handler serves HTTP/1.1 and HTTP/2 (each HTTP/2 stream looks like its own exchange).
 */
public interface RequestHandler {
  /**
   * The request line and headers arrived. Decide here: answer at once (an error, or a GET) or accept
   * the body with {@link Exchange#acceptBody()} (which sends 100 Continue when the client asked).
   * A request whose body is neither accepted nor answered before it arrives is answered 500.
   */
  void onRequest(Exchange exchange) throws Exception;

  /** A piece of the body. It is released after the call returns: retain it to keep it. */
  default void onContent(Exchange exchange, ByteBuf content) throws Exception {}

  /** The body ended (zero-length chunk, or Content-Length reached). */
  default void onEnd(Exchange exchange) throws Exception {}

  /** The peer went away, or the request was cut off (idle timeout) before the exchange finished. */
  default void onAbort(Exchange exchange, Throwable cause) {}
}
