package io.livepoint.media.box;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.livepoint.media.RecordingAllocator;
import io.livepoint.media.TestData;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoxFramerTest {
  static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

  /** Frames {@code bytes} fed in pieces; returns each box as type:hex. */
  static List<String> frame(byte[] bytes, int[] sizes) {
    List<String> out = new ArrayList<>();
    ByteBuf all = Unpooled.wrappedBuffer(bytes);
    try (BoxFramer f = new BoxFramer(ALLOC, 1 << 24)) {
      int at = 0;
      int i = 0;
      while (at < bytes.length) {
        int n = Math.min(sizes[i++ % sizes.length], bytes.length - at);
        f.feed(all.slice(at, n), b -> {
          try {
            assertTrue(b.data().isDirect());
            out.add(b.typeName() + ":" + ByteBufUtil.hexDump(b.data()));
          } finally {
            b.release();
          }
        });
        at += n;
      }
      assertFalse(f.hasPartial());
    }
    return out;
  }

  @Test
  void anySplitGivesTheSameBoxes() {
    Path dir = TestData.dir("livesim2-testpic_2s/A48");
    byte[] track = TestData.wholeTrack(dir);
    List<String> whole = frame(track, new int[] {track.length});
    assertEquals(List.of("ftyp", "skip", "moov", "styp", "moof", "mdat", "styp", "moof", "mdat", "styp", "moof",
        "mdat", "styp", "moof", "mdat"), whole.stream().map(s -> s.substring(0, 4)).toList());
    assertEquals(whole, frame(track, new int[] {1}));
    assertEquals(whole, frame(track, new int[] {7}));
    assertEquals(whole, frame(track, new int[] {3, 1, 5, 8, 16, 2, 100, 9}));
    Random r = new Random(42);
    int[] sizes = r.ints(200, 1, 3000).toArray();
    assertEquals(whole, frame(track, sizes));
  }

  @Test
  void largeSizeHeaderSplitAnywhere() {
    ByteBuf b = Unpooled.buffer();
    b.writeInt(1).writeInt(FourCC.of("mdat")).writeLong(16 + 5).writeBytes(new byte[] {1, 2, 3, 4, 5});
    b.writeInt(8).writeInt(FourCC.of("free"));
    byte[] bytes = ByteBufUtil.getBytes(b);
    b.release();
    for (int split = 1; split <= bytes.length; split++) {
      List<String> boxes = frame(bytes, new int[] {split});
      assertEquals(List.of("mdat:000000016d646174000000000000001501020304" + "05", "free:0000000866726565"), boxes);
    }
  }

  @Test
  void badSizesAreRejected() {
    for (long[] c : new long[][] {{0, 0}, {7, 0}, {1, 12}, {100_000, 1}}) {
      ByteBuf b = Unpooled.buffer();
      b.writeInt((int) c[0]).writeInt(FourCC.of("mdat"));
      if (c[0] == 1) {
        b.writeLong(c[1]);
      }
      b.writeZero(16);
      try (BoxFramer f = new BoxFramer(ALLOC, 50_000)) {
        BoxFormatException e = assertThrows(BoxFormatException.class, () -> f.feed(b, Box::release));
        assertEquals(c[1] == 1, e.tooLarge(), e.getMessage());
      } finally {
        b.release();
      }
    }
  }

  @Test
  void closeReleasesAPartialBox() {
    ByteBuf b = Unpooled.buffer();
    b.writeInt(1000).writeInt(FourCC.of("mdat")).writeZero(500);
    BoxFramer f = new BoxFramer(ALLOC, 50_000);
    f.feed(b, Box::release);
    assertTrue(f.hasPartial());
    assertEquals(508, f.partialBytes());
    f.close();
    assertFalse(f.hasPartial());
    b.release();
  }

  @Test
  void memoryFollowsTheBytesReceivedNotTheDeclaredSize() {
    RecordingAllocator alloc = new RecordingAllocator();
    byte[] body = new byte[200_000];
    new Random(3).nextBytes(body);
    ByteBuf claim = Unpooled.buffer().writeInt(64 << 20).writeInt(FourCC.of("mdat"));
    ByteBuf real = Unpooled.buffer().writeInt(8 + body.length).writeInt(FourCC.of("mdat")).writeBytes(body);
    try (BoxFramer f = new BoxFramer(alloc, 128L << 20)) {
      // An 8-byte header claiming 64 MiB commits a small buffer, not 64 MiB.
      f.feed(claim, b -> fail("nothing complete"));
      assertEquals(8, f.partialBytes());
      assertEquals(1, alloc.allocations());
      assertTrue(alloc.largestInitial() <= BoxFramer.MIN_INITIAL_CAPACITY, "allocated " + alloc.largestInitial());
      f.close();
      // A real box fed in 1000-byte pieces grows into one buffer holding exactly its bytes.
      List<byte[]> out = new ArrayList<>();
      for (int at = 0; at < real.readableBytes(); at += 1000) {
        f.feed(real.slice(at, Math.min(1000, real.readableBytes() - at)), b -> {
          out.add(ByteBufUtil.getBytes(b.data()));
          assertEquals(b.size(), b.data().capacity(), "one buffer of the box size, no composite");
          b.release();
        });
      }
      assertEquals(1, out.size());
      assertArrayEquals(ByteBufUtil.getBytes(real), out.get(0));
      assertTrue(alloc.largestInitial() <= BoxFramer.MIN_INITIAL_CAPACITY);
    } finally {
      claim.release();
      real.release();
    }
  }

  @Test
  void writerRoundTrip() {
    ByteBuf out = Unpooled.buffer();
    BoxWriter w = new BoxWriter(out);
    w.start("moov").startFull("mvhd", 1, 0x10203).u64(1).u32(2).end().start("trak").box("free", new byte[3]).end().end();
    assertTrue(w.balanced());
    try {
      List<Box> top = Boxes.children(out);
      assertEquals(1, top.size());
      assertEquals(8 + 24 + 19, top.get(0).size());
      Box mvhd = Boxes.find(out, "moov/mvhd");
      assertEquals(1, mvhd.version());
      assertEquals(0x10203, mvhd.flags());
      assertEquals(1L, mvhd.fullPayload().readLong());
      Box free = Boxes.find(out, "moov/trak/free");
      assertArrayEquals(new byte[3], ByteBufUtil.getBytes(free.payload()));
      assertEquals(null, Boxes.find(out, "moov/trak/mdia"));
      assertEquals("moof", FourCC.toString(FourCC.of("moof")));
      assertEquals(0x6d6f6f66, FourCC.of("moof"));
    } finally {
      out.release();
    }
  }

  /** Random corruption of size fields inside a real header: readers throw, never read past a parent. */
  @Test
  void readersNeverLeaveTheirParent() {
    byte[] init = TestData.bytes(TestData.init(TestData.dir("livesim2-testpic_2s/V300")));
    Random r = new Random(7);
    for (int round = 0; round < 3000; round++) {
      byte[] b = init.clone();
      int at = r.nextInt(b.length - 4);
      int mode = r.nextInt(3);
      if (mode == 0) {
        b[at] = (byte) r.nextInt(256);
      } else if (mode == 1) {
        int v = r.nextInt();
        b[at] = (byte) (v >> 24);
        b[at + 1] = (byte) (v >> 16);
        b[at + 2] = (byte) (v >> 8);
        b[at + 3] = (byte) v;
      } else {
        b[at] = 0;
        b[at + 1] = 0;
        b[at + 2] = 0;
        b[at + 3] = (byte) r.nextInt(16);
      }
      ByteBuf buf = Unpooled.wrappedBuffer(b);
      try {
        walk(buf, 0);
      } catch (BoxFormatException expected) {
        // corrupt size detected
      }
    }
  }

  private static final java.util.Set<String> CONTAINERS = java.util.Set.of("moov", "trak", "mdia", "minf",
      "stbl", "mvex", "dinf", "udta");

  private static void walk(ByteBuf bytes, int depth) {
    int start = bytes.readerIndex();
    int end = bytes.writerIndex();
    for (Box b : Boxes.children(bytes)) {
      int from = b.data().readerIndex();
      assertTrue(b.size() >= 8);
      assertTrue(b.data().readableBytes() <= end - start);
      assertTrue(from >= 0);
      if (CONTAINERS.contains(b.typeName()) && depth < 10) {
        walk(b.payload(), depth + 1);
      }
    }
  }
}
