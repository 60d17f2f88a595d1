package io.livepoint.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.EventExecutor;
import java.net.SocketAddress;

/** One open WebSocket connection, as its {@link WebSocketHandler} sees it. All methods on {@link #executor()}. */
public interface WebSocketSession {
  /** The path the upgrade request named, e.g. {@code /live/demo/}. */
  String path();

  /** The sub-protocol agreed in the handshake, or null when none was. */
  String subprotocol();

  SocketAddress remoteAddress();

  EventExecutor executor();

  ByteBufAllocator alloc();

  /** Sends a text message. */
  ChannelFuture sendText(String text);

  /** Sends a binary message; {@code data} is released by the session. */
  ChannelFuture sendBinary(ByteBuf data);

  /** Sends a close frame with {@code code} and {@code reason}, then closes the connection. */
  void close(int code, String reason);

  boolean isOpen();

  /** A completed future, for a send that had nothing to do. */
  ChannelFuture newSucceededFuture();

  /** Whether the transport can take more bytes now (back-pressure). */
  boolean writable();

  /** Runs {@code task} once on the executor as soon as the transport can take more bytes (at once if now). */
  void onWritable(Runnable task);
}
