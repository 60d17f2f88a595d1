package io.livepoint.http;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.incubator.channel.uring.IOUring;
import io.netty.incubator.channel.uring.IOUringDatagramChannel;
import io.netty.incubator.channel.uring.IOUringEventLoopGroup;
import io.netty.incubator.channel.uring.IOUringServerSocketChannel;
import io.netty.incubator.channel.uring.IOUringSocketChannel;
import java.util.Locale;
import java.util.concurrent.ThreadFactory;

/**
 * The socket layer under Netty. Linux io_uring batches the system calls of many connections' reads and
 * writes per event-loop turn, which is what a fan-out to thousands of players costs; NIO is the portable
 * fallback (other systems, or a kernel or seccomp profile that refuses io_uring).
 */
public enum Transport {
  NIO,
  IO_URING;

  /** io_uring when this system can run it, else NIO. */
  public static Transport best() {
    return IOUring.isAvailable() ? IO_URING : NIO;
  }

  /**
   * The transport a configuration names: {@code auto} (the best available), {@code nio} or {@code io_uring}.
   *
   * @throws IllegalArgumentException for another name, or io_uring where it cannot run (saying why)
   */
  public static Transport named(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "auto" -> best();
      case "nio" -> NIO;
      case "io_uring", "io-uring", "iouring" -> {
        if (!IOUring.isAvailable()) {
          throw new IllegalArgumentException("io_uring is not available here: " + IOUring.unavailabilityCause());
        }
        yield IO_URING;
      }
      default -> throw new IllegalArgumentException("transport must be auto, nio or io_uring, got '" + name + "'");
    };
  }

  /** An event-loop group; {@code threads} 0 means Netty's default (twice the cores). */
  public EventLoopGroup group(int threads, ThreadFactory threadFactory) {
    return this == IO_URING ? new IOUringEventLoopGroup(threads, threadFactory)
        : new NioEventLoopGroup(threads, threadFactory);
  }

  public Class<? extends ServerChannel> serverChannel() {
    return this == IO_URING ? IOUringServerSocketChannel.class : NioServerSocketChannel.class;
  }

  public Class<? extends SocketChannel> socketChannel() {
    return this == IO_URING ? IOUringSocketChannel.class : NioSocketChannel.class;
  }

  public Class<? extends DatagramChannel> datagramChannel() {
    return this == IO_URING ? IOUringDatagramChannel.class : NioDatagramChannel.class;
  }

  /** The name a configuration uses. */
  public String configName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
