package io.livepoint.http;

import io.netty.buffer.ByteBuf;

/**
 * The application side of one WebSocket connection (RFC 6455) accepted with
 * {@link Exchange#upgradeToWebSocket}. Calls come on the connection's event loop: never block in them.
 */
public interface WebSocketHandler {
  /** The handshake completed: messages may be sent. */
  default void onOpen(WebSocketSession session) {}

  /** A complete text message. */
  default void onText(WebSocketSession session, String text) {}

  /** A complete binary message; released after the call returns (retain to keep it). */
  default void onBinary(WebSocketSession session, ByteBuf data) {}

  /** The connection closed: by a close frame ({@code code} from it), or abnormally (1006). Called once. */
  default void onClose(WebSocketSession session, int code, String reason) {}
}
