package io.livepoint.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.DefaultByteBufHolder;

/** A binary frame interleaved on the RTSP connection (RFC 2326 10.12): {@code $}, channel, length, data. */
public final class InterleavedFrame extends DefaultByteBufHolder {
  private final int channel;

  /** Ownership of {@code data} passes to the frame. */
  public InterleavedFrame(int channel, ByteBuf data) {
    super(data);
    this.channel = channel;
  }

  public int channel() {
    return channel;
  }
}
