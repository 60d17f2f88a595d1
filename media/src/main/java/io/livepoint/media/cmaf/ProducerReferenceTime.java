package io.livepoint.media.cmaf;

import io.livepoint.media.box.Box;
import io.netty.buffer.ByteBuf;
import java.time.Instant;

/**
 * A ProducerReferenceTimeBox ({@code prft}, ISO/IEC 14496-12 8.16.5): the wall-clock time at which
 * the producer made the sample at {@code mediaTime}.
 *
 * @param referenceTrackId reference_track_ID
 * @param ntpTimestamp the raw 64-bit NTP timestamp
 * @param time the NTP timestamp as an instant
 * @param mediaTime media_time in the track timescale
 * @param flags box flags (ISO/IEC 23009-1 semantics: 0 encoder input, 8 captured, 24 written...)
 */
public record ProducerReferenceTime(int referenceTrackId, long ntpTimestamp, Instant time, long mediaTime,
    int flags) {
  /** Seconds from the NTP era (1900-01-01) to the Unix epoch. */
  static final long NTP_UNIX_OFFSET = 2_208_988_800L;

  /** Parses a whole prft box; version 0 has a 32-bit media_time, version 1 a 64-bit one. */
  public static ProducerReferenceTime parse(Box prft) {
    int version = prft.version();
    ByteBuf p = prft.fullPayload();
    int track = p.readInt();
    long ntp = p.readLong();
    long media = version == 0 ? p.readUnsignedInt() : p.readLong();
    return new ProducerReferenceTime(track, ntp, ntpToInstant(ntp), media, prft.flags());
  }

  /** Converts an NTP timestamp (32.32 seconds since 1900) to an instant. */
  public static Instant ntpToInstant(long ntp) {
    long seconds = ntp >>> 32;
    long fraction = ntp & 0xffffffffL;
    long nanos = (fraction * 1_000_000_000L) >>> 32;
    return Instant.ofEpochSecond(seconds - NTP_UNIX_OFFSET, nanos);
  }

  /** Converts an instant to an NTP timestamp. */
  public static long instantToNtp(Instant t) {
    long seconds = t.getEpochSecond() + NTP_UNIX_OFFSET;
    long fraction = ((long) t.getNano() << 32) / 1_000_000_000L;
    return seconds << 32 | fraction;
  }
}
