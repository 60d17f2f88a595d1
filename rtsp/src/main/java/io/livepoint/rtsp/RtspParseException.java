package io.livepoint.rtsp;

/** A request that cannot be framed or parsed: answered 400 (or 413 when too large) and the connection closed. */
public final class RtspParseException extends Exception {
  private final Rtsp.Status status;

  public RtspParseException(String message) {
    this(Rtsp.Status.BAD_REQUEST, message);
  }

  public RtspParseException(Rtsp.Status status, String message) {
    super(message);
    this.status = status;
  }

  public Rtsp.Status status() {
    return status;
  }
}
