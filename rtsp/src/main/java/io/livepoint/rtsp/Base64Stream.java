package io.livepoint.rtsp;

import io.netty.buffer.ByteBuf;

/**
 * Decodes the base64 of an RTSP-over-HTTP POST body as it arrives, in pieces cut anywhere: each client
 * request is encoded on its own, so padding ('=') may end a quantum in the middle of the stream (it resets
 * the bit buffer); line breaks and spaces are skipped.
 */
final class Base64Stream {
  private static final byte[] VALUES = new byte[128];

  static {
    java.util.Arrays.fill(VALUES, (byte) -1);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < alphabet.length(); i++) {
      VALUES[alphabet.charAt(i)] = (byte) i;
    }
  }

  private int bits;
  private int count;

  /** Thrown for a character outside the base64 alphabet. */
  static final class Base64Exception extends Exception {
    Base64Exception(String message) {
      super(message);
    }
  }

  /** Decodes {@code in} (not consumed beyond its readable bytes, not released) into {@code out}. */
  void decode(ByteBuf in, ByteBuf out) throws Base64Exception {
    for (int i = in.readerIndex(); i < in.writerIndex(); i++) {
      int c = in.getByte(i) & 0xff;
      if (c == '\r' || c == '\n' || c == ' ' || c == '\t') {
        continue;
      }
      if (c == '=') {
        bits = 0;
        count = 0;
        continue;
      }
      int v = c < 128 ? VALUES[c] : -1;
      if (v < 0) {
        throw new Base64Exception("byte 0x" + Integer.toHexString(c) + " is not base64");
      }
      bits = (bits << 6) | v;
      count += 6;
      if (count >= 8) {
        count -= 8;
        out.writeByte(bits >> count);
        bits &= (1 << count) - 1;
      }
    }
    in.readerIndex(in.writerIndex());
  }
}
