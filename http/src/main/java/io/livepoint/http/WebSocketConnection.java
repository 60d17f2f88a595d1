package io.livepoint.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketCloseStatus;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.EventExecutor;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The tail of a connection's pipeline once it speaks WebSocket: complete messages (the frame aggregator
 * in front joins continuations) go to the {@link WebSocketHandler}; pings are answered, a close frame is
 * echoed and the connection closed; an idle reader gets a ping rather than a close (a player only listens).
 */
final class WebSocketConnection extends ChannelInboundHandlerAdapter implements WebSocketSession {
  private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);

  private final WebSocketHandler handler;
  private final String path;
  private final List<Runnable> writableTasks = new ArrayList<>();
  private ChannelHandlerContext ctx;
  private String subprotocol;
  private boolean closeSent;
  private boolean closeNotified;

  WebSocketConnection(WebSocketHandler handler, String path) {
    this.handler = handler;
    this.path = path;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  /** The 101 went out: the connection speaks WebSocket now. */
  void opened(String agreed) {
    subprotocol = agreed;
    ctx.channel().config().setAutoRead(true);
    try {
      handler.onOpen(this);
    } catch (RuntimeException e) {
      LOG.error("{} {}: WebSocket handler failed on open", remoteAddress(), path, e);
      close(WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code(), "internal error");
    }
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof WebSocketFrame frame)) {
      ReferenceCountUtil.release(msg); // the upgrade request's empty last content
      return;
    }
    try {
      if (frame instanceof TextWebSocketFrame t) {
        handler.onText(this, t.text());
      } else if (frame instanceof BinaryWebSocketFrame b) {
        handler.onBinary(this, b.content());
      } else if (frame instanceof PingWebSocketFrame) {
        ctx.writeAndFlush(new PongWebSocketFrame(frame.content().retain()));
      } else if (frame instanceof CloseWebSocketFrame c) {
        int code = c.statusCode() < 0 ? WebSocketCloseStatus.NORMAL_CLOSURE.code() : c.statusCode();
        notifyClose(code, c.reasonText());
        if (!closeSent) {
          closeSent = true;
          ctx.writeAndFlush(new CloseWebSocketFrame(code, null)).addListener(ChannelFutureListener.CLOSE);
        } else {
          ctx.close();
        }
      }
    } catch (RuntimeException e) {
      LOG.error("{} {}: WebSocket handler failed", remoteAddress(), path, e);
      close(WebSocketCloseStatus.INTERNAL_SERVER_ERROR.code(), "internal error");
    } finally {
      frame.release();
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      ctx.writeAndFlush(new PingWebSocketFrame());
      return;
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (ctx.channel().isWritable() && !writableTasks.isEmpty()) {
      List<Runnable> tasks = new ArrayList<>(writableTasks);
      writableTasks.clear();
      tasks.forEach(Runnable::run);
    }
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    writableTasks.clear();
    notifyClose(WebSocketCloseStatus.ABNORMAL_CLOSURE.code(), "connection closed");
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // A protocol violation by the peer (bad frame, too large): the decoder already answered with a close.
    LOG.info("{} {}: WebSocket closed: {}", remoteAddress(), path, cause.toString());
    ctx.close();
  }

  private void notifyClose(int code, String reason) {
    if (closeNotified) {
      return;
    }
    closeNotified = true;
    try {
      handler.onClose(this, code, reason);
    } catch (RuntimeException e) {
      LOG.warn("{} {}: WebSocket onClose failed", remoteAddress(), path, e);
    }
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String subprotocol() {
    return subprotocol;
  }

  @Override
  public SocketAddress remoteAddress() {
    return ctx.channel().remoteAddress();
  }

  @Override
  public EventExecutor executor() {
    return ctx.executor();
  }

  @Override
  public ByteBufAllocator alloc() {
    return ctx.alloc();
  }

  @Override
  public ChannelFuture sendText(String text) {
    if (closeSent || !ctx.channel().isActive()) {
      return ctx.newSucceededFuture();
    }
    return ctx.writeAndFlush(new TextWebSocketFrame(text));
  }

  @Override
  public ChannelFuture sendBinary(ByteBuf data) {
    if (closeSent || !ctx.channel().isActive()) {
      data.release();
      return ctx.newSucceededFuture();
    }
    return ctx.writeAndFlush(new BinaryWebSocketFrame(data));
  }

  @Override
  public void close(int code, String reason) {
    if (closeSent) {
      return;
    }
    closeSent = true;
    notifyClose(code, reason);
    ctx.writeAndFlush(new CloseWebSocketFrame(code, reason)).addListener(ChannelFutureListener.CLOSE);
  }

  @Override
  public boolean isOpen() {
    return !closeSent && ctx.channel().isActive();
  }

  @Override
  public ChannelFuture newSucceededFuture() {
    return ctx.newSucceededFuture();
  }

  @Override
  public boolean writable() {
    return ctx.channel().isWritable();
  }

  @Override
  public void onWritable(Runnable task) {
    if (!isOpen()) {
      return;
    }
    if (ctx.channel().isWritable()) {
      task.run();
    } else {
      writableTasks.add(task);
    }
  }
}
