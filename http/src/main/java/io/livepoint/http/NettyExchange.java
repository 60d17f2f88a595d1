package io.livepoint.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshaker;
import io.netty.handler.codec.http.websocketx.WebSocketServerHandshakerFactory;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.util.concurrent.EventExecutor;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The {@link Exchange} of one request on an HTTP/1.1 connection or one HTTP/2 stream. */
final class NettyExchange implements Exchange {
  /** Largest WebSocket frame and message a client may send (requests are small JSON messages). */
  private static final int MAX_WEBSOCKET_FRAME = 1 << 16;
  private static final int MAX_WEBSOCKET_MESSAGE = 1 << 20;
  private final ChannelHandlerContext ctx;
  private final HttpRequest request;
  private final String path;
  private final String subPath;
  private final Map<String, List<String>> query;
  private final boolean http2;
  private final boolean secure;
  private final boolean keepAlive;
  private final boolean hasBody;
  private final Runnable blockedWrite;
  private final List<Runnable> doneTasks = new ArrayList<>();
  private final List<Runnable> writableTasks = new ArrayList<>();
  private boolean bodyAccepted;
  private boolean requestComplete;
  private boolean responded;
  private boolean responseFinished;
  private boolean aborted;
  private boolean cutOff;
  private boolean doneFired;

  /**
   * @param hasBody whether a request body follows the headers (the request is complete at once if not)
   * @param blockedWrite told when a write left the channel unwritable (starts the write deadline)
   */
  NettyExchange(ChannelHandlerContext ctx, HttpRequest request, String path, String subPath,
      Map<String, List<String>> query, boolean http2, boolean secure, boolean hasBody, Runnable blockedWrite) {
    this.ctx = ctx;
    this.request = request;
    this.path = path;
    this.subPath = subPath;
    this.query = query;
    this.http2 = http2;
    this.secure = secure;
    this.keepAlive = HttpUtil.isKeepAlive(request);
    this.hasBody = hasBody;
    this.requestComplete = !hasBody;
    this.blockedWrite = blockedWrite;
  }

  @Override
  public boolean webSocketRequested() {
    return !http2 && HttpMethod.GET.equals(request.method())
        && request.headers().containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE, true)
        && request.headers().containsValue(HttpHeaderNames.UPGRADE, HttpHeaderValues.WEBSOCKET, true);
  }

  @Override
  public boolean upgradeToWebSocket(List<String> subprotocols, WebSocketHandler handler) {
    if (!webSocketRequested() || responded || aborted) {
      return false;
    }
    FullHttpRequest full = new DefaultFullHttpRequest(request.protocolVersion(), request.method(), request.uri(),
        Unpooled.EMPTY_BUFFER, request.headers().copy(), new DefaultHttpHeaders());
    String url = (secure ? "wss://" : "ws://") + request.headers().get(HttpHeaderNames.HOST, "localhost") + path;
    WebSocketServerHandshaker hs = new WebSocketServerHandshakerFactory(url,
        subprotocols.isEmpty() ? null : String.join(",", subprotocols), false, MAX_WEBSOCKET_FRAME).newHandshaker(full);
    if (hs == null) {
      responded = true;
      WebSocketServerHandshakerFactory.sendUnsupportedVersionResponse(ctx.channel())
          .addListener(ChannelFutureListener.CLOSE);
      afterWebSocket();
      return true;
    }
    responded = true;
    ChannelPipeline p = ctx.pipeline();
    WebSocketConnection ws = new WebSocketConnection(handler, path);
    p.addLast("ws-aggregator", new WebSocketFrameAggregator(MAX_WEBSOCKET_MESSAGE));
    p.addLast("ws-session", ws);
    ctx.channel().config().setAutoRead(false); // until the 101 is out
    hs.handshake(ctx.channel(), full).addListener((ChannelFutureListener) f -> {
      if (f.isSuccess()) {
        ws.opened(hs.selectedSubprotocol());
      } else {
        f.channel().close();
      }
    });
    afterWebSocket();
    // The HTTP/1.1 request handlers leave: the connection's messages go to the session from now on.
    if (p.get(HttpServer.HTTP1_FLOW) != null) {
      p.remove(HttpServer.HTTP1_FLOW);
    }
    p.remove(ctx.handler());
    return true;
  }

  /** The exchange ends with the handshake: the connection no longer carries HTTP requests. */
  private void afterWebSocket() {
    responseFinished = true;
    requestComplete = true;
    fireDone();
  }

  @Override
  public ServerPush serverPush() {
    return http2 ? Http2PushConnection.of(ctx, this) : null;
  }

  @Override
  public boolean hasBody() {
    return hasBody;
  }

  @Override
  public HttpRequest request() {
    return request;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String subPath() {
    return subPath;
  }

  @Override
  public Map<String, List<String>> query() {
    return query;
  }

  @Override
  public SocketAddress remoteAddress() {
    SocketAddress a = ctx.channel().remoteAddress();
    return a == null && ctx.channel().parent() != null ? ctx.channel().parent().remoteAddress() : a;
  }

  @Override
  public String protocol() {
    return http2 ? "HTTP/2" : request.protocolVersion().text();
  }

  @Override
  public boolean secure() {
    return secure;
  }

  @Override
  public java.security.cert.X509Certificate clientCertificate() {
    if (!secure) {
      return null;
    }
    // An HTTP/2 stream's channel is a child of the connection, which holds the TLS handler.
    io.netty.channel.Channel ch = ctx.channel();
    io.netty.handler.ssl.SslHandler ssl = ch.pipeline().get(io.netty.handler.ssl.SslHandler.class);
    if (ssl == null && ch.parent() != null) {
      ssl = ch.parent().pipeline().get(io.netty.handler.ssl.SslHandler.class);
    }
    if (ssl == null) {
      return null;
    }
    try {
      java.security.cert.Certificate[] chain = ssl.engine().getSession().getPeerCertificates();
      return chain.length > 0 && chain[0] instanceof java.security.cert.X509Certificate x ? x : null;
    } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
      return null; // none was sent
    }
  }

  @Override
  public EventExecutor executor() {
    return ctx.executor();
  }

  @Override
  public ByteBufAllocator alloc() {
    return ctx.alloc();
  }

  boolean bodyAccepted() {
    return bodyAccepted;
  }

  boolean requestComplete() {
    return requestComplete;
  }

  void requestCompleted() {
    requestComplete = true;
    fireDoneIfOver();
  }

  @Override
  public void acceptBody() {
    if (bodyAccepted) {
      return;
    }
    bodyAccepted = true;
    if (!requestComplete && HttpUtil.is100ContinueExpected(request)) {
      ctx.writeAndFlush(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.CONTINUE,
          Unpooled.EMPTY_BUFFER));
    }
  }

  @Override
  public void respond(HttpResponseStatus status, HttpHeaders headers, ByteBuf body) {
    if (responded || aborted) {
      if (body != null) {
        body.release();
      }
      return;
    }
    responded = true;
    ByteBuf content = body == null ? Unpooled.EMPTY_BUFFER : body;
    int length = content.readableBytes();
    if (HttpMethod.HEAD.equals(request.method())) {
      content.release();
      content = Unpooled.EMPTY_BUFFER;
    }
    FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status, content);
    if (headers != null) {
      res.headers().set(headers);
    }
    res.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, length);
    finishWith(res);
  }

  @Override
  public void respond(HttpResponseStatus status, String contentType, String body) {
    HttpHeaders h = new DefaultHttpHeaders();
    ByteBuf content = null;
    if (body != null) {
      h.set(HttpHeaderNames.CONTENT_TYPE, contentType == null ? "text/plain; charset=utf-8" : contentType);
      h.set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_STORE);
      content = ByteBufUtilText.utf8(ctx.alloc(), body);
    }
    respond(status, h, content);
  }

  @Override
  public void startResponse(HttpResponseStatus status, HttpHeaders headers) {
    if (responded || aborted) {
      return;
    }
    responded = true;
    HttpResponse res = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
    if (headers != null) {
      res.headers().set(headers);
    }
    if (!res.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
      HttpUtil.setTransferEncodingChunked(res, true);
    }
    decorate(res);
    send(res).addListener(ChannelFutureListener.FIRE_EXCEPTION_ON_FAILURE);
  }

  @Override
  public ChannelFuture write(ByteBuf data) {
    if (!responded || responseFinished || aborted || HttpMethod.HEAD.equals(request.method())) {
      data.release();
      return ctx.newSucceededFuture();
    }
    return send(new DefaultHttpContent(data));
  }

  @Override
  public void finish() {
    if (!responded || responseFinished || aborted) {
      return;
    }
    afterFinalWrite(send(LastHttpContent.EMPTY_LAST_CONTENT));
  }

  @Override
  public void abort() {
    if (!cutOff) {
      cutOff = true;
      aborted = true;
      ctx.channel().close(); // the HTTP/1.1 connection; for an HTTP/2 stream, RST_STREAM(CANCEL)
      fireDone();
    }
  }

  @Override
  public boolean responded() {
    return responded;
  }

  @Override
  public boolean done() {
    return doneFired;
  }

  @Override
  public void onDone(Runnable task) {
    if (doneFired) {
      task.run();
    } else {
      doneTasks.add(task);
    }
  }

  @Override
  public boolean writable() {
    return ctx.channel().isWritable();
  }

  @Override
  public void onWritable(Runnable task) {
    if (doneFired) {
      return;
    }
    if (ctx.channel().isWritable()) {
      task.run();
    } else {
      writableTasks.add(task);
    }
  }

  /** The channel's writability changed: run the waiting tasks if it can take bytes again. */
  void writabilityChanged() {
    if (ctx.channel().isWritable() && !writableTasks.isEmpty() && !doneFired) {
      List<Runnable> tasks = new ArrayList<>(writableTasks);
      writableTasks.clear();
      tasks.forEach(Runnable::run);
    }
  }

  boolean responseFinished() {
    return responseFinished;
  }

  /** The peer went away or the connection was cut: nothing more can be sent. */
  void aborted() {
    aborted = true;
    fireDone();
  }

  private void finishWith(FullHttpResponse res) {
    decorate(res);
    afterFinalWrite(send(res));
  }

  private ChannelFuture send(Object msg) {
    ChannelFuture f = ctx.writeAndFlush(msg);
    if (!ctx.channel().isWritable()) {
      blockedWrite.run();
    }
    return f;
  }

  private void afterFinalWrite(ChannelFuture f) {
    responseFinished = true;
    if (!http2) {
      // An answer given before the body ended leaves unread bytes on the connection: close it.
      f.addListener(!keepAlive || !requestComplete ? ChannelFutureListener.CLOSE
          : ChannelFutureListener.CLOSE_ON_FAILURE);
    } else if (!requestComplete) {
      f.addListener((ChannelFutureListener) this::endStreamEarly);
    } else {
      f.addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }
    fireDoneIfOver();
  }

  /**
   * The whole response went out before the request body ended: RFC 9113 section 8.1 asks for
   * RST_STREAM with NO_ERROR, so the client stops sending and keeps the answer (closing the stream
   * channel would send CANCEL, and a client may then discard the response).
   */
  private void endStreamEarly(ChannelFuture written) {
    if (!written.isSuccess()) {
      ctx.channel().close();
    } else if (!requestComplete && ctx.channel().isActive()) {
      ctx.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.NO_ERROR))
          .addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }
  }

  private void decorate(HttpResponse res) {
    HttpHeaders h = res.headers();
    h.set(HttpHeaderNames.SERVER, "Livepoint");
    Cors.addTo(h);
    if (!http2) {
      if (!keepAlive || !requestComplete) {
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      } else if (request.protocolVersion().equals(HttpVersion.HTTP_1_0)) {
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      }
    }
  }

  private void fireDoneIfOver() {
    if (responseFinished && requestComplete) {
      fireDone();
    }
  }

  private void fireDone() {
    if (doneFired) {
      return;
    }
    doneFired = true;
    writableTasks.clear();
    List<Runnable> tasks = new ArrayList<>(doneTasks);
    doneTasks.clear();
    tasks.forEach(Runnable::run);
  }

  /** Small text helper kept here to avoid a utility class for one method. */
  static final class ByteBufUtilText {
    private ByteBufUtilText() {}

    static ByteBuf utf8(ByteBufAllocator alloc, String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      ByteBuf buf = alloc.buffer(b.length);
      buf.writeBytes(b);
      return buf;
    }
  }
}
