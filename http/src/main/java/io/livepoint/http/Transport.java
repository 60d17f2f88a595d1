package io.livepoint.http;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.epoll.EpollEventLoopGroup;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;

/**
 * The socket layer under Netty. Linux epoll (Netty's native transport: edge-triggered, fewer system calls
 * and no selector garbage per turn than NIO) where it loads; NIO is the portable fallback (other systems,
 * or a missing native library). Netty's io_uring transport for 4.1 is an incubator whose event loops were
 * seen to hang on shutdown here, so it is not offered.
 */
public enum Transport {
  NIO,
  EPOLL;

  /** epoll when this system can run it, else NIO. */
  public static Transport best() {
    return Epoll.isAvailable() ? EPOLL : NIO;
  }

  /**
   * The transport a configuration names: {@code auto} (the best available), {@code nio} or {@code epoll}.
   *
   * @throws IllegalArgumentException for another name, or epoll where it cannot run (saying why)
   */
  public static Transport named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "auto" -> best();
      case "nio" -> NIO;
      case "epoll" -> {
        if (!Epoll.isAvailable()) {
          throw new IllegalArgumentException("epoll is not available here: " + Epoll.unavailabilityCause());
        }
        yield EPOLL;
      }
      default -> throw new IllegalArgumentException("transport must be auto, nio or epoll, got '" + name + "'");
    };
  }

  /** An event-loop group; {@code threads} 0 means Netty's default (twice the cores). */
  public EventLoopGroup group(int threads, ThreadFactory threadFactory) {
    return this == EPOLL ? new EpollEventLoopGroup(threads, threadFactory) : new NioEventLoopGroup(threads, threadFactory);
  }

  public Class<? extends ServerChannel> serverChannel() {
    return this == EPOLL ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
  }

  public Class<? extends SocketChannel> socketChannel() {
    return this == EPOLL ? EpollSocketChannel.class : NioSocketChannel.class;
  }

  public Class<? extends DatagramChannel> datagramChannel() {
    return this == EPOLL ? EpollDatagramChannel.class : NioDatagramChannel.class;
  }

  /** The name a configuration uses. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
