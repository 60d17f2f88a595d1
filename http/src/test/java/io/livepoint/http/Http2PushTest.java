package io.livepoint.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Clock;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.DefaultHttp2ResetFrame;
import io.netty.handler.codec.http2.DefaultHttp2SettingsFrame;
import io.netty.handler.codec.http2.Http2ChannelDuplexHandler;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2Error;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2FrameStream;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2PushPromiseFrame;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * HTTP/2 server push through {@link ServerPush}: promised responses served through the router, a client's
 * RST_STREAM on a promised stream, and SETTINGS_ENABLE_PUSH=0 mid-connection cancelling every push.
 */
class Http2PushTest {
  static HttpServer server;
  static final BlockingQueue<PushedResponse> PROMISED = new LinkedBlockingQueue<>();
  static final BlockingQueue<String> SEEN = new LinkedBlockingQueue<>();

  /** /page?push=a,b promises /item/a and /item/b and serves them at once, then answers "page". */
  static final class Page implements RequestHandler {
    @Override
    public void onRequest(Exchange ex) {
      ServerPush push = ex.serverPush();
      SEEN.add(ex.protocol() + " push=" + (push == null ? "null" : push.canPromise()));
      if (push != null && push.canPromise() && ex.query("push") != null) {
        for (String item : ex.query("push").split(",")) {
          PushedResponse p = push.promise("/item/" + item);
          PROMISED.add(p);
          p.serve();
        }
      }
      ex.respond(HttpResponseStatus.OK, "text/plain", "page");
    }
  }

  /** /item/NAME answers "item NAME"; /item/slow streams 20 pieces 100 ms apart. */
  static final class Item implements RequestHandler {
    @Override
    public void onRequest(Exchange ex) {
      if (!ex.subPath().equals("slow")) {
        ex.respond(HttpResponseStatus.OK, "text/plain", "item " + ex.subPath());
        return;
      }
      ex.startResponse(HttpResponseStatus.OK, new DefaultHttpHeaders().set("content-type", "text/plain"));
      for (int i = 0; i < 20; i++) {
        int n = i;
        ex.executor().schedule(() -> {
          ex.write(Unpooled.copiedBuffer("piece" + n + ";", StandardCharsets.US_ASCII));
          if (n == 19) {
            ex.finish();
          }
        }, 100L * (i + 1), TimeUnit.MILLISECONDS);
      }
    }
  }

  @BeforeAll
  static void start() throws Exception {
    Router r = new Router().add("/page", Page::new).add("/item/", Item::new);
    server = new HttpServer(new HttpServerConfig("127.0.0.1", 0, -1, null, null, Duration.ofSeconds(5)), r,
        Clock.SYSTEM).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void promisedResponsesAreServedThroughTheRouter() throws Exception {
    PROMISED.clear();
    try (Client c = new Client(server.httpPort())) {
      c.get("/page?push=a,b");
      assertEquals("page", c.body(3, 5));
      Map<Integer, String> promised = c.awaitPromises(2);
      assertEquals(Map.of(2, "/item/a", 4, "/item/b"), promised);
      assertEquals("item a", c.body(2, 5));
      assertEquals("item b", c.body(4, 5));
      assertTrue(PROMISED.take().closed().get(5, TimeUnit.SECONDS), "a whole pushed response reports complete");
    }
  }

  @Test
  void clientResetOfAPromisedStreamIsReported() throws Exception {
    PROMISED.clear();
    try (Client c = new Client(server.httpPort())) {
      c.get("/page?push=slow");
      c.awaitPromises(1);
      c.awaitData(2);
      c.channel.writeAndFlush(new DefaultHttp2ResetFrame(Http2Error.CANCEL).stream(c.stream(2))).sync();
      assertFalse(PROMISED.take().closed().get(5, TimeUnit.SECONDS), "a reset push reports incomplete");
    }
  }

  @Test
  void disablingPushMidConnectionCancelsEveryPush() throws Exception {
    PROMISED.clear();
    try (Client c = new Client(server.httpPort())) {
      c.get("/page?push=slow");
      c.awaitPromises(1);
      c.awaitData(2);
      c.channel.writeAndFlush(new DefaultHttp2SettingsFrame(new Http2Settings().pushEnabled(false))).sync();
      assertEquals(Http2Error.CANCEL.code(), c.resets.poll(2, TimeUnit.SECONDS), "pushed stream not reset at once");
      assertFalse(PROMISED.take().closed().get(5, TimeUnit.SECONDS));
      assertFalse(c.ended.containsKey(2), "the pushed response must not look whole");
      // A new request on the same connection gets no push now.
      SEEN.clear();
      c.get("/page?push=a");
      assertEquals("page", c.body(5, 5));
      assertEquals("HTTP/2 push=false", SEEN.take());
    }
  }

  @Test
  void http11ExchangesHaveNoServerPush() throws Exception {
    SEEN.clear();
    HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/page?push=a")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals("page", r.body());
    assertEquals("HTTP/1.1 push=null", SEEN.take());
  }

  /** A prior-knowledge h2c client on the frame codec alone, so it sees PUSH_PROMISE and pushed frames. */
  static final class Client extends Http2ChannelDuplexHandler implements AutoCloseable {
    private final EventLoopGroup group = new NioEventLoopGroup(1);
    private final int port;
    final Channel channel;
    final Map<Integer, String> promises = new ConcurrentHashMap<>();
    final Map<Integer, ByteArrayOutputStream> bodies = new ConcurrentHashMap<>();
    final Map<Integer, Boolean> ended = new ConcurrentHashMap<>();
    final Map<Integer, Http2FrameStream> streams = new ConcurrentHashMap<>();
    final BlockingQueue<Long> resets = new LinkedBlockingQueue<>();

    Client(int port) throws Exception {
      this.port = port;
      Client self = this;
      channel = new Bootstrap().group(group).channel(NioSocketChannel.class).handler(new ChannelInitializer<SocketChannel>() {
        @Override
        protected void initChannel(SocketChannel ch) {
          ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(), self);
        }
      }).connect("127.0.0.1", port).sync().channel();
    }

    void get(String path) throws Exception {
      Http2FrameStream s = newStream();
      channel.writeAndFlush(new DefaultHttp2HeadersFrame(new DefaultHttp2Headers().method("GET").path(path)
          .scheme("http").authority("127.0.0.1:" + port), true).stream(s)).sync();
    }

    Http2FrameStream stream(int id) {
      return streams.get(id);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof Http2PushPromiseFrame p) {
          promises.put(p.promisedStreamId(), p.http2Headers().path().toString());
        } else if (msg instanceof Http2HeadersFrame h) {
          streams.put(h.stream().id(), h.stream());
          bodies.computeIfAbsent(h.stream().id(), k -> new ByteArrayOutputStream());
          if (h.isEndStream()) {
            ended.put(h.stream().id(), true);
          }
        } else if (msg instanceof Http2DataFrame d) {
          bodies.computeIfAbsent(d.stream().id(), k -> new ByteArrayOutputStream()).writeBytes(ByteBufUtil.getBytes(d.content()));
          ctx.write(new io.netty.handler.codec.http2.DefaultHttp2WindowUpdateFrame(d.initialFlowControlledBytes())
              .stream(d.stream()));
          ctx.flush();
          if (d.isEndStream()) {
            ended.put(d.stream().id(), true);
          }
        } else if (msg instanceof Http2ResetFrame r) {
          resets.add(r.errorCode());
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    Map<Integer, String> awaitPromises(int n) throws InterruptedException {
      await(() -> promises.size() >= n, "promises");
      return Map.copyOf(promises);
    }

    void awaitData(int stream) throws InterruptedException {
      await(() -> bodies.containsKey(stream) && bodies.get(stream).size() > 0, "data on stream " + stream);
    }

    String body(int stream, int seconds) throws InterruptedException {
      await(() -> ended.containsKey(stream), "end of stream " + stream);
      return bodies.get(stream).toString(StandardCharsets.UTF_8);
    }

    private static void await(java.util.function.BooleanSupplier c, String what) throws InterruptedException {
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!c.getAsBoolean()) {
        if (System.nanoTime() > end) {
          throw new AssertionError("timed out waiting for " + what);
        }
        Thread.sleep(10);
      }
    }

    @Override
    public void close() {
      channel.close().syncUninterruptibly();
      group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }
  }
}
