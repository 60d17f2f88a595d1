package io.livepoint.rtsp;

import io.livepoint.core.Clock;
import io.livepoint.core.StreamRegistry;
import io.livepoint.http.auth.AuthPolicy;
import io.livepoint.rtsp.backchannel.BackChannel;
import io.livepoint.rtsp.record.Publishers;
import io.livepoint.http.auth.Authenticator;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RTSP server: its own TCP listener (framed by {@link RtspFramer}; RTSP over HTTP accepted there too,
 * see {@link TunnelSniffer}), a UDP port pair for RTP and RTCP shared by all UDP sessions, the session
 * reaper, and the in-process listener behind the HTTP port's tunnel ({@link HttpTunnel}).
 */
public final class RtspServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RtspServer.class);
  private final StreamRegistry registry;
  private final RtspConfig config;
  private final Clock clock;
  private final SessionTable sessions = new SessionTable();
  private EventLoopGroup group;
  private Channel listener;
  private Channel rtpSocket;
  private Channel rtcpSocket;
  private Channel tunnelListener;
  private HttpTunnel tunnel;
  private RtspWebSocket webSocket;
  private static final Duration MIN_TUNNEL_TIMEOUT = Duration.ofSeconds(2);
  /** The configuration of tunnelled connections (see {@link #httpTunnel}). */
  private volatile RtspConfig tunnelConfig;
  /** RTSP over HTTP on the RTSP port: the GET halves by x-sessioncookie. */
  private final ConcurrentHashMap<String, Channel> portTunnels = new ConcurrentHashMap<>();
  /** Checks the credentials of every request but OPTIONS; null when RTSP is open. */
  private Authenticator auth;
  /** The ONVIF audio back channel's sink; null when not offered. */
  private BackChannel backChannel;
  /** Who publishes which stream by ANNOUNCE/RECORD, over every connection and tunnel. */
  private final Publishers publishers;

  public RtspServer(StreamRegistry registry, RtspConfig config, Clock clock) {
    this.registry = registry;
    this.config = config;
    this.clock = clock;
    this.tunnelConfig = config;
    this.publishers = new Publishers(registry, clock);
  }

  /**
   * Requires credentials of {@code policy} for every request but OPTIONS, on the RTSP port and in the
   * tunnels (authenticated at the RTSP level, never the HTTP one: ONVIF Core 5.12.1). Call before
   * {@link #start}. Digest also accepts RFC 2069-style answers (no qop), which RTSP clients still send.
   */
  public RtspServer authentication(AuthPolicy policy) {
    this.auth = policy.open() ? null : new Authenticator(policy, clock, Authenticator.DEFAULT_NONCE_LIFETIME, true);
    return this;
  }

  /** The authentication handler of a new connection, or none when RTSP is open. */
  private ChannelHandler[] gate() {
    return auth == null ? new ChannelHandler[0] : new ChannelHandler[] {new RtspAuthGate(auth)};
  }

  /** Offers the ONVIF audio back channel, received audio going to {@code sink} (closed with the server). */
  public RtspServer backChannel(BackChannel sink) {
    this.backChannel = sink;
    return this;
  }

  public RtspServer start() throws InterruptedException {
    group = new NioEventLoopGroup(Math.max(2, Runtime.getRuntime().availableProcessors()));
    bindUdpPair();
    int high = config.maxQueuedBytes();
    listener = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(high / 2, high))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new TunnelSniffer(portTunnels), new RtspFramer()).addLast(gate())
                .addLast(new RtspHandler(registry, sessions, config, clock, rtpSocket, rtcpSocket).backChannel(backChannel).publishers(publishers));
          }
        })
        .bind(new InetSocketAddress(config.host(), config.port())).sync().channel();
    // The in-process listener behind the HTTP tunnel: the same RTSP connection, interleaved transport only.
    LocalAddress local = new LocalAddress("rtsp-tunnel-" + System.identityHashCode(this));
    tunnelListener = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
        .childHandler(new ChannelInitializer<LocalChannel>() {
          @Override
          protected void initChannel(LocalChannel ch) {
            // the gate before the mount: Digest binds the URI the client sent
            ch.pipeline().addLast(new RtspFramer()).addLast(gate()).addLast(new TunnelMount(HttpTunnel.ROUTE),
                new RtspHandler(registry, sessions, tunnelConfig, clock, null, null).backChannel(backChannel).publishers(publishers));
          }
        })
        .bind(local).sync().channel();
    webSocket = new RtspWebSocket(group, local, config.maxQueuedBytes());
    tunnel = new HttpTunnel(group, local, config.maxQueuedBytes()).webSocket(webSocket);
    long period = Math.max(100, Math.min(1000, config.sessionTimeout().toMillis() / 4));
    group.next().scheduleAtFixedRate(sessions::reap, period, period, TimeUnit.MILLISECONDS);
    LOG.info("RTSP listening on {} (RTP/RTCP over UDP on {}-{})", listener.localAddress(), udpPort(rtpSocket),
        udpPort(rtcpSocket));
    return this;
  }

  /** Binds an even RTP port and the next odd one for RTCP (RFC 3550 11), retrying on a taken pair. */
  private void bindUdpPair() throws InterruptedException {
    Bootstrap udp = new Bootstrap().group(group).channel(NioDatagramChannel.class)
        .handler(new RtcpReceiver(sessions));
    for (int attempt = 0; attempt < 20; attempt++) {
      Channel a = udp.bind(new InetSocketAddress(config.host(), 0)).sync().channel();
      int port = udpPort(a);
      if (port % 2 != 0 || port == 65534) {
        a.close().sync();
        continue;
      }
      var b = udp.bind(new InetSocketAddress(config.host(), port + 1)).await();
      if (b.isSuccess()) {
        rtpSocket = a;
        rtcpSocket = b.channel();
        return;
      }
      a.close().sync();
    }
    LOG.warn("RTSP: no free UDP port pair found; only RTP over TCP is offered");
  }

  /** Datagrams from clients on the server's pair: their receiver reports keep UDP sessions alive. */
  @ChannelHandler.Sharable
  private static final class RtcpReceiver extends SimpleChannelInboundHandler<DatagramPacket> {
    private final SessionTable sessions;

    RtcpReceiver(SessionTable sessions) {
      this.sessions = sessions;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
      sessions.refreshByRtcpSource(p.sender());
    }
  }

  private static int udpPort(Channel c) {
    return c == null ? -1 : ((InetSocketAddress) c.localAddress()).getPort();
  }

  /** The RTSP TCP port bound. */
  public int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /**
   * RTSP over HTTP: the handler factory to route at {@link HttpTunnel#ROUTE} on the HTTP server, whose
   * idle timeout cuts off a POST body that stalls. Sessions made through that tunnel announce a timeout
   * no longer than it, so that clients (which send keep-alives at half the session timeout) keep the
   * POST flowing.
   */
  public HttpTunnel httpTunnel(Duration httpIdleTimeout) {
    if (httpIdleTimeout.compareTo(tunnelConfig.sessionTimeout()) < 0) {
      Duration t = httpIdleTimeout.compareTo(MIN_TUNNEL_TIMEOUT) < 0 ? MIN_TUNNEL_TIMEOUT : httpIdleTimeout;
      tunnelConfig = new RtspConfig(config.host(), config.port(), t, config.maxQueuedBytes());
    }
    return tunnel;
  }

  /**
   * RTSP over WebSocket: the handler factory to route at {@link RtspWebSocket#ROUTE} on the HTTP server
   * (the {@link HttpTunnel} route takes WebSocket upgrades too). Sessions share the tunnel's timeout.
   */
  public RtspWebSocket webSocket() {
    return webSocket;
  }

  /** Sessions held now. */
  public int sessionCount() {
    return sessions.size();
  }

  @Override
  public void close() {
    if (listener != null) {
      listener.close().syncUninterruptibly();
    }
    if (tunnelListener != null) {
      tunnelListener.close().syncUninterruptibly();
    }
    sessions.closeAll();
    if (group != null) {
      group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
    if (backChannel != null) {
      backChannel.close(); // after the loops ran the sessions' closes: their files are completed first
    }
  }
}
