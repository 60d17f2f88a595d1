package io.livepoint.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the HTTP objects of one HTTP/1.1 connection (requests one after another) or of one HTTP/2
 * stream into calls on a routed {@link RequestHandler}.
 *
 * <p>HTTP/1.1 answers pipelined requests strictly in order: once a request has fully arrived and its
 * exchange is not done, reading stops (auto-read off; the {@link io.netty.handler.flow.FlowControlHandler}
 * in front holds what was already decoded) until the exchange is done. A request that arrives anyway
 * before the previous exchange is done closes the connection.
 *
 * <p>Timeouts: a request body that stops arriving is cut off after the idle timeout (408 when not yet
 * answered): on HTTP/1.1 by the connection's reader-idle event, on HTTP/2 by a per-stream idle timer
 * that lives while the body is expected. A response the client takes no bytes of for the write timeout
 * (the channel stays unwritable) is cut off: slow readers are dropped, not buffered without limit.
 */
final class Dispatcher extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);
  private static final String BODY_IDLE = "body-idle";

  private final Router router;
  private final boolean http2;
  private final boolean secure;
  private final long idleTimeoutMillis;
  private final long writeTimeoutMillis;
  private NettyExchange exchange;
  private RequestHandler handler;
  private ChannelHandlerContext ctx;
  private ScheduledFuture<?> writeDeadline;

  Dispatcher(Router router, boolean http2, boolean secure, HttpServerConfig config) {
    this.router = router;
    this.http2 = http2;
    this.secure = secure;
    this.idleTimeoutMillis = config.idleTimeout().toMillis();
    this.writeTimeoutMillis = config.writeTimeout().toMillis();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest req) {
        onRequest(ctx, req);
      }
      if (msg instanceof HttpContent content) {
        onContent(ctx, content);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onRequest(ChannelHandlerContext ctx, HttpRequest req) {
    NettyExchange previous = exchange;
    if (previous != null && !previous.done()) {
      // Reading pauses while an exchange is open, so only a peer that ignores the protocol gets here;
      // answering now would interleave two responses.
      LOG.info("{} {} {}: request arrived before the previous answer ({} {}) finished, closing the connection",
          ctx.channel().remoteAddress(), req.method(), req.uri(), previous.method(), previous.path());
      abort(new IllegalStateException("request before the previous one finished"));
      ctx.close();
      return;
    }
    exchange = null;
    handler = null;
    if (req.decoderResult().isFailure()) {
      LOG.info("{} bad request: {}", ctx.channel().remoteAddress(), req.decoderResult().cause().toString());
      sendAndClose(ctx, HttpResponseStatus.BAD_REQUEST);
      return;
    }
    boolean hasBody = req instanceof LastHttpContent full ? full.content().isReadable()
        : http2 || HttpUtil.isTransferEncodingChunked(req) || HttpUtil.getContentLength(req, 0L) > 0;
    String target = originForm(req.uri());
    if (target == null) {
      LOG.info("{} {} bad request target: {}", ctx.channel().remoteAddress(), req.method(), req.uri());
      start(ctx, req, "", "", Map.of(), hasBody);
      exchange.respond(HttpResponseStatus.BAD_REQUEST, null, "malformed request target\n");
      return;
    }
    QueryStringDecoder qs = new QueryStringDecoder(target);
    String path = qs.path();
    if (HttpMethod.OPTIONS.equals(req.method()) && req.headers().contains(HttpHeaderNames.ORIGIN)) {
      start(ctx, req, path, "", Map.of(), hasBody);
      HttpHeaders h = new DefaultHttpHeaders();
      Cors.addPreflight(h, req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS));
      exchange.respond(HttpResponseStatus.NO_CONTENT, h, null);
      return;
    }
    Router.Route route = router.find(path);
    String sub = route == null ? path : path.substring(Math.min(route.prefix().length(), path.length()));
    if (sub.startsWith("/")) {
      sub = sub.substring(1);
    }
    NettyExchange ex = start(ctx, req, path, sub, qs.parameters(), hasBody);
    if (route == null) {
      ex.respond(HttpResponseStatus.NOT_FOUND, null, "no such resource: " + path + "\n");
      return;
    }
    RequestHandler h = route.handlers().get();
    handler = h;
    try {
      h.onRequest(ex);
    } catch (Exception e) {
      fail(ex, e);
    }
  }

  /** The origin-form (path and query) of a request target, or null when it is not a valid URI. */
  static String originForm(String target) {
    if (!target.startsWith("http://") && !target.startsWith("https://")) {
      return target;
    }
    try {
      URI u = new URI(target);
      String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
      return path + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    } catch (URISyntaxException e) {
      return null;
    }
  }

  private NettyExchange start(ChannelHandlerContext ctx, HttpRequest req, String path, String sub,
      Map<String, List<String>> query, boolean hasBody) {
    NettyExchange ex = new NettyExchange(ctx, req, path, sub, query, http2, secure, hasBody, this::armWriteDeadline);
    exchange = ex;
    if (!http2) {
      ex.onDone(this::resumeReading);
    } else if (hasBody) {
      // The connection's idle timer cannot see one stream stall among others: time this body alone.
      ctx.pipeline().addBefore(ctx.name(), BODY_IDLE,
          new IdleStateHandler(idleTimeoutMillis, 0, 0, TimeUnit.MILLISECONDS));
    }
    return ex;
  }

  private void onContent(ChannelHandlerContext ctx, HttpContent content) {
    NettyExchange ex = exchange;
    if (ex == null) {
      return;
    }
    boolean last = content instanceof LastHttpContent;
    if (!ex.requestComplete()) {
      if (content.decoderResult().isFailure()) {
        LOG.info("{} {} bad request body: {}", ex.remoteAddress(), ex.path(),
            content.decoderResult().cause().toString());
        cutOff(ex, HttpResponseStatus.BAD_REQUEST, "malformed HTTP body\n", content.decoderResult().cause());
        return;
      }
      deliver(ex, content, last);
      if (last) {
        ex.requestCompleted();
        stopBodyTimer(ctx);
      }
    }
    if (last && !http2 && !ex.done()) {
      // Answer this request before reading the next: pipelined responses go out in order.
      ctx.channel().config().setAutoRead(false);
    }
  }

  private void deliver(NettyExchange ex, HttpContent content, boolean last) {
    if (ex.responded() && !ex.bodyAccepted()) {
      return; // answered before the body: the rest is discarded
    }
    if (!ex.bodyAccepted()) {
      if (content.content().isReadable()) {
        LOG.warn("{} {}: handler neither accepted nor answered a request body", ex.remoteAddress(), ex.path());
        ex.respond(HttpResponseStatus.INTERNAL_SERVER_ERROR, null, "request body not accepted\n");
      }
      return;
    }
    if (ex.responseFinished() || ex.done()) {
      return;
    }
    try {
      if (content.content().isReadable()) {
        handler.onContent(ex, content.content());
      }
      if (last) {
        ex.requestCompleted(); // before onEnd, so an answer given there keeps the connection
        handler.onEnd(ex);
      }
    } catch (Exception e) {
      fail(ex, e);
    }
  }

  private void stopBodyTimer(ChannelHandlerContext ctx) {
    if (http2 && ctx.pipeline().get(BODY_IDLE) != null) {
      ctx.pipeline().remove(BODY_IDLE);
    }
  }

  private void fail(NettyExchange ex, Throwable e) {
    LOG.error("{} {} {}: handler failed", ex.remoteAddress(), ex.method(), ex.path(), e);
    if (!ex.responded()) {
      ex.respond(HttpResponseStatus.INTERNAL_SERVER_ERROR, null, "internal error\n");
    } else {
      boolean streaming = !ex.responseFinished();
      abort(e);
      if (streaming) {
        ex.abort(); // never let a half-sent body look complete
      }
    }
  }

  /**
   * Ends an exchange whose request body cannot go on: answers {@code status} when nothing was sent
   * yet (the exchange then closes the connection, or resets the stream with NO_ERROR, after it, as the
   * body did not end); cuts a response in progress off.
   */
  private void cutOff(NettyExchange ex, HttpResponseStatus status, String text, Throwable cause) {
    boolean streaming = ex.responded() && !ex.responseFinished();
    if (!ex.responded()) {
      ex.respond(status, null, text);
    }
    abort(cause);
    if (streaming) {
      ex.abort();
    }
  }

  /** Resumes reading once the exchange is done; later, so the next request never starts inside it. */
  private void resumeReading() {
    if (ctx.channel().config().isAutoRead()) {
      return;
    }
    ctx.executor().execute(() -> {
      NettyExchange ex = exchange;
      if ((ex == null || ex.done()) && !ctx.channel().config().isAutoRead()) {
        ctx.channel().config().setAutoRead(true); // reads, and the flow-control handler hands on what it holds
      }
    });
  }

  /** Tells the handler its exchange ended early and marks the exchange over (nothing is sent). */
  private void abort(Throwable cause) {
    NettyExchange ex = exchange;
    if (ex != null && !ex.done()) {
      if (handler != null) {
        try {
          handler.onAbort(ex, cause);
        } catch (RuntimeException e) {
          LOG.warn("onAbort failed", e);
        }
      }
      ex.aborted();
    }
  }

  private static void sendAndClose(ChannelHandlerContext ctx, HttpResponseStatus status) {
    var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, Unpooled.EMPTY_BUFFER);
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
    res.headers().set(HttpHeaderNames.CONNECTION, "close");
    ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      onReaderIdle(ctx);
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  private void onReaderIdle(ChannelHandlerContext ctx) {
    NettyExchange ex = exchange;
    if (ex == null || ex.done()) {
      if (!http2) {
        LOG.debug("{} idle connection closed", ctx.channel().remoteAddress());
        ctx.close();
      }
      return;
    }
    if (ex.requestComplete()) {
      // The request is in; its answer is held or streaming. Slow readers are the write deadline's job.
      return;
    }
    // A sender that stopped mid-body (ingest spec 5.2 item 9): cut it off.
    LOG.info("{} {} {}: request body stalled for {} ms, cut off", ex.remoteAddress(), ex.method(), ex.path(),
        idleTimeoutMillis);
    stopBodyTimer(ctx);
    cutOff(ex, HttpResponseStatus.REQUEST_TIMEOUT, "request body timed out\n",
        new TimeoutException("request body idle for " + idleTimeoutMillis + " ms"));
  }

  /** A write left the channel unwritable: the client has this long to take bytes again. */
  private void armWriteDeadline() {
    if (writeDeadline == null && ctx.channel().isActive()) {
      writeDeadline = ctx.executor().schedule(this::onWriteDeadline, writeTimeoutMillis, TimeUnit.MILLISECONDS);
    }
  }

  private void cancelWriteDeadline() {
    if (writeDeadline != null) {
      writeDeadline.cancel(false);
      writeDeadline = null;
    }
  }

  private void onWriteDeadline() {
    writeDeadline = null;
    if (ctx.channel().isWritable() || !ctx.channel().isActive()) {
      return;
    }
    NettyExchange ex = exchange;
    LOG.warn("{} {} {}: client took no bytes for {} ms, slow reader dropped", ctx.channel().remoteAddress(),
        ex == null ? "-" : ex.method(), ex == null ? "-" : ex.path(), writeTimeoutMillis);
    if (ex != null && !ex.done()) {
      abort(new TimeoutException("client took no bytes for " + writeTimeoutMillis + " ms"));
      ex.abort();
    } else {
      ctx.channel().close(); // a finished answer still stuck in the buffers
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    NettyExchange ex = exchange;
    if (ctx.channel().isWritable()) {
      cancelWriteDeadline();
    } else if (ex != null && ex.responded()) {
      armWriteDeadline();
    }
    if (ex != null) {
      ex.writabilityChanged();
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancelWriteDeadline();
    abort(new ClosedChannelException());
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    // Also when an HTTP/1.1 connection switches to HTTP/2: no HTTP/1.1 answer can follow.
    cancelWriteDeadline();
    abort(new IllegalStateException("connection no longer speaks HTTP/1.1"));
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("{} connection error: {}", ctx.channel().remoteAddress(), cause.toString());
    abort(cause);
    ctx.close();
  }
}
