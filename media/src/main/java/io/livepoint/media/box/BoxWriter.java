package io.livepoint.media.box;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Writes boxes into a buffer: {@code start("moof")}, fields, nested boxes, {@code end()}. Sizes are
 * patched on {@code end()}, so nesting needs no precomputed lengths.
 */
public final class BoxWriter {
  private final ByteBuf out;
  private final Deque<Integer> open = new ArrayDeque<>();

  /** Writes at the writerIndex of {@code out}; the caller owns it. */
  public BoxWriter(ByteBuf out) {
    this.out = out;
  }

  public ByteBuf buffer() {
    return out;
  }

  /** Opens a box; its size is written by the matching {@link #end()}. */
  public BoxWriter start(String type) {
    return start(FourCC.of(type));
  }

  public BoxWriter start(int type) {
    open.push(out.writerIndex());
    out.writeInt(0);
    out.writeInt(type);
    return this;
  }

  /** Opens a full box with version and flags. */
  public BoxWriter startFull(String type, int version, int flags) {
    start(type);
    out.writeByte(version);
    out.writeMedium(flags);
    return this;
  }

  /** Closes the innermost open box. */
  public BoxWriter end() {
    if (open.isEmpty()) {
      throw new IllegalStateException("no open box");
    }
    int at = open.pop();
    out.setInt(at, out.writerIndex() - at);
    return this;
  }

  /** Whether every started box has been ended. */
  public boolean balanced() {
    return open.isEmpty();
  }

  public BoxWriter u8(int v) {
    out.writeByte(v);
    return this;
  }

  public BoxWriter u16(int v) {
    out.writeShort(v);
    return this;
  }

  public BoxWriter u24(int v) {
    out.writeMedium(v);
    return this;
  }

  public BoxWriter u32(long v) {
    out.writeInt((int) v);
    return this;
  }

  public BoxWriter u64(long v) {
    out.writeLong(v);
    return this;
  }

  public BoxWriter fourcc(String code) {
    out.writeInt(FourCC.of(code));
    return this;
  }

  public BoxWriter bytes(byte[] b) {
    out.writeBytes(b);
    return this;
  }

  /** Copies the readable bytes of {@code b} (left unchanged). */
  public BoxWriter bytes(ByteBuf b) {
    out.writeBytes(b, b.readerIndex(), b.readableBytes());
    return this;
  }

  public BoxWriter zeros(int n) {
    out.writeZero(n);
    return this;
  }

  /** A null-terminated UTF-8 string. */
  public BoxWriter cstring(String s) {
    out.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    out.writeByte(0);
    return this;
  }

  /** A whole box with the given payload bytes. */
  public BoxWriter box(String type, byte[] payload) {
    return start(type).bytes(payload).end();
  }
}
