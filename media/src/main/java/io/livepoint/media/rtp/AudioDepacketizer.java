package io.livepoint.media.rtp;

import java.util.function.Consumer;

/** Opus and G.711: each packet is one access unit, a retained slice of its payload. */
public final class AudioDepacketizer implements Depacketizer {
  private boolean damaged;
  private long malformed;

  @Override
  public void packet(RtpPacket p, boolean afterLoss, Consumer<AccessUnit> out) {
    damaged |= afterLoss;
    if (!p.payload().isReadable()) {
      malformed++; // RFC 7587 4.2: an empty payload is not a valid Opus packet
      damaged = true;
      return;
    }
    AccessUnit au = new AccessUnit(p.timestamp(), true, damaged, java.util.List.of(p.payload().retainedSlice()));
    damaged = false;
    out.accept(au);
  }

  @Override
  public String lastError() {
    return malformed > 0 ? "empty payload" : null;
  }

  @Override
  public long malformed() {
    return malformed;
  }

  @Override
  public void close() {}
}
