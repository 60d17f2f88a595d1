package io.livepoint.media.rtp;

import java.util.List;

/**
 * Turns access units into RTP packets of one payload format, no payload larger than the packetizer's
 * limit. The packets carry the marker bit and the timestamp; payload type, sequence number and SSRC are
 * stamped by the sender ({@link RtpPacket#stamped}). Payloads are retained slices of the access unit
 * where the format allows (no copy of the media bytes).
 */
public interface Packetizer {
  /** Default largest RTP payload: fits a 1500-byte Ethernet MTU with room for tunnels and SRTP. */
  int DEFAULT_MAX_PAYLOAD = 1200;

  /** Appends the packets of {@code au} to {@code out}. {@code au} is not consumed; the caller owns the packets. */
  void packetize(AccessUnit au, List<RtpPacket> out);
}
