package io.livepoint.http;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.codec.http2.DefaultHttp2DataFrame;
import io.netty.handler.codec.http2.DefaultHttp2Headers;
import io.netty.handler.codec.http2.DefaultHttp2HeadersFrame;
import io.netty.handler.codec.http2.Http2DataFrame;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2Headers;
import io.netty.handler.codec.http2.Http2HeadersFrame;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ResetFrame;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamChannelBootstrap;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An h2c client with prior knowledge (the connection starts with the HTTP/2 preface) built from
 * Netty's own HTTP/2 client codec, so tests can send frames one at a time and see resets.
 */
final class H2cClient implements AutoCloseable {
  private final EventLoopGroup group = new NioEventLoopGroup(1);
  private final int port;
  final Channel connection;

  H2cClient(int port) throws Exception {
    this.port = port;
    Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(Http2FrameCodecBuilder.forClient().build(),
                new Http2MultiplexHandler(new ChannelInboundHandlerAdapter()));
          }
        });
    connection = b.connect("127.0.0.1", port).sync().channel();
  }

  Http2Headers request(String method, String path) {
    return new DefaultHttp2Headers().method(method).path(path).scheme("http").authority("127.0.0.1:" + port);
  }

  /** Opens a stream and sends its headers. */
  Stream open(Http2Headers headers, boolean endStream) throws Exception {
    Stream s = new Stream();
    Http2StreamChannel ch = new Http2StreamChannelBootstrap(connection).handler(s).open().sync().getNow();
    s.channel = ch;
    ch.writeAndFlush(new DefaultHttp2HeadersFrame(headers, endStream)).sync();
    return s;
  }

  @Override
  public void close() {
    connection.close().syncUninterruptibly();
    group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  /** What one stream received. */
  static final class Stream extends ChannelInboundHandlerAdapter {
    Http2StreamChannel channel;
    final CompletableFuture<Http2Headers> headers = new CompletableFuture<>();
    final CompletableFuture<String> ended = new CompletableFuture<>();
    final CompletableFuture<Long> reset = new CompletableFuture<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    void send(ByteBuf data, boolean endStream) throws Exception {
      channel.writeAndFlush(new DefaultHttp2DataFrame(data, endStream)).sync();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof Http2HeadersFrame h) {
          if (!h.headers().status().toString().startsWith("1")) {
            headers.complete(h.headers());
          }
          if (h.isEndStream()) {
            ended.complete(body.toString(StandardCharsets.UTF_8));
          }
        } else if (msg instanceof Http2DataFrame d) {
          body.writeBytes(ByteBufUtil.getBytes(d.content()));
          if (d.isEndStream()) {
            ended.complete(body.toString(StandardCharsets.UTF_8));
          }
        }
      } finally {
        ReferenceCountUtil.release(msg);
      }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
      if (evt instanceof Http2ResetFrame r) {
        reset.complete(r.errorCode());
      }
      ReferenceCountUtil.release(evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
      ended.completeExceptionally(new IllegalStateException("stream closed before its end"));
      headers.completeExceptionally(new IllegalStateException("stream closed without a response"));
    }
  }
}
