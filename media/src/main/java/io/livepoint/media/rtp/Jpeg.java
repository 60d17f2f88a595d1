package io.livepoint.media.rtp;

import java.util.HexFormat;

/**
 * JPEG (ITU-T T.81) markers and the tables RFC 2435 assumes: the standard quantization tables of Annex K.1/K.2
 * (natural order) scaled by the Q factor (RFC 2435 4.2), and the Huffman tables of Annex K.3 that every
 * RFC 2435 frame is coded with. The wire constants of the JPEG payload format.
 */
public final class Jpeg {
  private Jpeg() {}

  public static final int SOI = 0xd8;
  public static final int EOI = 0xd9;
  public static final int SOF0 = 0xc0;
  public static final int SOF1 = 0xc1;
  public static final int DHT = 0xc4;
  public static final int SOS = 0xda;
  public static final int DQT = 0xdb;
  public static final int DRI = 0xdd;
  public static final int RST0 = 0xd0;
  public static final int APP0 = 0xe0;
  public static final int COM = 0xfe;

  /** RFC 2435 3.1.3 types: 0 is 4:2:2 (Y sampled 2x1), 1 is 4:2:0 (Y 2x2); +64 with restart markers. */
  public static final int TYPE_422 = 0;
  public static final int TYPE_420 = 1;
  public static final int TYPE_RESTART = 64;
  /** RFC 2435 3.1.4: Q values 128..255 carry the tables in-band. */
  public static final int Q_IN_BAND = 128;
  /** Largest dimension the 8-bit width/8 and height/8 fields can express. */
  public static final int MAX_DIMENSION = 2040;

  /** Zig-zag scan position to natural (row-major) index. */
  static final int[] ZIGZAG = {0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48,
      41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59,
      52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63};

  /** Annex K.1 luminance quantization table, natural order. */
  static final int[] LUMA_Q = {16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24,
      40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62, 18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104,
      113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99};

  /** Annex K.2 chrominance quantization table, natural order. */
  static final int[] CHROMA_Q = {17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99,
      99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99,
      99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 99};

  // Annex K.3 Huffman tables: 16 code-length counts, then the symbol values.
  static final byte[] DC_LUMA_BITS = hex("00010501010101010100000000000000");
  static final byte[] DC_LUMA_VALUES = hex("000102030405060708090a0b");
  static final byte[] DC_CHROMA_BITS = hex("00030101010101010101010000000000");
  static final byte[] DC_CHROMA_VALUES = DC_LUMA_VALUES;
  static final byte[] AC_LUMA_BITS = hex("0002010303020403050504040000017d");
  static final byte[] AC_LUMA_VALUES = hex("01020300041105122131410613516107227114328191a1082342b1c11552d1f02433"
      + "627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a636465666768696a737475"
      + "767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9cad2"
      + "d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9fa");
  static final byte[] AC_CHROMA_BITS = hex("00020102040403040705040400010277");
  static final byte[] AC_CHROMA_VALUES = hex("000102031104052131061241510761711322328108144291a1b1c109233352f015"
      + "6272d10a162434e125f11718191a262728292a35363738393a434445464748494a535455565758595a636465666768696a7374"
      + "75767778797a82838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2c3c4c5c6c7c8c9ca"
      + "d2d3d4d5d6d7d8d9dae2e3e4e5e6e7e8e9eaf2f3f4f5f6f7f8f9fa");

  /**
   * The DHT segment (marker included) holding the four standard tables: DC 0, AC 0 (luminance), DC 1,
   * AC 1 (chrominance).
   */
  static byte[] standardDht() {
    java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
    int length = 2 + 4 * 17 + DC_LUMA_VALUES.length + AC_LUMA_VALUES.length + DC_CHROMA_VALUES.length
        + AC_CHROMA_VALUES.length;
    b.write(0xff);
    b.write(DHT);
    b.write(length >> 8);
    b.write(length);
    table(b, 0x00, DC_LUMA_BITS, DC_LUMA_VALUES);
    table(b, 0x10, AC_LUMA_BITS, AC_LUMA_VALUES);
    table(b, 0x01, DC_CHROMA_BITS, DC_CHROMA_VALUES);
    table(b, 0x11, AC_CHROMA_BITS, AC_CHROMA_VALUES);
    return b.toByteArray();
  }

  private static void table(java.io.ByteArrayOutputStream b, int classAndId, byte[] bits, byte[] values) {
    b.write(classAndId);
    b.writeBytes(bits);
    b.writeBytes(values);
  }

  /**
   * The two quantization tables (luminance, chrominance; zig-zag order, 64 bytes each) of an RFC 2435 Q
   * factor 1..99: the Annex K tables scaled as in libjpeg (RFC 2435 4.2).
   */
  static byte[] scaledTables(int q) {
    int factor = q < 50 ? 5000 / q : 200 - 2 * q;
    byte[] out = new byte[128];
    for (int i = 0; i < 64; i++) {
      out[i] = (byte) clamp((LUMA_Q[ZIGZAG[i]] * factor + 50) / 100);
      out[64 + i] = (byte) clamp((CHROMA_Q[ZIGZAG[i]] * factor + 50) / 100);
    }
    return out;
  }

  private static int clamp(int v) {
    return Math.max(1, Math.min(255, v));
  }

  private static byte[] hex(String s) {
    return HexFormat.of().parseHex(s);
  }
}
