package io.livepoint.media.scte35;

/** CRC-32/MPEG-2 (polynomial 0x04C11DB7, no reflection, no final xor): MPEG-2 sections end with it. */
final class Crc32Mpeg2 {
  private static final int[] TABLE = new int[256];

  static {
    for (int i = 0; i < 256; i++) {
      int c = i << 24;
      for (int k = 0; k < 8; k++) {
        c = (c & 0x80000000) != 0 ? (c << 1) ^ 0x04C11DB7 : c << 1;
      }
      TABLE[i] = c;
    }
  }

  private Crc32Mpeg2() {}

  /** The CRC of {@code data[0..length)}; over a whole section including its CRC_32 field it is 0. */
  static int of(byte[] data, int length) {
    int crc = 0xFFFFFFFF;
    for (int i = 0; i < length; i++) {
      crc = (crc << 8) ^ TABLE[((crc >>> 24) ^ data[i]) & 0xFF];
    }
    return crc;
  }
}
