package io.livepoint.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import java.net.URI;
import java.nio.channels.ClosedChannelException;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the HTTP objects of one HTTP/1.1 connection (requests one after another) or of one HTTP/2
 * stream into calls on a routed {@link RequestHandler}. Reading pauses while a finished request still
 * has its response in progress, so pipelined requests are answered in order.
 */
final class Dispatcher extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

  private final Router router;
  private final boolean http2;
  private final boolean secure;
  private NettyExchange exchange;
  private RequestHandler handler;

  Dispatcher(Router router, boolean http2, boolean secure) {
    this.router = router;
    this.http2 = http2;
    this.secure = secure;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpRequest req) {
        onRequest(ctx, req, msg instanceof LastHttpContent);
      }
      if (msg instanceof HttpContent content) {
        onContent(ctx, content);
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  private void onRequest(ChannelHandlerContext ctx, HttpRequest req, boolean full) {
    if (exchange != null && !exchange.done()) {
      // A new request while the previous one is still open: the previous peer state is gone.
      abort(new IllegalStateException("new request before the previous one finished"));
    }
    if (req.decoderResult().isFailure()) {
      LOG.info("{} bad request: {}", ctx.channel().remoteAddress(), req.decoderResult().cause().toString());
      sendAndClose(ctx, HttpResponseStatus.BAD_REQUEST);
      return;
    }
    String target = req.uri();
    if (target.startsWith("http://") || target.startsWith("https://")) {
      URI u = URI.create(target);
      target = u.getRawPath() + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    }
    QueryStringDecoder qs = new QueryStringDecoder(target);
    String path = qs.path();
    boolean hasBody = !full && (http2 || HttpUtil.isTransferEncodingChunked(req)
        || HttpUtil.getContentLength(req, 0L) > 0);
    if (HttpMethod.OPTIONS.equals(req.method()) && req.headers().contains(HttpHeaderNames.ORIGIN)) {
      var res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NO_CONTENT);
      Cors.addPreflight(res.headers(), req.headers().get(HttpHeaderNames.ACCESS_CONTROL_REQUEST_HEADERS));
      res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, 0);
      var f = ctx.writeAndFlush(res);
      if (hasBody) {
        f.addListener(ChannelFutureListener.CLOSE);
      }
      return;
    }
    Router.Route route = router.find(path);
    String sub = route == null ? path : path.substring(Math.min(route.prefix().length(), path.length()));
    if (sub.startsWith("/")) {
      sub = sub.substring(1);
    }
    exchange = new NettyExchange(ctx, req, path, sub, qs.parameters(), http2, secure, !hasBody);
    if (route == null) {
      handler = null;
      exchange.respond(HttpResponseStatus.NOT_FOUND, null, "no such resource: " + path + "\n");
      return;
    }
    handler = route.handlers().get();
    NettyExchange ex = exchange;
    RequestHandler h = handler;
    ex.onDone(() -> resumeReading(ctx));
    try {
      h.onRequest(ex);
    } catch (Exception e) {
      fail(ex, e);
    }
  }

  private void onContent(ChannelHandlerContext ctx, HttpContent content) {
    NettyExchange ex = exchange;
    if (ex == null || ex.requestComplete()) {
      return;
    }
    boolean last = content instanceof LastHttpContent;
    if (content.decoderResult().isFailure()) {
      LOG.info("{} {} bad request body: {}", ex.remoteAddress(), ex.path(), content.decoderResult().cause().toString());
      if (!ex.responded()) {
        ex.respond(HttpResponseStatus.BAD_REQUEST, null, "malformed HTTP body\n");
      }
      abort(content.decoderResult().cause());
      return;
    }
    if (!ex.responded() || ex.bodyAccepted()) {
      if (!ex.bodyAccepted() && content.content().isReadable()) {
        LOG.warn("{} {}: handler neither accepted nor answered a request body", ex.remoteAddress(), ex.path());
        ex.respond(HttpResponseStatus.INTERNAL_SERVER_ERROR, null, "request body not accepted\n");
      } else if (ex.bodyAccepted() && !ex.responseFinished() && !ex.done()) {
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
    }
    if (last) {
      ex.requestCompleted();
      if (!ex.done()) {
        ctx.channel().config().setAutoRead(false);
      }
    }
  }

  private void fail(NettyExchange ex, Throwable e) {
    LOG.error("{} {} {}: handler failed", ex.remoteAddress(), ex.method(), ex.path(), e);
    if (!ex.responded()) {
      ex.respond(HttpResponseStatus.INTERNAL_SERVER_ERROR, null, "internal error\n");
    } else {
      abort(e);
    }
  }

  private void resumeReading(ChannelHandlerContext ctx) {
    if (!ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
      ctx.read();
    }
  }

  private void abort(Throwable cause) {
    NettyExchange ex = exchange;
    if (ex != null && !ex.done()) {
      ex.aborted();
      if (handler != null) {
        try {
          handler.onAbort(ex, cause);
        } catch (RuntimeException e) {
          LOG.warn("onAbort failed", e);
        }
      }
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
      NettyExchange ex = exchange;
      if (ex == null || ex.done()) {
        ctx.close(); // idle keep-alive connection
      } else if (!ex.requestComplete()) {
        // A sender that stopped mid-body (ingest spec 5.2 item 9): cut it off.
        LOG.info("{} {} {}: request body stalled, closing", ex.remoteAddress(), ex.method(), ex.path());
        if (!ex.responded()) {
          ex.respond(HttpResponseStatus.REQUEST_TIMEOUT, null, "request body timed out\n");
        }
        abort(new TimeoutException("request body idle"));
        ctx.close();
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    NettyExchange ex = exchange;
    if (ex != null) {
      ex.writabilityChanged();
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    abort(new ClosedChannelException());
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("{} connection error: {}", ctx.channel().remoteAddress(), cause.toString());
    abort(cause);
    ctx.close();
  }
}
