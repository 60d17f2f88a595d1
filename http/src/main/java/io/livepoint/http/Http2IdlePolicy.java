package io.livepoint.http;

import io.livepoint.core.Clock;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.timeout.IdleStateEvent;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The connection-level idle policy once a connection speaks HTTP/2: the connection's reader-idle event
 * closes it (with GOAWAY) only when no stream is active and none has been for the idle timeout. A long
 * streamed answer the client reads without sending a byte is no reason to close; a stream whose
 * request body stalls is cut off by its own timer in the stream's {@link Dispatcher}.
 *
 * <p>Added with the HTTP/2 handlers, it also removes the HTTP/1.1 handlers an h2c connection started
 * with, which must see neither HTTP/2 traffic nor the connection's idle events.
 */
final class Http2IdlePolicy extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(Http2IdlePolicy.class);

  private final Http2FrameCodec frames;
  private final Clock clock;
  private final long idleNanos;
  private long lastStreamEnd;

  Http2IdlePolicy(Http2FrameCodec frames, Clock clock, Duration idleTimeout) {
    this.frames = frames;
    this.clock = clock;
    this.idleNanos = idleTimeout.toNanos();
    this.lastStreamEnd = clock.nanoTime();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    frames.connection().addListener(new Http2ConnectionAdapter() {
      @Override
      public void onStreamClosed(Http2Stream stream) {
        lastStreamEnd = clock.nanoTime();
      }
    });
    ChannelPipeline p = ctx.pipeline();
    for (String name : new String[] {HttpServer.HTTP1_FLOW, HttpServer.HTTP1_DISPATCHER}) {
      if (p.get(name) != null) {
        p.remove(name);
      }
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt instanceof IdleStateEvent) {
      if (frames.connection().numActiveStreams() == 0 && clock.nanoTime() - lastStreamEnd >= idleNanos) {
        LOG.debug("{} idle HTTP/2 connection closed", ctx.channel().remoteAddress());
        ctx.close();
      }
      return;
    }
    super.userEventTriggered(ctx, evt);
  }
}
