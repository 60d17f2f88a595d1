package io.livepoint.media.scte35;

/** Reads big-endian bit fields of a section, failing with {@link Scte35FormatException} past its end. */
final class Bits {
  private final byte[] data;
  private final int end;
  private long bit;

  Bits(byte[] data, int from, int end) {
    this.data = data;
    this.end = end;
    this.bit = (long) from * 8;
  }

  long read(int n) {
    if (bit + n > (long) end * 8) {
      throw new Scte35FormatException("section ends inside a field");
    }
    long v = 0;
    for (int i = 0; i < n; i++, bit++) {
      v = (v << 1) | ((data[(int) (bit >>> 3)] >>> (7 - (bit & 7))) & 1);
    }
    return v;
  }

  boolean flag() {
    return read(1) == 1;
  }

  void skip(int n) {
    if (bit + n > (long) end * 8) {
      throw new Scte35FormatException("section ends inside a field");
    }
    bit += n;
  }

  /** Byte position (the reader must be byte aligned). */
  int position() {
    return (int) (bit >>> 3);
  }

  /** A reader over the next {@code length} bytes, and this one moved past them. */
  Bits slice(int length) {
    int from = position();
    if (from + length > end) {
      throw new Scte35FormatException("a " + length + "-byte structure runs past the section");
    }
    bit += (long) length * 8;
    return new Bits(data, from, from + length);
  }

  int remaining() {
    return end - position();
  }
}
