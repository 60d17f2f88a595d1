package io.livepoint.media.box;

import io.netty.buffer.ByteBuf;

/**
 * One box: its type and its whole bytes (header included, from readerIndex). Boxes from
 * {@link BoxFramer} own their buffer (the receiver releases it); boxes from {@link Boxes} readers are
 * unretained views of their parent and must not be released.
 */
public record Box(int type, ByteBuf data) {

  public String typeName() {
    return FourCC.toString(type);
  }

  /** Total size in bytes, header included. */
  public int size() {
    return data.readableBytes();
  }

  /** 8, or 16 for a box with a 64-bit largesize. */
  public int headerSize() {
    return data.getInt(data.readerIndex()) == 1 ? 16 : 8;
  }

  /** An unretained view of the bytes after the header. */
  public ByteBuf payload() {
    int h = headerSize();
    return data.slice(data.readerIndex() + h, size() - h);
  }

  /** FullBox version (first payload byte). */
  public int version() {
    checkFull();
    return data.getUnsignedByte(data.readerIndex() + headerSize());
  }

  /** FullBox flags (24 bits after the version). */
  public int flags() {
    checkFull();
    return data.getUnsignedMedium(data.readerIndex() + headerSize() + 1);
  }

  /** An unretained view of a FullBox's bytes after version and flags. */
  public ByteBuf fullPayload() {
    checkFull();
    int h = headerSize() + 4;
    return data.slice(data.readerIndex() + h, size() - h);
  }

  public boolean is(int boxType) {
    return type == boxType;
  }

  /** Releases the bytes (only for boxes that own them). */
  public void release() {
    data.release();
  }

  private void checkFull() {
    if (size() < headerSize() + 4) {
      throw new BoxFormatException("'" + typeName() + "' too small for a full box (" + size() + " bytes)");
    }
  }

  @Override
  public String toString() {
    return "Box[" + typeName() + ", " + size() + " bytes]";
  }
}
