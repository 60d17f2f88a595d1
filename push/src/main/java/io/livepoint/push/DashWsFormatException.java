package io.livepoint.push;

/** A WebSocket message that does not follow the layout of {@link DashWsCodec}. */
public final class DashWsFormatException extends Exception {
  private static final long serialVersionUID = 1L;

  public DashWsFormatException(String message) {
    super(message);
  }
}
