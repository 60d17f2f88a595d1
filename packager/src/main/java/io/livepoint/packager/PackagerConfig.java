package io.livepoint.packager;

/**
 * How the packager presents live streams.
 *
 * @param lowLatency list the growing segment in the MPD (with availabilityTimeOffset) and chunks as
 *     LL-HLS parts; off gives plain live DASH/HLS with complete segments only
 * @param minPlaybackRate ServiceDescription PlaybackRate@min (how far players may slow down)
 * @param maxPlaybackRate ServiceDescription PlaybackRate@max (how far players may speed up to catch up)
 * @param blockingReloadTimeout how long an LL-HLS blocking playlist request is held, in target
 *     segment durations (RFC 8216bis suggests three)
 * @param segmentWaitTimeout how long a request for a segment or part that has not started is held,
 *     in target segment durations
 * @param inbandEvents re-emit the stream's timed events as emsg in the media segments (and declare them
 *     with InbandEventStream), besides the MPD EventStream and the HLS date ranges
 */
public record PackagerConfig(boolean lowLatency, double minPlaybackRate, double maxPlaybackRate,
    double blockingReloadTimeout, double segmentWaitTimeout, boolean inbandEvents) {

  public static final PackagerConfig DEFAULTS = new PackagerConfig(true, 0.96, 1.04, 3.0, 2.0, false);

  /** Without inband events. */
  public PackagerConfig(boolean lowLatency, double minPlaybackRate, double maxPlaybackRate,
      double blockingReloadTimeout, double segmentWaitTimeout) {
    this(lowLatency, minPlaybackRate, maxPlaybackRate, blockingReloadTimeout, segmentWaitTimeout, false);
  }

  /** These settings with inband events on or off. */
  public PackagerConfig withInbandEvents(boolean on) {
    return new PackagerConfig(lowLatency, minPlaybackRate, maxPlaybackRate, blockingReloadTimeout,
        segmentWaitTimeout, on);
  }

  public PackagerConfig {
    if (!(minPlaybackRate > 0 && minPlaybackRate <= 1 && maxPlaybackRate >= 1)) {
      throw new IllegalArgumentException("playback rates must satisfy 0 < min <= 1 <= max");
    }
    if (!(blockingReloadTimeout > 0) || !(segmentWaitTimeout > 0)) {
      throw new IllegalArgumentException("timeouts must be positive");
    }
  }
}
