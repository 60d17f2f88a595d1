package io.livepoint.rtsp.record;

import io.livepoint.core.Clock;
import io.livepoint.core.LiveStream;
import io.livepoint.core.StreamRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One publisher a stream: an RTSP ANNOUNCE claims its stream until the recording ends, and is refused
 * while another RTSP publisher holds it or while another source (HTTP ingest, a pulled camera) still
 * feeds it. Media from two encoders on one timeline would interleave into garbage; the first one keeps
 * the stream. Shared by every RTSP connection of a server.
 */
public final class Publishers {
  private final StreamRegistry registry;
  private final Clock clock;
  private final Map<String, Object> holders = new ConcurrentHashMap<>();
  /** When an RTSP publisher let each stream go ({@link Clock#nanoTime()}): its own media is no other source's. */
  private final Map<String, Long> released = new ConcurrentHashMap<>();

  public Publishers(StreamRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
  }

  /**
   * Claims {@code stream} for {@code holder}.
   *
   * @return null when it is now (or already was) the holder's, else who publishes it instead
   */
  String claim(String stream, Object holder) {
    Object current = holders.putIfAbsent(stream, holder);
    if (current != null && current != holder) {
      return "another RTSP publisher";
    }
    LiveStream live = registry.get(stream);
    if (live != null && !live.idleFor(quiet(live, stream))) {
      holders.remove(stream, holder);
      return "another source (media arrived within " + quiet(live, stream).toMillis() + " ms)";
    }
    return null;
  }

  /** The holder's recording ended: the stream is free at once. */
  void release(String stream, Object holder) {
    if (stream != null && holders.remove(stream, holder)) {
      released.put(stream, clock.nanoTime());
    }
  }

  /**
   * How long a stream must have been silent to be free: two target segment durations (a source that
   * sends one segment a request goes quiet between them for up to one), or only since an RTSP publisher
   * let it go when that was more recent.
   */
  private Duration quiet(LiveStream live, String stream) {
    Duration gap = live.settings().targetSegmentDuration().multipliedBy(2);
    Long at = released.get(stream);
    if (at != null) {
      Duration since = Duration.ofNanos(clock.nanoTime() - at);
      return since.compareTo(gap) < 0 ? since : gap;
    }
    return gap;
  }
}
