package io.livepoint.media.rtp;

import io.netty.buffer.ByteBuf;
import java.util.List;

/**
 * ONVIF metadata stream packetizer (Streaming 5.1.2.1.1): an XML document (or its GZIP form) split at the
 * payload limit, the marker bit on the packet that closes the document.
 */
public final class MetadataPacketizer implements Packetizer {
  private final int maxPayload;

  public MetadataPacketizer(int maxPayload) {
    this.maxPayload = maxPayload;
  }

  @Override
  public void packetize(AccessUnit au, List<RtpPacket> out) {
    ByteBuf doc = au.frame();
    int at = doc.readerIndex();
    int end = doc.writerIndex();
    do {
      int n = Math.min(maxPayload, end - at);
      out.add(RtpPacket.of(at + n == end, au.timestamp(), doc.retainedSlice(at, n)));
      at += n;
    } while (at < end);
  }
}
