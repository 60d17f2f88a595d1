package io.livepoint.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

class GzipBodyTest {
  private final Random rnd = new Random(1952);

  @Test
  void headerFieldsAndMembersAcrossRandomPieces() throws Exception {
    byte[] a = new byte[100_000];
    rnd.nextBytes(a);
    byte[] b = "a second member, with every optional header field".repeat(100).getBytes();
    byte[] body = concat(GzipIngestTest.gzip(a), member(b, true));
    for (int round = 0; round < 20; round++) {
      assertArrayEquals(concat(a, b), inflate(body, 1 + rnd.nextInt(round < 10 ? 300 : 70_000)));
    }
  }

  @Test
  void piecesAreBounded() throws Exception {
    byte[] zeros = new byte[2 << 20];
    int[] largest = {0};
    try (GzipBody g = new GzipBody(PooledByteBufAllocator.DEFAULT, p -> largest[0] = Math.max(largest[0], p.readableBytes()))) {
      g.feed(Unpooled.wrappedBuffer(GzipIngestTest.gzip(zeros)));
      g.end();
    }
    assertEquals(GzipBody.PIECE, largest[0]);
  }

  @Test
  void damageIsAZipException() throws Exception {
    byte[] good = GzipIngestTest.gzip("hello".repeat(1000).getBytes());
    byte[] badCrc = good.clone();
    badCrc[badCrc.length - 8] ^= 1;
    assertTrue(assertThrows(ZipException.class, () -> inflate(badCrc, 100)).getMessage().contains("CRC"));
    byte[] reserved = good.clone();
    reserved[3] = (byte) 0x80;
    assertThrows(ZipException.class, () -> inflate(reserved, 100));
    assertThrows(ZipException.class, () -> inflate(new byte[0], 100));
    assertThrows(ZipException.class, () -> inflate(Arrays.copyOf(good, good.length - 1), 100));
  }

  /** Seeded mutations and truncations: inflated bytes or a ZipException, nothing else, nothing leaked. */
  @Test
  void fuzz() throws Exception {
    byte[] good = concat(GzipIngestTest.gzip("CMAF ".repeat(2000).getBytes()), member("x".repeat(500).getBytes(), true));
    for (int i = 0; i < 1500; i++) {
      byte[] m = Arrays.copyOf(good, rnd.nextInt(good.length + 1));
      for (int k = rnd.nextInt(4); k > 0 && m.length > 0; k--) {
        m[rnd.nextInt(m.length)] = (byte) rnd.nextInt(256);
      }
      try {
        inflate(m, 1 + rnd.nextInt(200));
      } catch (ZipException expected) {
        // documented
      }
    }
  }

  private byte[] inflate(byte[] body, int maxPiece) throws ZipException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GzipBody g = new GzipBody(PooledByteBufAllocator.DEFAULT, p -> {
      byte[] x = new byte[p.readableBytes()];
      p.getBytes(p.readerIndex(), x);
      out.writeBytes(x);
    })) {
      for (int at = 0; at < body.length; ) {
        int n = Math.min(body.length - at, 1 + rnd.nextInt(maxPiece));
        g.feed(Unpooled.wrappedBuffer(body, at, n)); // (not leak-tracked: tiny pieces by the hundred thousand)
        at += n;
      }
      g.end();
    }
    return out.toByteArray();
  }

  /** A gzip member with FEXTRA, FNAME, FCOMMENT and FHCRC (RFC 1952 2.3.1) when {@code allFields}. */
  static byte[] member(byte[] data, boolean allFields) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, (byte) (allFields ? 2 | 4 | 8 | 16 : 0), 0, 0, 0, 0, 0, 3});
    if (allFields) {
      out.writeBytes(new byte[] {4, 0, 'A', 'B', 1, 2});
      out.writeBytes("segment.m4s\0".getBytes());
      out.writeBytes("a comment\0".getBytes());
      out.writeBytes(new byte[] {0, 0});
    }
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    d.setInput(data);
    d.finish();
    byte[] buf = new byte[4096];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    CRC32 crc = new CRC32();
    crc.update(data);
    long c = crc.getValue();
    out.writeBytes(new byte[] {(byte) c, (byte) (c >> 8), (byte) (c >> 16), (byte) (c >> 24),
        (byte) data.length, (byte) (data.length >> 8), (byte) (data.length >> 16), (byte) (data.length >> 24)});
    return out.toByteArray();
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
