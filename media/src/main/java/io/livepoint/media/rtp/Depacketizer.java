package io.livepoint.media.rtp;

import java.util.function.Consumer;

/**
 * Rebuilds access units from the RTP packets of one payload format, delivered in sequence order (see
 * {@link ReorderBuffer}). Never throws on bad payloads: a malformed packet is dropped and counted, and the
 * access units around it are flagged {@link AccessUnit#discontinuity()}.
 */
public interface Depacketizer extends AutoCloseable {
  /**
   * Takes the next packet in sequence order. The packet is not consumed (the depacketizer retains what
   * it keeps); complete access units go to {@code out}, which owns them.
   *
   * @param afterLoss packets are missing between the previous packet and this one
   */
  void packet(RtpPacket packet, boolean afterLoss, Consumer<AccessUnit> out);

  /** Delivers an access unit still being assembled, if it can be complete (end of stream). */
  default void flush(Consumer<AccessUnit> out) {}

  /** Packets dropped as malformed so far. */
  long malformed();

  /** Why the last malformed packet was dropped (for the caller's log), or null. */
  String lastError();

  /** Releases any partial access unit. */
  @Override
  void close();
}
