package io.livepoint.core;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** All live streams of the server, by name. */
public final class StreamRegistry implements AutoCloseable {
  private final Clock clock;
  private final Function<String, StreamSettings> settings;
  private final ConcurrentHashMap<String, LiveStream> streams = new ConcurrentHashMap<>();

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

  /** The stream with this name, or null. */
  public LiveStream get(String name) {
    return streams.get(name);
  }

  /** All streams, sorted by name. */
  public List<LiveStream> all() {
    List<LiveStream> list = new ArrayList<>(streams.values());
    list.sort((a, b) -> a.name().compareTo(b.name()));
    return list;
  }

  /** Removes a stream and releases its media. */
  public boolean remove(String name) {
    LiveStream s = streams.remove(name);
    if (s != null) {
      s.close();
    }
    return s != null;
  }

  @Override
  public void close() {
    Collection<String> names = new ArrayList<>(streams.keySet());
    names.forEach(this::remove);
  }
}
