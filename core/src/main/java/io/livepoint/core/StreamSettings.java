package io.livepoint.core;

import java.time.Duration;

/**
 * Per-stream settings that shape the live model.
 *
 * @param targetSegmentDuration where a long chunked ingest without styp is cut into segments (at the
 *     first independent chunk past each multiple of this duration on the media timeline)
 * @param timeShiftWindow how much media each track keeps (DASH timeShiftBufferDepth); bounds memory
 * @param targetLatency the live latency players are asked to hold (ServiceDescription, HLS hold-back)
 */
public record StreamSettings(Duration targetSegmentDuration, Duration timeShiftWindow, Duration targetLatency) {
  public static final StreamSettings DEFAULTS =
      new StreamSettings(Duration.ofSeconds(2), Duration.ofSeconds(30), Duration.ofMillis(1500));

  public StreamSettings {
    if (targetSegmentDuration.isNegative() || targetSegmentDuration.isZero()) {
      throw new IllegalArgumentException("targetSegmentDuration must be positive");
    }
    if (timeShiftWindow.compareTo(targetSegmentDuration.multipliedBy(2)) < 0) {
      throw new IllegalArgumentException("timeShiftWindow must hold at least two segments");
    }
  }
}
