package io.livepoint.media.cmaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.media.TestData;
import io.livepoint.media.box.BoxTypes;
import io.livepoint.media.box.Boxes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CmafLoopTest {
  static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

  /** GPAC marked the capture's last segment lmsg; played as a loop it must not end the live track. */
  @Test
  void aLoopDropsTheRecordingsLastSegmentBrand() throws Exception {
    Path dir = TestData.dir("livesim2-testpic_2s_low_delay/LD_720");
    List<ByteBuf> files = new ArrayList<>();
    for (String f : List.of("init.mp4", "1.m4s", "2.m4s", "3.m4s", "4.m4s")) {
      files.add(TestData.buf(TestData.bytes(dir.resolve(f))));
    }
    ByteBuf last = files.get(4);
    assertTrue(SegmentType.parse(Boxes.first(last, BoxTypes.STYP)).has(SegmentType.LMSG), "capture changed?");
    try (CmafLoop loop = CmafLoop.parse(ALLOC, files)) {
      assertEquals(4, loop.chunkCount());
      CmafChunk recorded = loop.recorded(3);
      assertFalse(recorded.hasBrand(SegmentType.LMSG));
      assertTrue(recorded.startsSegment());
      ByteBuf played = loop.play(1, 3, 0, loop.duration(), ALLOC);
      try {
        SegmentType type = SegmentType.parse(Boxes.first(played, BoxTypes.STYP));
        assertFalse(type.has(SegmentType.LMSG), type.toString());
        assertEquals(List.of("msdh", "msix"), type.compatibleBrands());
        FragmentInfo f = FragmentInfo.parse(Boxes.first(played, BoxTypes.MOOF).data(), loop.info());
        assertEquals(loop.duration() + 3 * 30720, f.baseMediaDecodeTime());
        assertEquals(60, f.sampleCount());
      } finally {
        played.release();
      }
    } finally {
      files.forEach(ByteBuf::release);
    }
  }
}
