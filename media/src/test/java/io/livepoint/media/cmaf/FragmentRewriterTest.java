package io.livepoint.media.cmaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.media.TestData;
import io.livepoint.media.box.Box;
import io.livepoint.media.box.BoxTypes;
import io.livepoint.media.box.Boxes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FragmentRewriterTest {
  static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

  @Test
  void shiftInPlaceKeepsSizes() throws Exception {
    Path dir = TestData.dir("livesim2-testpic_2s/V300");
    TrackInfo info = FragmentInfoTest.info(dir);
    byte[] seg = TestData.bytes(dir.resolve("2.m4s"));
    ByteBuf b = TestData.buf(seg);
    ByteBuf out = FragmentRewriter.retime(b, 900_000, n -> n + 100, ALLOC);
    try {
      assertSame(b, out);
      assertEquals(seg.length, out.readableBytes());
      FragmentInfo f = FragmentInfo.parse(Boxes.first(out, BoxTypes.MOOF).data(), info);
      assertEquals(180000 + 900_000, f.baseMediaDecodeTime());
      assertEquals(102, f.sequenceNumber());
      assertEquals(FragmentInfoTest.fragment(dir.resolve("2.m4s"), info).duration(), f.duration());
    } finally {
      out.release();
    }
  }

  @Test
  void version0OverflowGrowsToVersion1AndFixesDataOffset() throws Exception {
    Path dir = TestData.dir("livesim2-testpic_2s/V300");
    TrackInfo info = FragmentInfoTest.info(dir);
    byte[] seg = TestData.bytes(dir.resolve("1.m4s"));
    ByteBuf b = TestData.buf(seg);
    long shift = 1L << 33;
    ByteBuf out = FragmentRewriter.retime(b, shift, n -> 5, ALLOC);
    try {
      assertNotSame(b, out);
      assertEquals(0, b.refCnt(), "input released");
      assertEquals(seg.length + 4, out.readableBytes());
      Box moof = Boxes.first(out, BoxTypes.MOOF);
      Box tfdt = Boxes.find(moof, "traf/tfdt");
      assertEquals(1, tfdt.version());
      FragmentInfo f = FragmentInfo.parse(moof.data(), info);
      assertEquals(shift, f.baseMediaDecodeTime());
      assertEquals(5, f.sequenceNumber());
      // The trun data_offset still points at the first byte of the mdat payload.
      Box trun = Boxes.find(moof, "traf/trun");
      int dataOffset = trun.fullPayload().getInt(trun.fullPayload().readerIndex() + 4);
      assertEquals(1044 + 4 + 8, moof.size() + 8, "the moof grew by 4 bytes");
      assertEquals(moof.size() + 8, dataOffset, "mdat payload right after the grown moof");
      Box mdat = Boxes.first(out, BoxTypes.MDAT);
      byte[] payload = ByteBufUtil.getBytes(mdat.payload());
      byte[] original = new byte[payload.length];
      System.arraycopy(seg, seg.length - payload.length, original, 0, payload.length);
      assertTrue(java.util.Arrays.equals(original, payload));
    } finally {
      out.release();
    }
  }

  @Test
  void negativeResultRefusedAndStypReplaced() {
    Path dir = TestData.dir("livesim2-testpic_2s/A48");
    ByteBuf b = TestData.buf(TestData.bytes(dir.resolve("1.m4s")));
    ByteBuf copy = b.copy();
    assertThrows(IllegalArgumentException.class, () -> FragmentRewriter.retime(copy, -1, n -> n, ALLOC));
    assertEquals(0, copy.refCnt(), "released on failure");
    ByteBuf out = FragmentRewriter.withSegmentType(b,
        new SegmentType("cmfs", 0, List.of("cmfs", SegmentType.LMSG)), ALLOC);
    try {
      SegmentType st = SegmentType.parse(Boxes.first(out, BoxTypes.STYP));
      assertTrue(st.has(SegmentType.LMSG));
      assertEquals(1, Boxes.all(out, BoxTypes.STYP).size());
      assertEquals(List.of("styp", "moof", "mdat"), Boxes.children(out).stream().map(Box::typeName).toList());
    } finally {
      out.release();
    }
  }
}
