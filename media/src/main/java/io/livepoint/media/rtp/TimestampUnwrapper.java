package io.livepoint.media.rtp;

/**
 * Extends 32-bit RTP timestamps to a 64-bit timeline that does not wrap: each timestamp is placed nearest
 * to the previous one, so a stream may run for years and may step back a little (B-frames, reordering).
 * The first timestamp is kept as is.
 */
public final class TimestampUnwrapper {
  private long last = Long.MIN_VALUE;

  /** The extended value of a 32-bit timestamp. */
  public long unwrap(long timestamp32) {
    long ts = timestamp32 & 0xffffffffL;
    if (last == Long.MIN_VALUE) {
      last = ts;
      return ts;
    }
    last += RtpSequence.timestampDelta(last, ts);
    return last;
  }

  /** Forgets the timeline (a new SSRC or a new session). */
  public void reset() {
    last = Long.MIN_VALUE;
  }
}
