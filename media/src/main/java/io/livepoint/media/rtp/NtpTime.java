package io.livepoint.media.rtp;

/**
 * 64-bit NTP timestamps (RFC 5905: seconds since 1900 in the high word, binary fraction in the low word)
 * as used by RTCP sender reports and the ONVIF replay extension.
 */
public final class NtpTime {
  private NtpTime() {}

  /** Seconds from 1900-01-01 to 1970-01-01. */
  public static final long UNIX_EPOCH_SECONDS = 2_208_988_800L;

  /** The NTP timestamp of a Unix time in microseconds. */
  public static long fromUnixMicros(long micros) {
    long seconds = Math.floorDiv(micros, 1_000_000L) + UNIX_EPOCH_SECONDS;
    long frac = (Math.floorMod(micros, 1_000_000L) << 32) / 1_000_000L;
    return seconds << 32 | frac;
  }

  /** The Unix time in microseconds of an NTP timestamp (rounded down). */
  public static long toUnixMicros(long ntp) {
    long seconds = (ntp >>> 32) - UNIX_EPOCH_SECONDS;
    long frac = ((ntp & 0xffffffffL) * 1_000_000L) >>> 32;
    return seconds * 1_000_000L + frac;
  }

  /** The middle 32 bits (RFC 3550 6.4.1 LSR field: 16.16 seconds). */
  public static long middle32(long ntp) {
    return (ntp >>> 16) & 0xffffffffL;
  }
}
