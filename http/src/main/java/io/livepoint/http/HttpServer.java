package io.livepoint.http;

import io.livepoint.core.Clock;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerAdapter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerUpgradeHandler;
import io.netty.handler.codec.http2.CleartextHttp2ServerUpgradeHandler;
import io.netty.handler.codec.http2.Http2CodecUtil;
import io.netty.handler.codec.http2.Http2FrameCodec;
import io.netty.handler.codec.http2.Http2FrameCodecBuilder;
import io.netty.handler.codec.http2.Http2MultiplexHandler;
import io.netty.handler.codec.http2.Http2ServerUpgradeCodec;
import io.netty.handler.codec.http2.Http2Settings;
import io.netty.handler.codec.http2.Http2StreamChannel;
import io.netty.handler.codec.http2.Http2StreamFrameToHttpObjectCodec;
import io.netty.handler.flow.FlowControlHandler;
import io.netty.handler.ssl.ApplicationProtocolConfig;
import io.netty.handler.ssl.ApplicationProtocolNames;
import io.netty.handler.ssl.ApplicationProtocolNegotiationHandler;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SupportedCipherSuiteFilter;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Netty HTTP server every adapter shares: HTTP/1.1 and h2c (prior knowledge and Upgrade) on the
 * cleartext port, h2 and HTTP/1.1 by ALPN on the TLS port. Each HTTP/2 stream becomes a child channel
 * that speaks HTTP objects, so one {@link Dispatcher} serves both versions.
 */
public final class HttpServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(HttpServer.class);
  private static final int MAX_INITIAL_LINE = 8192;
  private static final int MAX_HEADER_SIZE = 16384;
  private static final int MAX_CHUNK_SIZE = 1 << 20;
  private static final int H2_WINDOW = 1 << 20;
  static final String HTTP1_FLOW = "http1-flow";
  static final String HTTP1_DISPATCHER = "http1-dispatcher";

  private final HttpServerConfig config;
  private final Router router;
  private final Clock clock;
  private final EventLoopGroup boss;
  private final EventLoopGroup workers;
  private Channel httpChannel;
  private Channel httpsChannel;

  public HttpServer(HttpServerConfig config, Router router, Clock clock) {
    this.config = config;
    this.router = router;
    this.clock = clock;
    this.boss = config.transport().group(1, new DefaultThreadFactory("http-accept"));
    this.workers = config.transport().group(0, new DefaultThreadFactory("http"));
  }

  /** Binds the configured ports. */
  public HttpServer start() throws Exception {
    try {
      if (config.httpPort() >= 0) {
        httpChannel = bind(config.httpPort(), null);
        LOG.info("HTTP (HTTP/1.1, h2c) listening on {} ({})", httpChannel.localAddress(), config.transport().configName());
      }
      if (config.httpsPort() >= 0) {
        httpsChannel = bind(config.httpsPort(), sslContext());
        LOG.info("HTTPS (h2, HTTP/1.1 via ALPN) listening on {}", httpsChannel.localAddress());
      }
    } catch (Exception e) {
      close();
      throw e;
    }
    return this;
  }

  /** The bound cleartext port (useful with port 0). */
  public int httpPort() {
    return ((InetSocketAddress) httpChannel.localAddress()).getPort();
  }

  /** The bound TLS port. */
  public int httpsPort() {
    return ((InetSocketAddress) httpsChannel.localAddress()).getPort();
  }

  private Channel bind(int port, SslContext ssl) throws InterruptedException {
    ServerBootstrap b = new ServerBootstrap()
        .group(boss, workers)
        .channel(config.transport().serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ChannelPipeline p = ch.pipeline();
            p.addLast("idle", new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
            if (ssl == null) {
              configureCleartext(p);
            } else {
              p.addLast(ssl.newHandler(ch.alloc()));
              p.addLast(new Alpn());
            }
          }
        });
    return b.bind(new InetSocketAddress(config.host(), port)).sync().channel();
  }

  /**
   * HTTP/1.1 with a switch to h2c by Upgrade or by prior knowledge (the connection preface). Either
   * switch puts the HTTP/2 handlers in place of the HTTP/1.1 codec, and {@link Http2IdlePolicy}
   * removes the HTTP/1.1 dispatcher, which must not see HTTP/2 traffic or idle events.
   */
  private void configureCleartext(ChannelPipeline p) {
    HttpServerCodec codec = newCodec();
    HttpServerUpgradeHandler.UpgradeCodecFactory factory = protocol -> {
      if (!AsciiString.contentEquals(Http2CodecUtil.HTTP_UPGRADE_PROTOCOL_NAME, protocol)) {
        return null;
      }
      Http2FrameCodec frames = newFrameCodec();
      return new Http2ServerUpgradeCodec(frames, newMultiplexer(false),
          new Http2IdlePolicy(frames, clock, config.idleTimeout()), new Http2PushConnection(frames, router, false, config),
          ConnectionErrors.INSTANCE);
    };
    var upgrade = new HttpServerUpgradeHandler(codec, factory);
    p.addLast(new CleartextHttp2ServerUpgradeHandler(codec, upgrade, new PriorKnowledgeSwitch()));
    addHttp1(p, false);
  }

  /** The HTTP/1.1 tail of a pipeline, after the codec. */
  private void addHttp1(ChannelPipeline p, boolean secure) {
    // Holds requests already decoded while the dispatcher has stopped reading (pipelining).
    p.addLast(HTTP1_FLOW, new FlowControlHandler());
    p.addLast(HTTP1_DISPATCHER, new Dispatcher(router, false, secure, config));
  }

  /** The HTTP/2 handlers, right after {@code ctx}'s handler. */
  private void addHttp2After(ChannelHandlerContext ctx, boolean secure) {
    Http2FrameCodec frames = newFrameCodec();
    ctx.pipeline().addAfter(ctx.name(), "h2-frames", frames)
        .addAfter("h2-frames", "h2-multiplex", newMultiplexer(secure)) // needs the frame codec before it
        .addAfter("h2-multiplex", "h2-idle", new Http2IdlePolicy(frames, clock, config.idleTimeout()))
        .addAfter("h2-idle", "h2-push", new Http2PushConnection(frames, router, secure, config))
        .addAfter("h2-push", "h2-errors", ConnectionErrors.INSTANCE);
  }

  /**
   * Installed by {@link CleartextHttp2ServerUpgradeHandler} when a connection starts with the HTTP/2
   * preface: puts the HTTP/2 handlers where it stands, so the preface bytes reach them.
   */
  private final class PriorKnowledgeSwitch extends ChannelHandlerAdapter {
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
      addHttp2After(ctx, false);
      ctx.pipeline().remove(this);
    }
  }

  private HttpServerCodec newCodec() {
    return new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, MAX_CHUNK_SIZE);
  }

  private static Http2FrameCodec newFrameCodec() {
    return Http2FrameCodecBuilder.forServer()
        .initialSettings(Http2Settings.defaultSettings().initialWindowSize(H2_WINDOW).maxConcurrentStreams(1000))
        .build();
  }

  private Http2MultiplexHandler newMultiplexer(boolean secure) {
    return new Http2MultiplexHandler(new ChannelInitializer<Http2StreamChannel>() {
      @Override
      protected void initChannel(Http2StreamChannel ch) {
        ch.pipeline().addLast(new Http2StreamFrameToHttpObjectCodec(true));
        ch.pipeline().addLast(new Dispatcher(router, true, secure, config));
      }
    });
  }

  private SslContext sslContext() throws Exception {
    SslContextBuilder b;
    if (config.certificate() != null) {
      b = SslContextBuilder.forServer(config.certificate().toFile(), config.privateKey().toFile());
    } else {
      SelfSignedCertificate self = SelfSignedCertificate.generate(clock.now());
      LOG.info("no TLS certificate configured: using a generated self-signed certificate for localhost");
      b = SslContextBuilder.forServer(self.key(), self.certificate());
    }
    TlsClientAuth clientAuth = config.clientAuth();
    if (clientAuth.mode() != TlsClientAuth.Mode.NONE) {
      b.trustManager(clientAuth.caBundle().toFile())
          .clientAuth(clientAuth.mode() == TlsClientAuth.Mode.REQUIRE ? ClientAuth.REQUIRE : ClientAuth.OPTIONAL);
    }
    return b.sslProvider(SslProvider.JDK)
        .protocols(TlsProfile.PROTOCOLS)
        .ciphers(TlsProfile.CIPHERS, SupportedCipherSuiteFilter.INSTANCE)
        .applicationProtocolConfig(new ApplicationProtocolConfig(
            ApplicationProtocolConfig.Protocol.ALPN,
            ApplicationProtocolConfig.SelectorFailureBehavior.NO_ADVERTISE,
            ApplicationProtocolConfig.SelectedListenerFailureBehavior.ACCEPT,
            ApplicationProtocolNames.HTTP_2, ApplicationProtocolNames.HTTP_1_1))
        .build();
  }

  /** Picks h2 or HTTP/1.1 after the TLS handshake. */
  private final class Alpn extends ApplicationProtocolNegotiationHandler {
    Alpn() {
      super(ApplicationProtocolNames.HTTP_1_1);
    }

    @Override
    protected void configurePipeline(ChannelHandlerContext ctx, String protocol) {
      ChannelPipeline p = ctx.pipeline();
      if (ApplicationProtocolNames.HTTP_2.equals(protocol)) {
        addHttp2After(ctx, true);
      } else {
        p.addLast(newCodec());
        addHttp1(p, true);
      }
    }
  }

  @Override
  public void close() {
    if (httpChannel != null) {
      httpChannel.close().syncUninterruptibly();
    }
    if (httpsChannel != null) {
      httpsChannel.close().syncUninterruptibly();
    }
    boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
