package io.livepoint.media.rtp;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * One access unit: a video frame as its NAL units (H.264/H.265, no start codes or length prefixes), or a
 * whole JPEG image, AAC frame, Opus packet or block of G.711 samples as a single unit.
 *
 * <p>An access unit owns its unit buffers: {@link #release()} releases them all. Packetizers read them
 * without taking ownership.
 *
 * @param timestamp presentation time in the RTP clock of the format (90 kHz video, the sample rate for
 *     audio); 32 bits on the wire, extended by {@link RtpReceiver}
 * @param key whether a decoder can start here (IDR/IRAP picture; always true for audio and JPEG)
 * @param discontinuity packets were lost at or before this access unit: it may be incomplete, or access
 *     units before it may be missing
 * @param units the NAL units or the single frame
 */
public record AccessUnit(long timestamp, boolean key, boolean discontinuity, List<ByteBuf> units) {

  public AccessUnit {
    units = List.copyOf(units);
  }

  /** A single-unit access unit (audio frame, JPEG image). */
  public static AccessUnit of(long timestamp, ByteBuf frame) {
    return new AccessUnit(timestamp, true, false, List.of(frame));
  }

  /** The same units (ownership moves to the result) at another timestamp. */
  public AccessUnit withTimestamp(long ts) {
    return new AccessUnit(ts, key, discontinuity, units);
  }

  /** Total bytes of the units. */
  public int size() {
    return units.stream().mapToInt(ByteBuf::readableBytes).sum();
  }

  /** The only unit of a single-unit access unit. */
  public ByteBuf frame() {
    if (units.size() != 1) {
      throw new IllegalStateException("access unit has " + units.size() + " units");
    }
    return units.get(0);
  }

  public void release() {
    units.forEach(ByteBuf::release);
  }
}
