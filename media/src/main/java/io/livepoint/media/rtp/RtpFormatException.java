package io.livepoint.media.rtp;

/**
 * Bytes that are not a well-formed RTP/RTCP packet, payload header, SDP parameter or JPEG frame. The one
 * exception every parser in this package throws on bad input; unchecked because the callers (RTSP
 * sessions) count and log the packet and go on.
 */
public final class RtpFormatException extends RuntimeException {
  public RtpFormatException(String message) {
    super(message);
  }
}
