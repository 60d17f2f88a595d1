package io.livepoint.packager;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Builds small but well-formed CMAF chunk bytes (moof with one trun, then mdat) for tests. */
final class Fmp4 {
  private Fmp4() {}

  /**
   * A chunk of {@code samples} samples: moof(mfhd, traf(tfhd, tfdt, trun)) + mdat whose payload is
   * {@code payload} bytes of {@code fill}, so every chunk's bytes can be told apart.
   */
  static byte[] chunk(long sequence, long decodeTime, int samples, int payload, byte fill) {
    byte[] mfhd = fullBox("mfhd", 0, 0, ByteBuffer.allocate(4).putInt((int) sequence).array());
    byte[] tfhd = fullBox("tfhd", 0, 0x020000, ByteBuffer.allocate(4).putInt(1).array());
    byte[] tfdtBox = fullBox("tfdt", 1, 0, ByteBuffer.allocate(8).putLong(decodeTime).array());
    ByteBuffer trunBody = ByteBuffer.allocate(4 + 4 * samples);
    trunBody.putInt(samples);
    for (int i = 0; i < samples; i++) {
      trunBody.putInt(payload / Math.max(1, samples)); // sample sizes
    }
    byte[] trun = fullBox("trun", 0, 0x000200, trunBody.array());
    byte[] traf = box("traf", concat(tfhd, tfdtBox, trun));
    byte[] moof = box("moof", concat(mfhd, traf));
    byte[] data = new byte[payload];
    java.util.Arrays.fill(data, fill);
    return concat(moof, box("mdat", data));
  }

  static byte[] box(String type, byte[] body) {
    ByteBuffer b = ByteBuffer.allocate(8 + body.length);
    b.putInt(8 + body.length).put(type.getBytes(StandardCharsets.US_ASCII)).put(body);
    return b.array();
  }

  static byte[] fullBox(String type, int version, int flags, byte[] body) {
    ByteBuffer b = ByteBuffer.allocate(4 + body.length);
    b.putInt((version << 24) | flags).put(body);
    return box(type, b.array());
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }
}
