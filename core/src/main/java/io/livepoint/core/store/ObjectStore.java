package io.livepoint.core.store;

import io.livepoint.core.Clock;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Objects published as they are (DASH-IF ingest Interface-2: manifests, segments, keys), by publishing
 * point and path, for an origin to serve back byte for byte. Knows no protocol: the ingest adapter
 * decides what an object is, the packager serves it.
 */
public final class ObjectStore implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ObjectStore.class);

  /**
   * Memory bounds of each publishing point.
   *
   * @param maxBytesPerStream bytes of objects one publishing point may hold; past it the oldest media
   *     objects are evicted, and an upload that still does not fit fails
   * @param retention how long a finished media object the source never deleted is kept
   */
  public record Limits(long maxBytesPerStream, Duration retention) {
    public static final Limits DEFAULTS = new Limits(256L << 20, Duration.ofSeconds(60));

    public Limits {
      if (maxBytesPerStream < 1024) {
        throw new IllegalArgumentException("maxBytesPerStream must be at least 1024");
      }
      if (retention.isNegative() || retention.isZero()) {
        throw new IllegalArgumentException("retention must be positive");
      }
    }
  }

  private final Clock clock;
  private final Limits limits;
  private final ConcurrentHashMap<String, PublishedObjects> streams = new ConcurrentHashMap<>();

  public ObjectStore(Clock clock, Limits limits) {
    this.clock = clock;
    this.limits = limits;
  }

  public Limits limits() {
    return limits;
  }

  /**
   * Starts storing an object at {@code path} of publishing point {@code stream}, replacing what was
   * there. The caller appends the bytes as they arrive, then completes or fails it.
   *
   * @param lengthHint the announced length (Content-Length), or -1
   * @return the object, or null when a manifest's upload was overtaken by its own DELETE (the source
   *     sent the upload first, on another connection): it is not stored
   * @throws IllegalArgumentException when {@code path} is not a valid {@link ObjectPath}
   */
  public StoredObject begin(String stream, String path, String contentType, ObjectKind kind, ByteBufAllocator alloc,
      long lengthHint) {
    String problem = ObjectPath.problem(path);
    if (problem != null) {
      throw new IllegalArgumentException("invalid object path '" + path + "': " + problem);
    }
    // Begun inside the map's compute, so a sweep cannot drop the publishing point in between.
    StoredObject[] made = new StoredObject[1];
    streams.compute(stream, (name, s) -> {
      PublishedObjects p = s != null ? s : new PublishedObjects(name, clock, limits);
      made[0] = p.begin(path, contentType, kind, alloc, lengthHint);
      return p;
    });
    return made[0];
  }

  /** The object at {@code path} of {@code stream}, or null. */
  public StoredObject get(String stream, String path) {
    PublishedObjects s = streams.get(stream);
    return s == null ? null : s.get(path);
  }

  /** Deletes the object at {@code path} of {@code stream}; returns whether there was one. */
  public boolean delete(String stream, String path) {
    PublishedObjects s = streams.get(stream);
    return s != null && s.delete(path);
  }

  /** Names of the publishing points holding objects, sorted. */
  public List<String> streams() {
    List<String> names = new ArrayList<>(streams.keySet());
    names.sort(null);
    return names;
  }

  /** The objects of one publishing point, or null when it has none. */
  public PublishedObjects stream(String stream) {
    return streams.get(stream);
  }

  /**
   * The periodic sweep: evicts expired media objects everywhere, and drops publishing points where
   * nothing was written for {@code idle} (and no upload runs).
   *
   * @return the publishing points dropped
   */
  public List<String> sweep(Duration idle) {
    List<String> gone = new ArrayList<>();
    for (PublishedObjects s : streams.values()) {
      s.evictExpired();
      boolean[] idleNow = new boolean[1];
      streams.computeIfPresent(s.stream(), (name, p) -> {
        idleNow[0] = p == s && p.idleFor(idle.toNanos());
        return idleNow[0] ? null : p;
      });
      if (idleNow[0]) {
        LOG.info("objects {}: nothing written for {}, its {} object(s) dropped", s.stream(), idle, s.paths().size());
        s.clear();
        gone.add(s.stream());
      }
    }
    return gone;
  }

  /** Drops a publishing point's objects. */
  public void remove(String stream) {
    PublishedObjects s = streams.remove(stream);
    if (s != null) {
      s.clear();
    }
  }

  @Override
  public void close() {
    for (String s : new ArrayList<>(streams.keySet())) {
      remove(s);
    }
  }
}
