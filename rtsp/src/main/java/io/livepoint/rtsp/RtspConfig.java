package io.livepoint.rtsp;

import java.time.Duration;

/**
 * @param host address to listen on (TCP for RTSP, UDP for the RTP/RTCP port pair)
 * @param port RTSP TCP port (0: any free one)
 * @param sessionTimeout keep-alive timeout announced in the Session header
 * @param maxQueuedBytes bytes an interleaved client may have queued before it is dropped as too slow
 */
public record RtspConfig(String host, int port, Duration sessionTimeout, int maxQueuedBytes) {
  public static final int DEFAULT_MAX_QUEUED = 4 << 20;
}
