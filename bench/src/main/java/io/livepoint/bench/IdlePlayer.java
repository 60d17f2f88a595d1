package io.livepoint.bench;

import io.netty.buffer.ByteBuf;

/**
 * A subscriber that has joined and now waits: one request for the track's init segment on its
 * keep-alive connection, then nothing (the state a player's connection is in between requests).
 */
final class IdlePlayer extends Player {
  private final byte[] path;
  private final Runnable answered;

  IdlePlayer(LoadStats stats, String path, Runnable answered) {
    super(stats);
    this.path = bytes(path);
    this.answered = answered;
  }

  @Override
  void begin() {
    ByteBuf b = startRequest();
    ascii(b, path);
    send(b);
  }

  @Override
  void body(ByteBuf content) {
    // counted by the base class
  }

  @Override
  void complete() {
    answered.run();
  }
}
