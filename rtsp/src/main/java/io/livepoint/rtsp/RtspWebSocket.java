package io.livepoint.rtsp;

import io.livepoint.http.Exchange;
import io.livepoint.http.RequestHandler;
import io.livepoint.http.WebSocketHandler;
import io.livepoint.http.WebSocketSession;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RTSP over WebSocket (ONVIF Streaming 7, RFC 6455) on the HTTP port: a GET with {@code Upgrade:
 * websocket} at {@link #ROUTE} (or at the HTTP tunnel's {@code /rtsp/...}) and sub-protocol
 * {@value #SUBPROTOCOL} becomes an RTSP connection whose bytes travel in binary messages: the client's
 * requests and interleaved frames in, and out one message per RTSP response or interleaved frame (RTP,
 * RTCP). Like the HTTP tunnel it is bridged in-process to the RTSP server's tunnel listener, so it is an
 * ordinary RTSP connection with interleaved transport there, authenticated at the RTSP level. A client
 * that lets more than the bound of bytes pile up is dropped, as on the RTSP port.
 */
public final class RtspWebSocket {
  private static final Logger LOG = LoggerFactory.getLogger(RtspWebSocket.class);
  /** The WebSocket URI's path (ONVIF names none; Media2 GetServiceCapabilities would advertise it). */
  public static final String ROUTE = "/rtsp-over-websocket";
  /** The sub-protocol of ONVIF Streaming 7.3.1. */
  public static final String SUBPROTOCOL = "rtsp.onvif.org";

  private final EventLoopGroup group;
  private final LocalAddress rtspAddress;
  private final int maxQueuedBytes;
  private final AtomicInteger open = new AtomicInteger();

  RtspWebSocket(EventLoopGroup group, LocalAddress rtspAddress, int maxQueuedBytes) {
    this.group = group;
    this.rtspAddress = rtspAddress;
    this.maxQueuedBytes = maxQueuedBytes;
  }

  /** A handler for one HTTP request on {@link #ROUTE}: anything but a WebSocket upgrade gets 426. */
  public RequestHandler newHandler() {
    return new RequestHandler() {
      @Override
      public void onRequest(Exchange ex) {
        if (!upgrade(ex)) {
          LOG.info("RTSP over WebSocket {}: {} {} is not a WebSocket upgrade, rejected", ex.remoteAddress(), ex.method(),
              ex.path());
          ex.respond(HttpResponseStatus.UPGRADE_REQUIRED, "text/plain", "WebSocket with sub-protocol " + SUBPROTOCOL + "\n");
        }
      }
    };
  }

  /** Accepts {@code ex} as RTSP over WebSocket if it asks for a WebSocket; false (nothing done) otherwise. */
  public boolean upgrade(Exchange ex) {
    return ex.webSocketRequested() && ex.upgradeToWebSocket(List.of(SUBPROTOCOL), new Bridge());
  }

  /** WebSocket connections open now. */
  public int size() {
    return open.get();
  }

  /** One WebSocket and its in-process RTSP connection. */
  private final class Bridge extends ChannelInboundHandlerAdapter implements WebSocketHandler {
    private final AtomicLong queued = new AtomicLong();
    private volatile WebSocketSession ws;
    private volatile ChannelFuture connected;

    @Override
    public void onOpen(WebSocketSession session) {
      ws = session;
      open.incrementAndGet();
      if (!SUBPROTOCOL.equals(session.subprotocol())) {
        LOG.info("RTSP over WebSocket {}: the client offered no {} sub-protocol; served anyway", session.remoteAddress(),
            SUBPROTOCOL);
      }
      connected = new Bootstrap().group(group).channel(LocalChannel.class).handler(new ChannelInitializer<LocalChannel>() {
        @Override
        protected void initChannel(LocalChannel ch) {
          ch.pipeline().addLast(new RtspMessageSplitter(), Bridge.this);
        }
      }).connect(rtspAddress).addListener(f -> {
        if (!f.isSuccess()) {
          LOG.warn("RTSP over WebSocket: cannot reach the RTSP server: {}", f.cause().toString());
          session.executor().execute(() -> session.close(WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code(), "no RTSP"));
        }
      });
    }

    @Override
    public void onBinary(WebSocketSession session, ByteBuf data) {
      send(data.retain());
    }

    @Override
    public void onText(WebSocketSession session, String text) {
      // ONVIF Streaming 7.3.2 uses data frames only; RTSP text in a text message is taken as the same bytes.
      send(io.netty.buffer.Unpooled.copiedBuffer(text, java.nio.charset.StandardCharsets.UTF_8));
    }

    private void send(ByteBuf bytes) {
      ChannelFuture f = connected;
      f.addListener(done -> {
        Channel c = f.channel();
        if (f.isSuccess() && c.isActive()) {
          c.writeAndFlush(bytes, c.voidPromise());
        } else {
          bytes.release();
        }
      });
    }

    @Override
    public void onClose(WebSocketSession session, int code, String reason) {
      open.decrementAndGet();
      ChannelFuture f = connected;
      if (f != null) {
        f.addListener(done -> f.channel().close());
      }
    }

    /** One whole RTSP message or interleaved frame from the server: one binary message. */
    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ByteBuf b = (ByteBuf) msg;
      WebSocketSession s = ws;
      int n = b.readableBytes();
      if (queued.addAndGet(n) > maxQueuedBytes) {
        b.release();
        LOG.info("RTSP over WebSocket {}: client reads too slowly (more than {} bytes queued), dropped",
            s.remoteAddress(), maxQueuedBytes);
        ctx.close();
        s.executor().execute(() -> s.close(WebSocketCloseStatus.POLICY_VIOLATION.code(), "too slow"));
        return;
      }
      s.executor().execute(() -> s.sendBinary(b).addListener(f -> queued.addAndGet(-n)));
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      WebSocketSession s = ws;
      s.executor().execute(() -> s.close(WebSocketCloseStatus.NORMAL_CLOSURE.code(), "RTSP connection closed"));
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.warn("RTSP over WebSocket: {}", cause.toString());
      ctx.close();
    }
  }
}
