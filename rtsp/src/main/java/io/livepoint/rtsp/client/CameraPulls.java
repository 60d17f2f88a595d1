package io.livepoint.rtsp.client;

import io.livepoint.core.Clock;
import io.livepoint.core.StreamRegistry;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * All configured pulled streams, on one small event loop group of their own; on-demand ones start when a
 * viewer looks their stream up in the registry.
 */
public final class CameraPulls implements AutoCloseable {
  private final EventLoopGroup group = new NioEventLoopGroup(1, new DefaultThreadFactory("rtsp-pull", true));
  private final Map<String, CameraPull> pulls = new LinkedHashMap<>();

  public CameraPulls(List<PullSource> sources, StreamRegistry registry, Clock clock, Duration idle) {
    for (PullSource s : sources) {
      pulls.put(s.name(), new CameraPull(s, registry, clock, group, idle));
    }
    if (sources.stream().anyMatch(s -> s.pull() == PullSource.Pull.ON_DEMAND)) {
      registry.addLookupListener(name -> {
        CameraPull p = pulls.get(name);
        if (p != null && p.source().pull() == PullSource.Pull.ON_DEMAND) {
          p.demand();
        }
      });
    }
  }

  public CameraPulls start() {
    pulls.values().forEach(CameraPull::start);
    return this;
  }

  /** The pull of a stream, or null. */
  public CameraPull get(String name) {
    return pulls.get(name);
  }

  @Override
  public void close() {
    pulls.values().forEach(CameraPull::close);
    group.shutdownGracefully(0, 3, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
