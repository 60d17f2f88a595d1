package io.livepoint.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.Http2ConnectionAdapter;
import io.netty.handler.codec.http2.DefaultHttp2PushPromiseFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2SettingsFrame;
import io.netty.handler.codec.http2.Http2Stream;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.handler.codec.http2.Http2StreamFrame;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.Future;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.HashMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server push on one HTTP/2 connection: a handler in the connection's pipeline (after the multiplexer)
 * that keeps the pushed streams, watches the client's SETTINGS_ENABLE_PUSH (0 cancels every open push at
 * once) and hands {@link ServerPush} views to the exchanges of the connection.
 *
 * <p>A promised stream is an outbound child channel of the multiplexer whose frame stream gets its id
 * from the PUSH_PROMISE written on the request's stream. Serving it fires a synthetic GET into a
 * {@link Dispatcher} on that channel, so the router's handler answers it like any request.
 */
final class Http2PushConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(Http2PushConnection.class);
  static final AttributeKey<Http2PushConnection> KEY = AttributeKey.valueOf("livepoint.http2.push");

  private final Http2FrameCodec frames;
  private final Router router;
  private final boolean secure;
  private final HttpServerConfig config;
  private final Set<Pushed> open = new LinkedHashSet<>();
  private final Map<Integer, Pushed> byStream = new HashMap<>();
  private final ArrayDeque<Pushed> waitingToOpen = new ArrayDeque<>();
  private final List<ByteWaiter> byteWaiters = new ArrayList<>();
  private Channel parent;
  private int served;
  private long bytesInFlight;

  private record ByteWaiter(long limit, Runnable task) {}

  Http2PushConnection(Http2FrameCodec frames, Router router, boolean secure, HttpServerConfig config) {
    this.frames = frames;
    this.router = router;
    this.secure = secure;
    this.config = config;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    parent = ctx.channel();
    parent.attr(KEY).set(this);
    // The multiplexer closes a child channel only once it reads again, which a reserved pushed stream
    // may never do: a client's RST_STREAM would leave it open, and serving it later would write on a
    // stream HTTP/2 no longer knows (a connection error). Close it the moment the stream closes.
    frames.connection().addListener(new Http2ConnectionAdapter() {
      @Override
      public void onStreamClosed(Http2Stream stream) {
        Pushed p = byStream.remove(stream.id());
        if (p != null && p.channel.isOpen()) {
          p.channel.close();
        }
      }
    });
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Http2SettingsFrame s && Boolean.FALSE.equals(s.settings().pushEnabled()) && !open.isEmpty()) {
      LOG.info("{} client disabled push (SETTINGS_ENABLE_PUSH=0): cancelling {} pushed stream(s)",
          ctx.channel().remoteAddress(), open.size());
      for (Pushed p : new ArrayList<>(open)) {
        p.cancel();
      }
    }
    ctx.fireChannelRead(msg);
  }

  /** The push view of the exchange on request stream {@code ctx.channel()}. */
  static ServerPush of(ChannelHandlerContext ctx, NettyExchange exchange) {
    Channel parent = ctx.channel().parent();
    Http2PushConnection c = parent == null ? null : parent.attr(KEY).get();
    return c == null || !(ctx.channel() instanceof Http2StreamChannel s) ? null : c.new View(ctx, s, exchange);
  }

  boolean pushAllowed() {
    return parent.isActive() && frames.connection().remote().allowPushTo() && !frames.connection().goAwayReceived()
        && !frames.connection().goAwaySent();
  }

  /** {@link ServerPush} for one exchange. */
  private final class View implements ServerPush {
    private final ChannelHandlerContext ctx;
    private final Http2StreamChannel request;
    private final NettyExchange exchange;

    View(ChannelHandlerContext ctx, Http2StreamChannel request, NettyExchange exchange) {
      this.ctx = ctx;
      this.request = request;
      this.exchange = exchange;
    }

    @Override
    public boolean canPromise() {
      // Only a client-initiated (odd) stream can carry a PUSH_PROMISE: never a pushed response itself.
      if (!pushAllowed() || exchange.responseFinished() || exchange.done() || request.stream().id() % 2 == 0) {
        return false;
      }
      Http2Stream s = frames.connection().stream(request.stream().id());
      return s != null && s.state().localSideOpen();
    }

    @Override
    public PushedResponse promise(String path) {
      if (!canPromise()) {
        return null;
      }
      String authority = exchange.headers().get(HttpHeaderNames.HOST);
      Pushed p = new Pushed(path, authority);
      Future<Http2StreamChannel> opened = new Http2StreamChannelBootstrap(parent).handler(p.initializer()).open();
      if (!opened.isSuccess()) {
        LOG.warn("{} {}: could not open a stream to push {}: {}", exchange.remoteAddress(), exchange.path(), path,
            opened.cause() == null ? "not opened at once" : opened.cause().toString());
        return null;
      }
      p.channel = opened.getNow();
      Http2Headers h = new DefaultHttp2Headers().method(HttpMethod.GET.asciiName()).path(path)
          .scheme(secure ? "https" : "http");
      if (authority != null) {
        h.authority(authority);
      }
      DefaultHttp2PushPromiseFrame frame = new DefaultHttp2PushPromiseFrame(h);
      frame.pushStream(p.channel.stream());
      ctx.writeAndFlush(frame).addListener(f -> {
        if (!f.isSuccess()) {
          LOG.warn("{}: PUSH_PROMISE for {} failed: {}", exchange.path(), path, f.cause().toString());
          p.channel.close();
        }
      });
      // Netty marks the request stream, not the promised one, as having sent a PUSH_PROMISE; unmarked, a
      // reset of the still-reserved promised stream would close it silently without RST_STREAM on the wire.
      Http2Stream promised = frames.connection().stream(p.channel.stream().id());
      if (promised == null) {
        p.channel.close();
        return null; // the PUSH_PROMISE failed at once (reported above)
      }
      promised.pushPromiseSent();
      byStream.put(promised.id(), p);
      open.add(p);
      p.channel.closeFuture().addListener(f -> p.closedNow());
      return p;
    }

    @Override
    public void cancelAll() {
      for (Pushed p : new ArrayList<>(open)) {
        p.cancel();
      }
    }

    @Override
    public int openPushes() {
      return open.size();
    }

    @Override
    public long bytesInFlight() {
      return bytesInFlight;
    }

    @Override
    public void whenBytesInFlightBelow(long limit, Runnable task) {
      if (bytesInFlight < limit) {
        task.run();
      } else {
        byteWaiters.add(new ByteWaiter(limit, task));
      }
    }
  }

  private void bytesWritten(long n) {
    bytesInFlight -= n;
    for (Iterator<ByteWaiter> it = byteWaiters.iterator(); it.hasNext();) {
      ByteWaiter w = it.next();
      if (bytesInFlight < w.limit()) {
        it.remove();
        w.task().run();
      }
    }
  }

  /** Serves waiting pushes while the client's stream limit lets them open. */
  private void drain() {
    while (!waitingToOpen.isEmpty() && served < frames.connection().local().maxActiveStreams()) {
      waitingToOpen.poll().serve();
    }
  }

  /** One promised response. */
  private final class Pushed extends ChannelDuplexHandler implements PushedResponse {
    private final String path;
    private final String authority;
    private final CompletableFuture<Boolean> closed = new CompletableFuture<>();
    Http2StreamChannel channel;
    private boolean serving;
    private boolean complete;
    private boolean reset;

    Pushed(String path, String authority) {
      this.path = path;
      this.authority = authority;
    }

    ChannelInitializer<Http2StreamChannel> initializer() {
      return new ChannelInitializer<>() {
        @Override
        protected void initChannel(Http2StreamChannel ch) {
          ch.pipeline().addLast(Pushed.this);
          ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
          ch.pipeline().addLast(new Dispatcher(router, true, secure, config));
        }
      };
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public int streamId() {
      return channel.stream().id();
    }

    @Override
    public void serve() {
      if (serving || closed.isDone() || !channel.isActive()) {
        return;
      }
      Http2Stream stream = frames.connection().stream(channel.stream().id());
      if (stream == null || stream.state() != Http2Stream.State.RESERVED_LOCAL) {
        channel.close(); // reset meanwhile: nothing to serve
        return;
      }
      if (served >= frames.connection().local().maxActiveStreams()) {
        if (!waitingToOpen.contains(this)) {
          waitingToOpen.add(this);
        }
        return;
      }
      serving = true;
      served++;
      DefaultHttpHeaders h = new DefaultHttpHeaders();
      if (authority != null) {
        h.set(HttpHeaderNames.HOST, authority);
      }
      channel.pipeline().fireChannelRead(new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path,
          Unpooled.EMPTY_BUFFER, h, new DefaultHttpHeaders()));
    }

    @Override
    public void cancel() {
      if (!closed.isDone()) {
        channel.close(); // RST_STREAM(CANCEL) on the promised stream
      }
    }

    @Override
    public CompletableFuture<Boolean> closed() {
      return closed;
    }

    void closedNow() {
      open.remove(this);
      byStream.remove(channel.stream().id());
      waitingToOpen.remove(this);
      if (serving) {
        served--;
      }
      if (reset) {
        LOG.debug("pushed stream {} ({}) reset by the client", channel.stream().id(), path);
      }
      closed.complete(complete && !reset);
      drain();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      if (msg instanceof Http2ResetFrame) {
        reset = true;
      }
      ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
      long bytes = msg instanceof Http2DataFrame d ? d.content().readableBytes() + d.padding() : 0;
      boolean end = msg instanceof Http2StreamFrame && (msg instanceof Http2DataFrame d2 ? d2.isEndStream()
          : msg instanceof Http2HeadersFrame hf && hf.isEndStream());
      if (bytes == 0 && !end) {
        ctx.write(msg, promise);
        return;
      }
      bytesInFlight += bytes;
      if (end) {
        complete = true; // the stream may close before this write's listeners run; a failure undoes it
      }
      ctx.write(msg, promise.unvoid()).addListener(f -> {
        bytesWritten(bytes);
        if (end && !f.isSuccess()) {
          complete = false;
        }
      });
    }
  }
}
