package io.livepoint.media.rtp;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * Opus (RFC 7587 4.2: one Opus packet per RTP packet, never split) and G.711 (RFC 3551 4.5.14: one
 * octet per sample, a long block split at the payload limit with the timestamp advanced by the samples
 * before it). The marker bit stays clear: there is no talkspurt detection.
 */
public final class AudioPacketizer implements Packetizer {
  /** How the format treats frames. */
  public enum Kind { OPUS, G711 }

  private final Kind kind;
  private final int maxPayload;

  public AudioPacketizer(Kind kind, int maxPayload) {
    this.kind = kind;
    this.maxPayload = maxPayload;
  }

  @Override
  public void packetize(AccessUnit au, List<RtpPacket> out) {
    ByteBuf frame = au.frame();
    if (kind == Kind.OPUS) {
      out.add(RtpPacket.of(false, au.timestamp(), frame.retainedSlice()));
      return;
    }
    for (int at = 0; at < frame.readableBytes(); at += maxPayload) {
      int n = Math.min(maxPayload, frame.readableBytes() - at);
      out.add(RtpPacket.of(false, au.timestamp() + at, frame.retainedSlice(frame.readerIndex() + at, n)));
    }
  }
}
