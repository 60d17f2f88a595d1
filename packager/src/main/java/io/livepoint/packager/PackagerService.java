package io.livepoint.packager;

import io.livepoint.core.Clock;
import io.livepoint.core.LatencyHistogram;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.store.ObjectStore;
import io.livepoint.http.RequestHandler;

/**
 * The DASH and HLS outputs of every live stream: MPD ({@link OutputPath#mpd}), HLS
 * multivariant and media playlists, init segments, segments (streamed while they grow) and LL-HLS
 * parts, Interface-2 objects served back as published, plus the {@code /time} source for DASH UTCTiming. Wire {@link #newHandler()} at
 * {@link #ROUTE} and {@link #newTimeHandler()} at {@link #TIME_PATH}.
 */
public final class PackagerService {
  /** Route prefix of the outputs (see {@link OutputPath} for the layout below it). */
  public static final String ROUTE = OutputPath.ROUTE;
  /** Path of the UTC time resource named by UTCTiming. */
  public static final String TIME_PATH = "/time";

  private final StreamRegistry registry;
  private final Clock clock;
  private final LatencyHistogram deliveryLatency = new LatencyHistogram();
  private final LatencyHistogram playlistReleaseLatency = new LatencyHistogram();
  private final ManifestCache cache;
  private final ManifestResponder manifests;
  private final MediaResponder media;
  private final ObjectResponder objects;

  public PackagerService(StreamRegistry registry, Clock clock) {
    this(registry, PackagerConfig.DEFAULTS, clock);
  }

  public PackagerService(StreamRegistry registry, PackagerConfig config, Clock clock) {
    this(registry, config, clock, null);
  }

  /**
   * @param objects Interface-2 objects to serve back at {@code /live/{stream}/{path}} (see
   *     {@link LiveHandler} for how they share the URL space with the generated outputs), or null
   */
  public PackagerService(StreamRegistry registry, PackagerConfig config, Clock clock, ObjectStore objects) {
    this.objects = objects == null ? null : new ObjectResponder(objects);
    this.registry = registry;
    this.clock = clock;
    this.cache = new ManifestCache(config);
    this.manifests = new ManifestResponder(config, clock, cache,
        c -> playlistReleaseLatency.record(clock.nanoTime() - c.arrivalNanos()));
    this.media = new MediaResponder(config, c -> deliveryLatency.record(clock.nanoTime() - c.arrivalNanos()));
  }

  /** A handler for one request below {@link #ROUTE}. */
  public RequestHandler newHandler() {
    return new LiveHandler(registry, manifests, media, objects);
  }

  /** A handler for one request to {@link #TIME_PATH}. */
  public RequestHandler newTimeHandler() {
    return new TimeHandler(clock);
  }

  /**
   * Time from a chunk's last byte arriving on ingest to its bytes being written to a request that was
   * waiting for it (a growing LL-DASH segment, an LL-HLS part asked for early).
   */
  public LatencyHistogram deliveryLatency() {
    return deliveryLatency;
  }

  /**
   * Time from a chunk's last byte arriving on ingest to a held LL-HLS playlist request (blocking reload
   * asking for that part) being answered with the playlist that lists it. hls.js waits here, not on parts.
   */
  public LatencyHistogram playlistReleaseLatency() {
    return playlistReleaseLatency;
  }

  /** Manifest documents rendered so far (a render happens once per stream version, not per request). */
  public long manifestRenders() {
    return cache.renders();
  }
}
