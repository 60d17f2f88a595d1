package io.livepoint.media.cmaf;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.media.TestData;
import io.livepoint.media.box.BoxFormatException;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random damage to real captures (bit flips, overwritten words, truncation, cut-outs): the
 * stream parser either succeeds or throws CmafException, never anything else, and never leaks.
 */
class ParserFuzzTest {
  static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

  @Test
  void damagedStreamsFailCleanly() {
    List<String> tracks = List.of("livesim2-testpic_2s/A48", "livesim2-zero_3.84s/text-nor-1_hearing_impaired",
        "livesim2-zero_3.84s/video-500Kbps", "medialive-scte35-capture/scte", "livesim2-testpic_2s/imsc1_txt_sv");
    Random r = new Random(20240501);
    int failures = 0;
    int rounds = 0;
    for (String t : tracks) {
      Path dir = TestData.dir(t);
      byte[] original = TestData.wholeTrack(dir);
      for (int round = 0; round < 120; round++) {
        byte[] b = damage(original, r);
        rounds++;
        ByteBuf buf = TestData.buf(b);
        Recorder rec = new Recorder();
        CmafStreamParser p = new CmafStreamParser(ALLOC, 1 << 20, null);
        try {
          int at = 0;
          while (at < b.length) {
            int n = Math.min(1 + r.nextInt(4000), b.length - at);
            p.feed(buf.slice(at, n), rec);
            at += n;
          }
          p.end(rec);
        } catch (CmafException expected) {
          failures++;
        } catch (BoxFormatException e) {
          throw new AssertionError("BoxFormatException must be wrapped by the stream parser", e);
        } finally {
          p.close();
          buf.release();
        }
      }
    }
    assertTrue(failures > rounds / 4, "most damage is detected: " + failures + "/" + rounds);
  }

  @Test
  void damagedHeadersFailCleanly() {
    byte[] init = TestData.bytes(TestData.init(TestData.dir("medialive-scte35-capture/audio")));
    Random r = new Random(99);
    for (int round = 0; round < 1000; round++) {
      ByteBuf buf = TestData.buf(damage(init, r));
      try {
        CmafHeader.parse(buf);
      } catch (CmafException expected) {
        // refused
      } finally {
        buf.release();
      }
    }
  }

  static byte[] damage(byte[] original, Random r) {
    byte[] b = original.clone();
    switch (r.nextInt(5)) {
      case 0 -> {
        for (int i = 0; i < 1 + r.nextInt(8); i++) {
          b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        }
      }
      case 1 -> {
        int at = r.nextInt(b.length - 4);
        int v = r.nextBoolean() ? r.nextInt() : r.nextInt(64);
        b[at] = (byte) (v >> 24);
        b[at + 1] = (byte) (v >> 16);
        b[at + 2] = (byte) (v >> 8);
        b[at + 3] = (byte) v;
      }
      case 2 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));
      case 3 -> {
        int from = r.nextInt(b.length);
        int len = Math.min(b.length - from, 1 + r.nextInt(64));
        byte[] c = new byte[b.length - len];
        System.arraycopy(b, 0, c, 0, from);
        System.arraycopy(b, from + len, c, from, b.length - from - len);
        b = c;
      }
      default -> {
        for (int i = 0; i < 4; i++) {
          b[r.nextInt(b.length)] = (byte) r.nextInt(256);
        }
      }
    }
    return b;
  }
}
