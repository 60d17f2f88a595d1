package io.livepoint.core;

import io.livepoint.media.cmaf.TrackInfo;
import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;
import io.netty.buffer.ByteBufUtil;

/** A CMAF header (ftyp + moov) as received, stored once, with what it says parsed. */
public final class TrackHeader {
  private final ByteBuf data;
  private final TrackInfo info;
  private boolean released;

  /** Ownership of {@code data} passes to the header. */
  public TrackHeader(ByteBuf data, TrackInfo info) {
    this.data = data;
    this.info = info;
  }

  public TrackInfo info() {
    return info;
  }

  /**
   * A retained duplicate of the header bytes (the init segment); the caller releases it. Throws
   * {@link IllegalReferenceCountException} when the header was replaced and released meanwhile.
   */
  public synchronized ByteBuf retainedData() {
    if (released) {
      throw new IllegalReferenceCountException(0);
    }
    return data.retainedDuplicate();
  }

  public int size() {
    return data.readableBytes();
  }

  /** Byte-for-byte equality: a repeated identical header is accepted and ignored (ingest 6.8). */
  public boolean sameBytesAs(TrackHeader other) {
    return ByteBufUtil.equals(data, other.data);
  }

  synchronized void release() {
    if (!released) {
      released = true;
      data.release();
    }
  }
}
