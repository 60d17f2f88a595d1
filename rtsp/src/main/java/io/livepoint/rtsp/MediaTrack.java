package io.livepoint.rtsp;

import io.livepoint.core.Track;
import io.livepoint.media.rtp.CmafTrackSource;

/**
 * A track of a stream as an RTSP media: the live track, its RTP source (SDP and packetizer from its CMAF
 * header) and its control URL relative to the Content-Base.
 */
public record MediaTrack(Track track, CmafTrackSource source, String control) {
  public int payloadType() {
    return source.sdp().payloadType();
  }
}
