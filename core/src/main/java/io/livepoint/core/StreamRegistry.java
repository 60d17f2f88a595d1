package io.livepoint.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** All live streams of the server, by name. */
public final class StreamRegistry implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StreamRegistry.class);
  private final Clock clock;
  private final Function<String, StreamSettings> settings;
  private final ConcurrentHashMap<String, LiveStream> streams = new ConcurrentHashMap<>();
  private final List<Consumer<LiveStream>> removalListeners = new CopyOnWriteArrayList<>();
  private final List<Consumer<String>> lookupListeners = new CopyOnWriteArrayList<>();

  /**
   * @param settings settings for a stream name (lets config give publishing points their own)
   */
  public StreamRegistry(Clock clock, Function<String, StreamSettings> settings) {
    this.clock = clock;
    this.settings = settings;
  }

  public StreamRegistry(Clock clock) {
    this(clock, name -> StreamSettings.DEFAULTS);
  }

  public Clock clock() {
    return clock;
  }

  /** The stream with this name, created when absent. */
  public LiveStream getOrCreate(String name) {
    return streams.computeIfAbsent(name, n -> new LiveStream(n, clock, settings.apply(n)));
  }

  /** The stream with this name, or null. Lookup listeners hear the name first. */
  public LiveStream get(String name) {
    for (Consumer<String> l : lookupListeners) {
      l.accept(name);
    }
    return streams.get(name);
  }

  /**
   * Calls {@code listener} with the name at every {@link #get} (how egress adapters find a stream a
   * viewer asked for): an on-demand source starts pulling there. Listeners must be quick.
   */
  public void addLookupListener(Consumer<String> listener) {
    lookupListeners.add(listener);
  }

  /** All streams, sorted by name. */
  public List<LiveStream> all() {
    List<LiveStream> list = new ArrayList<>(streams.values());
    list.sort((a, b) -> a.name().compareTo(b.name()));
    return list;
  }

  /**
   * Calls {@code listener} with every stream removed from now on (by {@link #remove} or
   * {@link #removeIdle}), after it left the registry, before its media is released. Adapters that keep
   * state by stream name (ingest's manifests and parked headers) forget it there.
   */
  public void addRemovalListener(Consumer<LiveStream> listener) {
    removalListeners.add(listener);
  }

  /** Stops calling a listener added with {@link #addRemovalListener} (a session that ended). */
  public void removeRemovalListener(Consumer<LiveStream> listener) {
    removalListeners.remove(listener);
  }

  /** Removes a stream and releases its media. */
  public boolean remove(String name) {
    LiveStream s = streams.remove(name);
    if (s != null) {
      removed(s);
    }
    return s != null;
  }

  /**
   * Removes the streams where nothing arrived for {@code idle} (no new track, header or chunk; see
   * {@link LiveStream#idleFor}): abandoned publishing points, and ended ones once their last segments
   * had time to be played. For a periodic sweep. The check and the removal are one atomic step, so a
   * stream revived meanwhile by {@link #getOrCreate} stays.
   *
   * @return the names removed, sorted
   */
  public List<String> removeIdle(Duration idle) {
    List<String> gone = new ArrayList<>();
    List<String> names = new ArrayList<>(streams.keySet());
    names.sort(null);
    for (String name : names) {
      LiveStream[] taken = new LiveStream[1];
      streams.computeIfPresent(name, (n, s) -> {
        if (s.idleFor(idle)) {
          taken[0] = s;
          return null;
        }
        return s;
      });
      if (taken[0] != null) {
        LOG.info("stream {}: nothing received for {}, removed", name, idle);
        removed(taken[0]);
        gone.add(name);
      }
    }
    return gone;
  }

  private void removed(LiveStream s) {
    for (Consumer<LiveStream> l : removalListeners) {
      try {
        l.accept(s);
      } catch (RuntimeException e) {
        LOG.warn("stream {}: removal listener {} failed", s.name(), l, e);
      }
    }
    s.close();
  }

  @Override
  public void close() {
    Collection<String> names = new ArrayList<>(streams.keySet());
    names.forEach(this::remove);
  }
}
