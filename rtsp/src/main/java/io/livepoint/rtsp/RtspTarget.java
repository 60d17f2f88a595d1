package io.livepoint.rtsp;

/**
 * What a request URI names: a stream ({@code rtsp://host:port/{stream}}) and optionally one of its
 * tracks ({@code .../{stream}/track={id}}), as the SDP's control URLs make them.
 *
 * @param track the track control ({@code track=...}), or null for the aggregate
 */
record RtspTarget(String stream, String track) {

  /** Parses a request URI; null when it names no stream ({@code *} or an empty path). */
  static RtspTarget of(String uri) {
    String path = uri;
    if (path.regionMatches(true, 0, "rtsp://", 0, 7) || path.regionMatches(true, 0, "rtsps://", 0, 8)) {
      int slash = path.indexOf('/', path.indexOf("//") + 2);
      path = slash < 0 ? "" : path.substring(slash);
    } else if (!path.startsWith("/")) {
      return null;
    }
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String track = null;
    int last = path.lastIndexOf('/');
    String tail = path.substring(last + 1);
    if (tail.startsWith(Rtsp.TRACK_CONTROL)) {
      track = tail;
      path = last < 0 ? "" : path.substring(0, last);
    }
    return path.isEmpty() ? null : new RtspTarget(path, track);
  }
}
