package io.livepoint.media.box;

import java.nio.charset.StandardCharsets;

/** Four-character codes (box types, brands, handler types) as big-endian ints and as text. */
public final class FourCC {
  private FourCC() {}

  /** The int of a four-character code; {@code "moof"} becomes {@code 0x6d6f6f66}. */
  public static int of(String code) {
    byte[] b = code.getBytes(StandardCharsets.ISO_8859_1);
    if (b.length != 4) {
      throw new IllegalArgumentException("not a four-character code: '" + code + "'");
    }
    return (b[0] & 0xff) << 24 | (b[1] & 0xff) << 16 | (b[2] & 0xff) << 8 | (b[3] & 0xff);
  }

  /** The text of a four-character code (ISO-8859-1, so every int has a lossless text form). */
  public static String toString(int code) {
    byte[] b = {(byte) (code >>> 24), (byte) (code >>> 16), (byte) (code >>> 8), (byte) code};
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
