package io.livepoint.rtsp.client;

import io.livepoint.core.Clock;
import io.livepoint.core.LiveStream;
import io.livepoint.core.StreamRegistry;
import io.livepoint.rtsp.record.TrackIngest;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one camera pulled into its stream: connects, and when the camera drops or refuses, connects
 * again after an exponential back-off ({@link #MIN_BACKOFF} doubling to {@link #MAX_BACKOFF}, back to
 * the minimum once a session played). On-demand sources connect at {@link #demand()} (a viewer looked
 * the stream up) and disconnect when no viewer has looked for {@code idle}.
 *
 * <p>The gap a reconnect leaves is a hole on the stream's wall-clock timeline: the open segment is
 * completed when the camera drops, and the next one starts at the wall-clock time its first frame
 * arrived (same timeline, later start; no timestamp rebasing, segment numbers keep counting).
 */
public final class CameraPull implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CameraPull.class);
  static final Duration MIN_BACKOFF = Duration.ofSeconds(1);
  static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final PullSource source;
  private final StreamRegistry registry;
  private final Clock clock;
  private final EventLoopGroup group;
  private final Duration idle;
  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private Duration backoff = MIN_BACKOFF;
  private CameraSession current;
  private boolean wanted;
  private boolean closed;
  private long lastDemand;
  private int connects;
  private io.netty.util.concurrent.ScheduledFuture<?> idleCheck;

  public CameraPull(PullSource source, StreamRegistry registry, Clock clock, EventLoopGroup group, Duration idle) {
    this.source = source;
    this.registry = registry;
    this.clock = clock;
    this.group = group;
    this.idle = idle;
  }

  public PullSource source() {
    return source;
  }

  /** Starts pulling an ALWAYS source; an ON_DEMAND one waits for {@link #demand()}. */
  public synchronized CameraPull start() {
    if (source.pull() == PullSource.Pull.ALWAYS) {
      want();
    } else {
      long period = Math.max(1000, idle.toMillis() / 4);
      idleCheck = group.next().scheduleAtFixedRate(this::idleCheck, period, period, TimeUnit.MILLISECONDS);
    }
    return this;
  }

  /** A viewer looked the stream up: an on-demand source connects (if not already) and stays up. */
  public synchronized void demand() {
    lastDemand = clock.nanoTime();
    if (!wanted && !closed) {
      LOG.info("camera {}: first viewer, pulling", source.name());
      want();
    }
  }

  private synchronized void idleCheck() {
    if (wanted && Duration.ofNanos(clock.nanoTime() - lastDemand).compareTo(idle) > 0) {
      LOG.info("camera {}: no viewer for {}, disconnecting", source.name(), idle);
      wanted = false;
      if (current != null) {
        current.stop();
      }
    }
  }

  private void want() {
    wanted = true;
    backoff = MIN_BACKOFF;
    if (current == null) {
      connect();
    }
  }

  /** Connection attempts made so far. */
  public synchronized int connects() {
    return connects;
  }

  /** The tracks of the current session (empty when not connected). */
  public synchronized List<TrackIngest> tracks() {
    return current == null ? List.of() : current.tracks();
  }

  private synchronized void connect() {
    if (closed || !wanted) {
      return;
    }
    connects++;
    CameraSession session = new CameraSession(source, this::stream, clock, alloc);
    current = session;
    Bootstrap b = new Bootstrap().group(group).channel(NioSocketChannel.class)
        .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) CONNECT_TIMEOUT.toMillis())
        .option(ChannelOption.TCP_NODELAY, true)
        .handler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            ch.pipeline().addLast(new ReplyFramer(), session);
          }
        });
    ChannelFuture f = b.connect(source.host(), source.port());
    f.addListener(done -> {
      if (!done.isSuccess()) {
        session.closed().completeExceptionally(new RtspClientException(0, "cannot connect: " + done.cause().getMessage()));
      }
    });
    session.playing().thenRun(() -> {
      synchronized (this) {
        backoff = MIN_BACKOFF;
      }
    });
    session.closed().whenComplete((v, e) -> ended(session, e));
  }

  private LiveStream stream(String name) {
    return registry.getOrCreate(name);
  }

  private synchronized void ended(CameraSession session, Throwable e) {
    if (current != session) {
      return;
    }
    current = null;
    if (closed || !wanted) {
      LOG.info("camera {}: stopped", source.name());
      return;
    }
    Duration wait = backoff;
    backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
    LOG.warn("camera {}: {}; reconnecting in {} ms", source.name(), e == null ? "ended" : e.getMessage(),
        wait.toMillis());
    group.next().schedule(this::connect, wait.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Stops pulling (TEARDOWN) and never reconnects. */
  @Override
  public synchronized void close() {
    closed = true;
    wanted = false;
    if (idleCheck != null) {
      idleCheck.cancel(false);
    }
    if (current != null) {
      current.stop();
    }
  }
}
