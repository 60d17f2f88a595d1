package io.livepoint.media.box;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * Readers over boxes already in memory. Every box found is an unretained slice of its parent, and every
 * size is checked against the parent: a corrupt size raises {@link BoxFormatException} instead of
 * reading past the parent's end.
 */
public final class Boxes {
  private Boxes() {}

  /** The boxes laid end to end in the readable bytes of {@code bytes} (which must hold nothing else). */
  public static List<Box> children(ByteBuf bytes) {
    List<Box> out = new ArrayList<>();
    int i = bytes.readerIndex();
    int end = bytes.writerIndex();
    while (i < end) {
      Box b = boxAt(bytes, i, end);
      out.add(b);
      i += b.size();
    }
    return out;
  }

  /** The child boxes of a container box (after its header). */
  public static List<Box> children(Box container) {
    return children(container.payload());
  }

  /** The first child of {@code container} with this type, or null. */
  public static Box child(Box container, int type) {
    return first(container.payload(), type);
  }

  /** The first box of this type among the boxes in {@code bytes}, or null. */
  public static Box first(ByteBuf bytes, int type) {
    int i = bytes.readerIndex();
    int end = bytes.writerIndex();
    while (i < end) {
      Box b = boxAt(bytes, i, end);
      if (b.type() == type) {
        return b;
      }
      i += b.size();
    }
    return null;
  }

  /**
   * The first box along a path of plain containers, e.g. {@code find(init, "moov/trak/mdia/mdhd")}
   * where {@code init} holds top-level boxes. Null when any step is missing.
   */
  public static Box find(ByteBuf bytes, String path) {
    String[] steps = path.split("/");
    Box current = null;
    ByteBuf scope = bytes;
    for (String step : steps) {
      current = first(scope, FourCC.of(step));
      if (current == null) {
        return null;
      }
      scope = current.payload();
    }
    return current;
  }

  /** Like {@link #find(ByteBuf, String)} but starting inside {@code container}. */
  public static Box find(Box container, String path) {
    return find(container.payload(), path);
  }

  /** All boxes of this type among the boxes in {@code bytes}. */
  public static List<Box> all(ByteBuf bytes, int type) {
    List<Box> out = new ArrayList<>();
    for (Box b : children(bytes)) {
      if (b.type() == type) {
        out.add(b);
      }
    }
    return out;
  }

  /** The box starting at {@code index}, which must end at or before {@code end}. */
  public static Box boxAt(ByteBuf bytes, int index, int end) {
    if (end - index < 8) {
      throw new BoxFormatException("truncated box header: " + (end - index) + " bytes left");
    }
    long size = bytes.getUnsignedInt(index);
    int type = bytes.getInt(index + 4);
    int headerSize = 8;
    if (size == 1) {
      if (end - index < 16) {
        throw new BoxFormatException("truncated largesize header of '" + FourCC.toString(type) + "'");
      }
      size = bytes.getLong(index + 8);
      headerSize = 16;
    } else if (size == 0) {
      size = end - index; // to the end of the enclosing container (ISOBMFF 4.2)
    }
    if (size < headerSize || size > end - index) {
      throw new BoxFormatException("box '" + FourCC.toString(type) + "' has size " + size + " but "
          + (end - index) + " bytes remain in its parent");
    }
    return new Box(type, bytes.slice(index, (int) size));
  }

  /** A null-terminated UTF-8 string starting at {@code index} (no terminator: to {@code end}). */
  public static String cstring(ByteBuf bytes, int index, int end) {
    int zero = bytes.indexOf(index, end, (byte) 0);
    int stop = zero < 0 ? end : zero;
    return bytes.toString(index, stop - index, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Index just after the null terminator of a string at {@code index} (or {@code end}). */
  public static int skipCstring(ByteBuf bytes, int index, int end) {
    int zero = bytes.indexOf(index, end, (byte) 0);
    return zero < 0 ? end : zero + 1;
  }

  /** Throws unless {@code n} bytes are readable from {@code index} before {@code end}. */
  public static void need(ByteBuf bytes, int index, int n, int end, String what) {
    if (n < 0 || index < bytes.readerIndex() || (long) index + n > end) {
      throw new BoxFormatException(what + " truncated");
    }
  }
}
