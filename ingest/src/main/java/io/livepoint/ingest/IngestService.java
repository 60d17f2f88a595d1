package io.livepoint.ingest;

import io.livepoint.core.Clock;
import io.livepoint.core.LiveStream;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.Track;
import io.livepoint.core.TrackHeader;
import io.livepoint.core.store.ObjectStore;
import io.livepoint.media.cmaf.TrackInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.livepoint.http.RequestHandler;
import io.livepoint.http.auth.Authenticator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The DASH-IF Live Media Ingest receiving entity: publishing points at {@code /ingest/{stream}/}.
 * Interface-1 (CMAF ingest): encoders POST or PUT CMAF headers and segments (one per request, or one
 * long chunked request carrying a whole track) and optionally a DASH manifest that names the tracks.
 * Interface-2 (DASH/HLS ingest, when an {@link ObjectStore} is given): every object named with a
 * known extension ({@link ObjectTypes}) is also stored as sent, to be served back by the origin, and
 * DELETE removes it; CMAF headers and segments among them feed the live model as in Interface-1.
 * Wire it with {@code router.add("/ingest/", ingest::newHandler)}.
 *
 * <p>Status codes (ingest 5.3): an empty probe request 200; bad path or authentication failure (wrong
 * credentials sent) 403; credentials required but none sent, or a Digest nonce expired, 401 with the
 * Basic or Digest challenges ({@link IngestConfig#authFor}), so an encoder holding a password can answer
 * (decided from the headers, before {@code 100 Continue}); unknown publishing
 * point 404; media before any CMAF header of the track 412; unsupported media (encrypted or unknown
 * sample entry, several tracks in one header, or a Content-Type that is clearly not media) 415; a box
 * over {@link IngestConfig#maxBoxSize()}, a stalled body and any other error of the request 400 (5.3 item
 * 5e: also where HTTP has a finer code, 405, 408 or 413); success 200. Repeated
 * identical headers and retransmitted fragments are accepted and ignored. Interface-2: DELETE 200
 * whether or not the object was there (the publishing point itself 403); an extension that is clearly
 * not media ({@code .html}, {@code .js}, ...) 415; an object over the stream's byte budget 507
 * (the receiver's storage, 5.3 item 5d); media
 * the model cannot take (encrypted, several tracks in a header) is stored and served, not refused.
 *
 * <p>See {@link TrackRoute} for how request paths name tracks and {@link IngestHandler} for how
 * requests become segments.
 */
public final class IngestService {
  private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
  private final StreamRegistry registry;
  private final IngestConfig config;
  private final Clock clock;
  /** Interface-2 objects, or null when this receiving entity does Interface-1 only. */
  private final ObjectStore objects;
  /** Per stream, the tracks whose CMAF header the model cannot take (encrypted, multiplexed): pass-through only. */
  private final ConcurrentHashMap<String, Set<String>> passThrough = new ConcurrentHashMap<>();
  /** The naming announced by an MPD posted to each publishing point. */
  private final ConcurrentHashMap<String, MpdTemplates> manifests = new ConcurrentHashMap<>();
  /** CMAF headers by publishing point and request path (see {@link #parkHeader}). */
  private final ConcurrentHashMap<String, Map<String, Parked>> parked = new ConcurrentHashMap<>();
  /**
   * Per stream, Representation@id to the track that already carries it: media that arrived by path
   * before the MPD (FFmpeg's DASH muxer names init-stream0.m4s, so the path said "stream0" while the
   * MPD later says "0") stays in the one track it started in.
   */
  private final ConcurrentHashMap<String, Map<String, String>> aliases = new ConcurrentHashMap<>();
  /** Most header paths parked per stream. */
  static final int MAX_PARKED = 64;

  /** A header kept by request path: its bytes and what it says. */
  private record Parked(byte[] data, TrackInfo info) {}

  private final IngestSessions sessions;
  /** Checks credentials for publishing points without their own policy. */
  private final Authenticator guard;
  /** Publishing points with their own policy (ingest.publishingPointAuth). */
  private final Map<String, Authenticator> publishingPointGuards;

  /** Interface-1 only. */
  public IngestService(StreamRegistry registry, IngestConfig config, Clock clock) {
    this(registry, config, clock, null);
  }

  /** Interface-1 and, with {@code objects}, Interface-2. */
  public IngestService(StreamRegistry registry, IngestConfig config, Clock clock, ObjectStore objects) {
    this.registry = registry;
    this.config = config;
    this.clock = clock;
    this.sessions = new IngestSessions(clock);
    this.objects = objects;
    this.guard = new Authenticator(config.auth(), clock);
    Map<String, Authenticator> perStream = new HashMap<>();
    config.publishingPointAuth().forEach((stream, policy) -> perStream.put(stream, new Authenticator(policy, clock)));
    this.publishingPointGuards = Map.copyOf(perStream);
    registry.addRemovalListener(s -> forget(s.name()));
  }

  /**
   * Forgets what was kept for a publishing point (its MPD naming and parked headers). Called by the
   * registry for every stream it removes ({@link StreamRegistry#removeIdle}, {@link StreamRegistry#remove}).
   */
  public void forget(String stream) {
    sessions.forget(stream);
    boolean had = manifests.remove(stream) != null;
    had |= parked.remove(stream) != null;
    had |= passThrough.remove(stream) != null;
    had |= aliases.remove(stream) != null;
    if (had) {
      LOG.info("ingest {}: stream removed, its manifest naming and parked headers are forgotten", stream);
    }
  }

  /** What each source sent and got, per stream and track (the operations view). */
  public IngestSessions sessions() {
    return sessions;
  }

  /** A handler for one request below {@code /ingest/}. */
  public RequestHandler newHandler() {
    return new IngestHandler(this);
  }

  /** The Interface-2 object store, or null. */
  ObjectStore objects() {
    return objects;
  }

  /** Marks a track as one the model cannot take: its objects are stored and served, not packaged. */
  void passThroughOnly(String stream, String track, boolean on) {
    if (on) {
      passThrough.computeIfAbsent(stream, s -> ConcurrentHashMap.newKeySet()).add(track);
    } else {
      Set<String> s = passThrough.get(stream);
      if (s != null) {
        s.remove(track);
      }
    }
  }

  boolean passThroughOnly(String stream, String track) {
    Set<String> s = passThrough.get(stream);
    return s != null && s.contains(track);
  }

  StreamRegistry registry() {
    return registry;
  }

  /** The authenticator guarding {@code stream}. */
  Authenticator guard(String stream) {
    return publishingPointGuards.getOrDefault(stream, guard);
  }

  IngestConfig config() {
    return config;
  }

  Clock clock() {
    return clock;
  }

  /**
   * Remembers the CMAF header received at a request path, so that an MPD posted after it (FFmpeg's DASH
   * muxer sends init segments first) can give that header to the track its SegmentTemplate names.
   */
  void parkHeader(String stream, String path, byte[] bytes, TrackInfo info) {
    // A heap copy: headers are small and rare, and a copy needs no release when the stream goes away.
    Map<String, Parked> byPath = parked.computeIfAbsent(stream, s -> new ParkedHeaders());
    synchronized (byPath) {
      byPath.put(path, new Parked(bytes, info));
    }
  }

  /**
   * Parked headers of one stream, by path, the oldest dropped beyond {@link #MAX_PARKED}: a source that
   * sends its header in every segment request (a new path each time) must not grow the map forever.
   */
  private static final class ParkedHeaders extends LinkedHashMap<String, Parked> {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Parked> eldest) {
      return size() > MAX_PARKED;
    }
  }

  /** Installs parked headers on the tracks an MPD's templates name for their paths. */
  void adoptParkedHeaders(LiveStream live, MpdTemplates templates) {
    Map<String, Parked> byPath = parked.get(live.name());
    if (byPath == null) {
      return;
    }
    Map<String, Parked> copy;
    synchronized (byPath) {
      copy = Map.copyOf(byPath);
    }
    for (var e : copy.entrySet()) {
      MpdTemplates.Match m = templates.match(e.getKey());
      if (m == null || !m.initialization()) {
        continue;
      }
      String byPathId = byPath(e.getKey());
      Map<String, String> alias = aliases.computeIfAbsent(live.name(), n -> new ConcurrentHashMap<>());
      if (byPathId != null && !byPathId.equals(m.representationId()) && !alias.containsKey(m.representationId())) {
        Track existing = live.findTrack(m.representationId());
        Track named = live.findTrack(byPathId);
        if ((existing == null || existing.header() == null) && named != null && named.header() != null) {
          alias.put(m.representationId(), byPathId);
          if (m.adaptationSetId() != null) {
            named.switchingSetId(m.adaptationSetId());
          }
          LOG.info("ingest {}: Representation {} of the manifest is track {}, named by its path before the manifest came",
              live.name(), m.representationId(), byPathId);
          continue;
        }
      }
      if (alias.containsKey(m.representationId())) {
        continue;
      }
      Track t = live.track(m.representationId());
      if (t.header() == null) {
        t.setHeader(new TrackHeader(Unpooled.wrappedBuffer(e.getValue().data()), e.getValue().info()));
        if (m.adaptationSetId() != null) {
          t.switchingSetId(m.adaptationSetId());
        }
      }
    }
  }

  /** The track a path names without a manifest, or null. */
  private static String byPath(String path) {
    try {
      return TrackRoute.of(path, null).trackId();
    } catch (Rejection r) {
      return null;
    }
  }

  /** The route with a Representation@id replaced by the track that already carries it (see {@link #aliases}). */
  TrackRoute resolve(String stream, TrackRoute route) {
    Map<String, String> alias = aliases.get(stream);
    String id = alias == null ? null : alias.get(route.trackId());
    return id == null ? route : new TrackRoute(id, route.switchingSetId(), route.initialization());
  }

  /** The MPD naming of a publishing point, or null when none was posted. */
  MpdTemplates templates(String stream) {
    return manifests.get(stream);
  }

  void templates(String stream, MpdTemplates templates) {
    manifests.put(stream, templates);
  }
}
