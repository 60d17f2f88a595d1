package io.livepoint.rtsp;

import io.netty.buffer.ByteBuf;

/** Where a track's RTP and RTCP packets go: interleaved on the RTSP connection or UDP datagrams. */
interface RtpOutput {
  /** Queues an RTP packet (ownership passes). */
  void rtp(ByteBuf packet);

  /** Queues an RTCP compound packet (ownership passes). */
  void rtcp(ByteBuf packet);

  /** Sends what was queued. */
  void flush();

  /** True when the peer reads too slowly and the queued bytes reached the bound: drop the client. */
  boolean overloaded();

  /** Human-readable description for logs and the Transport header. */
  String transport();
}
