package io.livepoint.bench;

import io.livepoint.http.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpResponseDecoder;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * The load generator: N keep-alive HTTP/1.1 connections on a few event loops of its own (apart from
 * the server's), each driven by one {@link Player}. Connections are opened a bounded number at a time
 * so the server's accept backlog is not flooded into SYN retries.
 */
public final class LoadClient implements AutoCloseable {
  private static final int CONNECTS_IN_FLIGHT = 256;
  /** Most a decoded body piece may hold: parts and chunks pass in pieces of at most this. */
  private static final int MAX_CHUNK = 64 * 1024;

  private final EventLoopGroup group;
  private final List<Channel> channels = new ArrayList<>();
  private final ConcurrentLinkedQueue<Player> players = new ConcurrentLinkedQueue<>();
  private int failedConnects;

  private final Transport transport;

  public LoadClient(int eventLoops, Transport transport) {
    this.transport = transport;
    this.group = transport.group(eventLoops, new DefaultThreadFactory("bench-client", true));
  }

  /**
   * Opens {@code n} connections to {@code server}, player {@code i} made by {@code players}; returns
   * once every connect finished (or failed: see {@link #failedConnects()}).
   */
  public void connect(InetSocketAddress server, int n, IntFunction<Player> factory) throws InterruptedException {
    Bootstrap b = new Bootstrap().group(group).channel(transport.socketChannel())
        .option(ChannelOption.ALLOCATOR, PooledByteBufAllocator.DEFAULT)
        .option(ChannelOption.TCP_NODELAY, true)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
    Semaphore permits = new Semaphore(CONNECTS_IN_FLIGHT);
    List<ChannelFuture> futures = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Player p = factory.apply(i);
      players.add(p);
      permits.acquire();
      ChannelFuture f = b.clone().handler(new ChannelInitializer<SocketChannel>() {
        @Override
        protected void initChannel(SocketChannel ch) {
          ch.pipeline().addLast(new HttpResponseDecoder(4096, 8192, MAX_CHUNK), p);
        }
      }).connect(server);
      f.addListener(x -> permits.release());
      futures.add(f);
    }
    permits.acquire(CONNECTS_IN_FLIGHT);
    permits.release(CONNECTS_IN_FLIGHT);
    for (ChannelFuture f : futures) {
      if (f.isSuccess()) {
        channels.add(f.channel());
      } else {
        failedConnects++;
      }
    }
  }

  /** Connections that could not be opened. */
  public int failedConnects() {
    return failedConnects;
  }

  /** Connections open now. */
  public int openConnections() {
    int n = 0;
    for (Channel c : channels) {
      if (c.isActive()) {
        n++;
      }
    }
    return n;
  }

  @Override
  public void close() {
    players.forEach(Player::closing);
    for (Channel c : channels) {
      c.close();
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
