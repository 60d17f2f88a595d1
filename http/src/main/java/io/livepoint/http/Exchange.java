package io.livepoint.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.EventExecutor;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;

/**
 * One request and its response, as seen by a {@link RequestHandler}. All methods must be called on
 * {@link #executor()}; from elsewhere, hop with {@code exchange.executor().execute(...)}.
 */
public interface Exchange {
  HttpRequest request();

  default HttpMethod method() {
    return request().method();
  }

  default HttpHeaders headers() {
    return request().headers();
  }

  /** The decoded path without the query, e.g. {@code /live/demo/video/12.m4s}. */
  String path();

  /** The path below the route prefix, e.g. {@code demo/video/12.m4s} for prefix {@code /live/}. */
  String subPath();

  /** Query parameters. */
  Map<String, List<String>> query();

  /** First value of a query parameter, or null. */
  default String query(String name) {
    List<String> v = query().get(name);
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  SocketAddress remoteAddress();

  /** "HTTP/1.1" or "HTTP/2". */
  String protocol();

  boolean secure();

  /**
   * The certificate the client presented in the TLS handshake (checked against the configured client
   * CA bundle), or null: cleartext, or none was sent.
   */
  default java.security.cert.X509Certificate clientCertificate() {
    return null;
  }

  EventExecutor executor();

  ByteBufAllocator alloc();

  /**
   * Whether the request has a body to read: chunked, a Content-Length above 0, or an HTTP/2 request
   * whose headers did not end the stream. False for an empty POST/PUT (a probe) and a plain GET.
   */
  boolean hasBody();

  /** Accepts the request body: sends 100 Continue when the client sent {@code Expect: 100-continue}. */
  void acceptBody();

  /** Sends a complete response. {@code body} is released by the exchange. */
  void respond(HttpResponseStatus status, HttpHeaders headers, ByteBuf body);

  /** Sends a complete response with a text body (or no body for status-only answers). */
  void respond(HttpResponseStatus status, String contentType, String body);

  /** Sends a status with an empty body. */
  default void respond(HttpResponseStatus status) {
    respond(status, (String) null, (String) null);
  }

  /** Starts a streamed response (chunked on HTTP/1.1, DATA frames on HTTP/2); headers are sent now. */
  void startResponse(HttpResponseStatus status, HttpHeaders headers);

  /** Writes and flushes a piece of a streamed response. {@code data} is released by the exchange. */
  ChannelFuture write(ByteBuf data);

  /** Ends a streamed response. */
  void finish();

  /**
   * Cuts a started response off so the client sees it as incomplete, never as a short but whole body:
   * the HTTP/1.1 connection is closed, an HTTP/2 stream is reset.
   */
  void abort();

  /** Whether a response has been started or sent. */
  boolean responded();

  /** Whether the exchange is over (response finished, or aborted). */
  boolean done();

  /** Runs {@code task} once when the exchange ends for any reason (finished, aborted, closed). */
  void onDone(Runnable task);

  /** Whether the transport can take more bytes now (back-pressure for streamed responses). */
  boolean writable();

  /**
   * Runs {@code task} once on the executor as soon as the transport can take more bytes (at once when
   * it can now); not at all when the exchange ends first.
   */
  void onWritable(Runnable task);

  /**
   * HTTP/2 server push from this exchange (RFC 9113 section 8.4), or null on HTTP/1.1 and on exchanges
   * that cannot push (a pushed response itself).
   */
  default ServerPush serverPush() {
    return null;
  }

  /** Whether the request asks to become a WebSocket (RFC 6455 4.1: an HTTP/1.1 GET with Upgrade: websocket). */
  default boolean webSocketRequested() {
    return false;
  }

  /**
   * Accepts a WebSocket upgrade: answers 101 choosing the first of {@code subprotocols} the client offered
   * (none when it offered none of them), and from then on hands the connection's messages to
   * {@code handler}. The exchange is done at once. Returns false, and changes nothing, when the request
   * did not ask for a WebSocket or cannot have one (HTTP/2): the caller then answers it as plain HTTP,
   * so a client can fall back.
   */
  default boolean upgradeToWebSocket(List<String> subprotocols, WebSocketHandler handler) {
    return false;
  }
}
