package io.livepoint.media.codec;

/**
 * Reads the raw byte sequence payload of a NAL unit (ITU-T H.264/H.265 7.3): emulation prevention bytes
 * removed, fixed-width and Exp-Golomb fields. Reading past the end throws {@link IllegalArgumentException}.
 */
final class Rbsp {
  private final byte[] b;
  private int pos;
  private final int limit;

  /** @param headerSize bytes of the NAL unit header to skip */
  Rbsp(byte[] nal, int headerSize) {
    byte[] out = new byte[nal.length];
    int n = 0;
    int zeros = 0;
    for (int i = headerSize; i < nal.length; i++) {
      int v = nal[i] & 0xff;
      if (zeros >= 2 && v == 3) {
        zeros = 0;
        continue; // emulation_prevention_three_byte
      }
      zeros = v == 0 ? zeros + 1 : 0;
      out[n++] = (byte) v;
    }
    this.b = out;
    this.limit = n * 8;
  }

  int u(int bits) {
    if (pos + bits > limit) {
      throw new IllegalArgumentException("parameter set truncated");
    }
    int v = 0;
    for (int i = 0; i < bits; i++) {
      v = v << 1 | (b[pos >> 3] >> (7 - (pos & 7))) & 1;
      pos++;
    }
    return v;
  }

  long u32() {
    return (long) u(16) << 16 | u(16);
  }

  boolean flag() {
    return u(1) == 1;
  }

  void skip(int bits) {
    if (pos + bits > limit) {
      throw new IllegalArgumentException("parameter set truncated");
    }
    pos += bits;
  }

  /** ue(v). */
  int ue() {
    int zeros = 0;
    while (u(1) == 0) {
      if (++zeros > 31) {
        throw new IllegalArgumentException("Exp-Golomb code too long");
      }
    }
    return (int) ((1L << zeros) - 1 + (zeros == 0 ? 0 : Integer.toUnsignedLong(u(zeros))));
  }

  /** se(v). */
  int se() {
    long k = Integer.toUnsignedLong(ue());
    return (int) ((k & 1) == 1 ? (k + 1) / 2 : -(k / 2));
  }
}
