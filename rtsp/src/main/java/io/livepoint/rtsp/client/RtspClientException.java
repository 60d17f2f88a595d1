package io.livepoint.rtsp.client;

/** A camera refused a request or broke the protocol; {@link #status()} is its RTSP status, or 0. */
public final class RtspClientException extends Exception {
  private final int status;

  public RtspClientException(int status, String message) {
    super(message);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
