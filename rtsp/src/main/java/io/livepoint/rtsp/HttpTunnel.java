package io.livepoint.rtsp;

import io.livepoint.http.Exchange;
import io.livepoint.http.RequestHandler;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RTSP tunnelled over HTTP, QuickTime style, on the HTTP port: a GET with {@code x-sessioncookie} and
 * {@code Accept: application/x-rtsp-tunnelled} opens the server-to-client half (its streamed response
 * body carries the RTSP responses and the interleaved RTP/RTCP), a POST with the same cookie carries the
 * client's requests in base64 (possibly over several POSTs in turn). Each tunnel is bridged to the RTSP
 * server by an in-process channel, so it is an ordinary RTSP connection with interleaved transport there.
 * Clients are given {@code rtsp://HOST:HTTPPORT/rtsp/{stream}}; the {@code /rtsp/} mount is dropped before
 * the RTSP handler sees the URI ({@link TunnelMount}).
 */
public final class HttpTunnel {
  private static final Logger LOG = LoggerFactory.getLogger(HttpTunnel.class);
  /** The HTTP route (and the mount) of the tunnel. */
  public static final String ROUTE = "/rtsp/";
  static final String MEDIA_TYPE = "application/x-rtsp-tunnelled";
  static final String COOKIE = "x-sessioncookie";

  private final EventLoopGroup group;
  private final LocalAddress rtspAddress;
  private final int maxQueuedBytes;
  private final ConcurrentHashMap<String, Bridge> tunnels = new ConcurrentHashMap<>();
  /** Takes the WebSocket upgrades on this route ({@code ws://HOST:HTTPPORT/rtsp/...}), or null. */
  private RtspWebSocket webSocket;

  HttpTunnel(EventLoopGroup group, LocalAddress rtspAddress, int maxQueuedBytes) {
    this.group = group;
    this.rtspAddress = rtspAddress;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  /** Hands WebSocket upgrades on {@link #ROUTE} to {@code ws} (RTSP over WebSocket). */
  HttpTunnel webSocket(RtspWebSocket ws) {
    this.webSocket = ws;
    return this;
  }

  /** A handler for one HTTP request on {@link #ROUTE}. */
  public RequestHandler newHandler() {
    return new Handler();
  }

  /** Tunnels open now. */
  public int size() {
    return tunnels.size();
  }

  /**
   * One tunnel: the GET exchange that carries the server's bytes and the in-process RTSP connection.
   * Bytes from the RTSP side are coalesced per read batch and written to the GET response; a client that
   * lets more than the bound pile up is dropped, as on the RTSP port.
   */
  private final class Bridge extends ChannelInboundHandlerAdapter {
    private final String cookie;
    private final Exchange get;
    private final AtomicLong queued = new AtomicLong();
    private volatile Channel rtsp;
    /** The in-process RTSP connection being made: requests from a POST wait for it. */
    private volatile ChannelFuture connected;
    private CompositeByteBuf batch;

    Bridge(String cookie, Exchange get) {
      this.cookie = cookie;
      this.get = get;
    }

    void open() {
      connected = new Bootstrap().group(group).channel(LocalChannel.class).handler(new ChannelInitializer<LocalChannel>() {
        @Override
        protected void initChannel(LocalChannel ch) {
          ch.pipeline().addLast(Bridge.this);
        }
      }).connect(rtspAddress).addListener(f -> {
        if (!f.isSuccess()) {
          LOG.warn("RTSP over HTTP: cannot reach the RTSP server: {}", f.cause().toString());
          close();
        }
      });
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
      rtsp = ctx.channel();
      if (get.done()) {
        ctx.close();
      }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf b = (ByteBuf) msg;
      if (batch == null) {
        batch = ctx.alloc().compositeBuffer(64);
      }
      batch.addComponent(true, b);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ByteBuf out = batch;
      batch = null;
      if (out == null) {
        return;
      }
      int n = out.readableBytes();
      if (queued.addAndGet(n) > maxQueuedBytes) {
        out.release();
        LOG.info("RTSP over HTTP {}: client reads too slowly (more than {} bytes queued), dropped",
            get.remoteAddress(), maxQueuedBytes);
        close();
        return;
      }
      get.executor().execute(() -> {
        if (get.done()) {
          out.release();
          return;
        }
        get.write(out).addListener(f -> queued.addAndGet(-n));
      });
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      if (batch != null) {
        batch.release();
        batch = null;
      }
      tunnels.remove(cookie, this);
      get.executor().execute(() -> {
        if (!get.done()) {
          get.finish();
        }
      });
    }

    /** Client requests, decoded from a POST body (ownership passes). */
    void send(ByteBuf requests) {
      ChannelFuture f = connected;
      f.addListener(done -> {
        Channel c = f.channel();
        if (f.isSuccess() && c.isActive()) {
          c.writeAndFlush(requests, c.voidPromise());
        } else {
          requests.release();
        }
      });
    }

    void close() {
      tunnels.remove(cookie, this);
      Channel c = rtsp;
      if (c != null) {
        c.close();
      }
      get.executor().execute(() -> {
        if (!get.done()) {
          get.abort();
        }
      });
    }
  }

  private final class Handler implements RequestHandler {
    private Bridge bridge;
    private final Base64Stream base64 = new Base64Stream();

    @Override
    public void onRequest(Exchange ex) {
      if (webSocket != null && webSocket.upgrade(ex)) {
        return;
      }
      String cookie = ex.headers().get(COOKIE);
      if (cookie == null || cookie.isBlank()) {
        LOG.info("RTSP over HTTP {}: {} {} without {}, rejected", ex.remoteAddress(), ex.method(), ex.path(), COOKIE);
        ex.respond(HttpResponseStatus.BAD_REQUEST, "text/plain", COOKIE + " required\n");
        return;
      }
      if (HttpMethod.GET.equals(ex.method())) {
        Bridge b = new Bridge(cookie, ex);
        if (tunnels.putIfAbsent(cookie, b) != null) {
          LOG.info("RTSP over HTTP {}: second GET for one {}, rejected", ex.remoteAddress(), COOKIE);
          ex.respond(HttpResponseStatus.BAD_REQUEST, "text/plain", COOKIE + " in use\n");
          return;
        }
        HttpHeaders h = new DefaultHttpHeaders()
            .set(HttpHeaderNames.CONTENT_TYPE, MEDIA_TYPE)
            .set(HttpHeaderNames.CACHE_CONTROL, "no-cache")
            .set(HttpHeaderNames.PRAGMA, "no-cache");
        b.open(); // before the client sees the response and sends its POST
        ex.startResponse(HttpResponseStatus.OK, h);
        ex.onDone(b::close);
        return;
      }
      if (HttpMethod.POST.equals(ex.method())) {
        bridge = tunnels.get(cookie);
        if (bridge == null) {
          LOG.info("RTSP over HTTP {}: POST for no open tunnel, rejected", ex.remoteAddress());
          ex.respond(HttpResponseStatus.NOT_FOUND, "text/plain", "no tunnel for this " + COOKIE + "\n");
          return;
        }
        ex.acceptBody();
        return;
      }
      ex.respond(HttpResponseStatus.METHOD_NOT_ALLOWED, "text/plain", "GET or POST\n");
    }

    @Override
    public void onContent(Exchange ex, ByteBuf content) {
      if (bridge == null || ex.done()) {
        return;
      }
      ByteBuf decoded = ex.alloc().buffer(content.readableBytes() * 3 / 4 + 3);
      try {
        base64.decode(content, decoded);
      } catch (Base64Stream.Base64Exception e) {
        decoded.release();
        LOG.info("RTSP over HTTP {}: POST body rejected: {}", ex.remoteAddress(), e.getMessage());
        ex.respond(HttpResponseStatus.BAD_REQUEST, "text/plain", "body is not base64\n");
        return;
      }
      if (decoded.isReadable()) {
        bridge.send(decoded);
      } else {
        decoded.release();
      }
    }

    @Override
    public void onEnd(Exchange ex) {
      // The client ended this POST (it may open another with the same cookie); the tunnel lives on its GET.
      if (!ex.responded()) {
        ex.respond(HttpResponseStatus.OK);
      }
    }
  }
}
