package io.livepoint.media.rtp;

/** Arithmetic on 16-bit RTP sequence numbers and 32-bit RTP timestamps, which wrap around (RFC 3550 A.1). */
public final class RtpSequence {
  private RtpSequence() {}

  /** The sequence number after {@code seq}. */
  public static int next(int seq) {
    return (seq + 1) & 0xffff;
  }

  /** Signed distance from {@code a} to {@code b} in [-32768, 32767]: positive when {@code b} is newer. */
  public static int delta(int a, int b) {
    return (short) (b - a);
  }

  /** Whether {@code b} comes after {@code a} (modulo 2^16). */
  public static boolean isNewer(int a, int b) {
    return delta(a, b) > 0;
  }

  /** Signed distance between two 32-bit timestamps, positive when {@code b} is later. */
  public static long timestampDelta(long a, long b) {
    return (int) (b - a);
  }
}
