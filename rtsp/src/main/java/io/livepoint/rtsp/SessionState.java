package io.livepoint.rtsp;

/**
 * The server's RTSP session state machine (RFC 2326 Appendix A.2): Init, Ready, Playing. {@link #after}
 * says where a method leads, or null when it is not valid in this state (455).
 */
public enum SessionState {
  INIT, READY, PLAYING;

  /** The state after {@code method} succeeds here, or null when the method is not valid in this state. */
  public SessionState after(Rtsp.Method method) {
    return switch (method) {
      case SETUP -> this == PLAYING ? null : READY; // adding a track while playing is not offered
      case PLAY -> this == INIT ? null : PLAYING;
      case PAUSE -> this == INIT ? null : READY;
      case TEARDOWN -> INIT;
      case GET_PARAMETER, SET_PARAMETER, OPTIONS, DESCRIBE -> this;
      case ANNOUNCE, RECORD, REDIRECT -> null;
    };
  }
}
