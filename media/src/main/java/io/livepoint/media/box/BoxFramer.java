package io.livepoint.media.box;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.function.Consumer;

/**
 * Cuts a byte stream that arrives in arbitrary pieces (HTTP chunks, TCP reads) into its top-level
 * boxes. Pieces may split a box anywhere, including inside its 8- or 16-byte header. Each complete box
 * is emitted in its own pooled direct buffer, copied once from the pieces (which the framer never
 * keeps). That buffer starts small and grows as bytes arrive, up to the size the box header declares:
 * memory follows the bytes received, not the bytes a header claims.
 *
 * <p>Sizes: {@code size == 1} (a 64-bit largesize) is supported; a size below the header, or above
 * {@code maxBoxSize}, is rejected. {@code size == 0} ("extends to the end of the file") is rejected:
 * on a live stream the end is not known until the request ends, and CMAF writers never use it for
 * streamed boxes, so accepting it would mean buffering without bound.
 */
public final class BoxFramer implements AutoCloseable {
  /** Where a box's bytes go; lets a caller put a box behind bytes it already holds (one buffer per chunk). */
  public interface Target {
    /**
     * A buffer where the box is written at its writerIndex: it must be able to grow by {@code size}
     * bytes ({@code maxCapacity() - writerIndex() >= size}) but should hold only about
     * {@code initialCapacity} of them at first, since the size is only what the sender claims. The
     * emitted box is an unretained slice of it, so releasing the box releases this buffer.
     */
    ByteBuf bufferFor(int type, int size, int initialCapacity);
  }

  /** Smallest first capacity of a box buffer (before growing as its bytes arrive). */
  public static final int MIN_INITIAL_CAPACITY = 4096;

  private final ByteBufAllocator alloc;
  private final long maxBoxSize;
  private final byte[] header = new byte[16];
  private int headerLength;
  private int needHeader = 8;
  private ByteBuf box;
  private int boxStart;
  private int boxType;
  private long remaining;
  private Target target;

  /**
   * @param maxBoxSize the largest box accepted (at most {@code Integer.MAX_VALUE - 64}, a buffer's limit)
   */
  public BoxFramer(ByteBufAllocator alloc, long maxBoxSize) {
    this.alloc = alloc;
    this.maxBoxSize = Math.min(maxBoxSize, Integer.MAX_VALUE - 64);
  }

  /** Sets where the next boxes are written; null restores a fresh pooled direct buffer per box. */
  public void target(Target target) {
    this.target = target;
  }

  /**
   * Consumes the readable bytes of {@code piece} (its readerIndex is left unchanged; the caller keeps
   * ownership) and emits every box it completes, in order. Ownership of each emitted box passes to
   * {@code out}.
   *
   * @throws BoxFormatException on an invalid or too large box size; the framer is then unusable
   */
  public void feed(ByteBuf piece, Consumer<Box> out) {
    int index = piece.readerIndex();
    int end = piece.writerIndex();
    while (index < end) {
      if (box == null) {
        int n = Math.min(needHeader - headerLength, end - index);
        piece.getBytes(index, header, headerLength, n);
        headerLength += n;
        index += n;
        if (headerLength < needHeader) {
          continue;
        }
        if (!startBox(end - index)) {
          continue; // a largesize header needs 8 more bytes
        }
      }
      int n = (int) Math.min(remaining, end - index);
      box.writeBytes(piece, index, n);
      index += n;
      remaining -= n;
      if (remaining == 0) {
        ByteBuf done = box;
        int start = boxStart;
        box = null;
        headerLength = 0;
        needHeader = 8;
        out.accept(new Box(boxType, target == null ? done : done.slice(start, done.writerIndex() - start)));
      }
    }
  }

  /** Whether part of a box has been received but not yet emitted. */
  public boolean hasPartial() {
    return box != null || headerLength > 0;
  }

  /** Bytes of the box in progress received so far (0 when none). */
  public long partialBytes() {
    return box != null ? box.writerIndex() - boxStart : headerLength;
  }

  /** Releases the box in progress, if any. */
  @Override
  public void close() {
    if (box != null) {
      box.release();
      box = null;
    }
    headerLength = 0;
    needHeader = 8;
  }

  /**
   * Reads the collected header; false when a largesize needs more header bytes.
   *
   * @param available bytes of the current piece after the header (what has arrived of the box body)
   */
  private boolean startBox(int available) {
    long size = (header[0] & 0xffL) << 24 | (header[1] & 0xff) << 16 | (header[2] & 0xff) << 8 | (header[3] & 0xff);
    int type = (header[4] & 0xff) << 24 | (header[5] & 0xff) << 16 | (header[6] & 0xff) << 8 | (header[7] & 0xff);
    int headerSize = 8;
    if (size == 1) {
      if (headerLength < 16) {
        needHeader = 16;
        return false;
      }
      headerSize = 16;
      size = 0;
      for (int i = 8; i < 16; i++) {
        size = size << 8 | (header[i] & 0xff);
      }
      if (size < 0) {
        fail("box '" + FourCC.toString(type) + "' has a largesize beyond 2^63", true, type);
      }
    } else if (size == 0) {
      fail("box '" + FourCC.toString(type) + "' has size 0 (to end of file), not allowed in a stream", false, type);
    }
    if (size < headerSize) {
      fail("box '" + FourCC.toString(type) + "' has size " + size + ", smaller than its header", false, type);
    }
    if (size > maxBoxSize) {
      fail("box '" + FourCC.toString(type) + "' of " + size + " bytes exceeds the limit of " + maxBoxSize, true, type);
    }
    int total = (int) size;
    int initial = initialCapacity(total, headerSize + (long) available);
    ByteBuf buf = target == null ? alloc.directBuffer(initial, total) : target.bufferFor(type, total, initial);
    boxStart = buf.writerIndex();
    buf.writeBytes(header, 0, headerSize);
    box = buf;
    boxType = type;
    remaining = size - headerSize;
    return true;
  }

  /** What to allocate first for a box of {@code size} bytes of which {@code arrived} are here. */
  public static int initialCapacity(int size, long arrived) {
    return (int) Math.min(size, Math.max(MIN_INITIAL_CAPACITY, arrived));
  }

  private void fail(String message, boolean tooLarge, int type) {
    headerLength = 0;
    needHeader = 8;
    throw new BoxFormatException(message, tooLarge, type);
  }
}
