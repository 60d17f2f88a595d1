package io.livepoint.media.cmaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.media.TestData;
import io.livepoint.media.box.Box;
import io.livepoint.media.box.BoxTypes;
import io.livepoint.media.box.BoxWriter;
import io.livepoint.media.box.Boxes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class FragmentInfoTest {

  static TrackInfo info(Path dir) throws CmafException {
    ByteBuf b = TestData.buf(TestData.bytes(TestData.init(dir)));
    try {
      return CmafHeader.parse(b);
    } finally {
      b.release();
    }
  }

  static FragmentInfo fragment(Path segment, TrackInfo info) throws CmafException {
    ByteBuf b = TestData.buf(TestData.bytes(segment));
    try {
      Box moof = Boxes.first(b, BoxTypes.MOOF);
      FragmentInfo f = FragmentInfo.parse(moof.data(), info);
      Box mdat = Boxes.first(b, BoxTypes.MDAT);
      assertEquals(mdat.size() - 8, f.sampleBytes(), segment + ": trun sizes cover the mdat");
      return f;
    } finally {
      b.release();
    }
  }

  @Test
  void durationsAddUpToTheNextTfdtInEveryCapture() throws Exception {
    for (Path dir : TestData.trackDirs()) {
      TrackInfo info = info(dir);
      List<Path> segs = TestData.segments(dir);
      FragmentInfo prev = null;
      for (Path seg : segs) {
        FragmentInfo f = fragment(seg, info);
        assertEquals(info.trackId(), f.trackId());
        assertTrue(f.sampleCount() > 0);
        if (info.mediaKind() == TrackInfo.MediaKind.VIDEO) {
          assertTrue(f.firstSampleSync(), seg + " starts with a sync sample");
        }
        if (prev != null) {
          assertEquals(prev.endTime(), f.baseMediaDecodeTime(), seg.toString());
          assertEquals(prev.sequenceNumber() + 1, f.sequenceNumber(), seg.toString());
        }
        prev = f;
      }
    }
  }

  @Test
  void livesim2Values() throws Exception {
    Path v = TestData.dir("livesim2-testpic_2s/V300");
    FragmentInfo f = fragment(v.resolve("1.m4s"), info(v));
    assertEquals(1, f.sequenceNumber());
    assertEquals(2, f.trackId());
    assertEquals(0, f.baseMediaDecodeTime());
    assertEquals(60, f.sampleCount());
    assertEquals(180000, f.duration(), "2 s at 90 kHz");
    assertEquals(24516, f.sampleBytes());
    Path t = TestData.dir("livesim2-zero_3.84s/text-nor-1_hearing_impaired");
    FragmentInfo tf = fragment(t.resolve("0.cmft"), info(t));
    assertEquals(0x1f9a, tf.sequenceNumber());
    assertEquals(0x4e67fe42f900L, tf.baseMediaDecodeTime(), "tfdt version 1");
    assertEquals(3, tf.sampleCount());
    assertEquals(192000, tf.duration(), "3.84 s at 50 kHz");
    Path a = TestData.dir("livesim2-testpic_2s/A48");
    long total = 0;
    for (Path s : TestData.segments(a)) {
      total += fragment(s, info(a)).duration();
    }
    assertEquals(4 * 96000, total);
  }

  @Test
  void trexDefaultsAndNonSyncFirstSample() throws Exception {
    ByteBuf h = CmafHeaderTest.header("vide", w -> CmafHeaderTest.hevcEntry(w, "hvc1"), 1, w -> { }, null);
    TrackInfo info = CmafHeader.parse(h);
    h.release();
    // trex: duration 1024, size 100, flags 0x2000000 (sync). tfhd without defaults, two truns.
    ByteBuf m = Unpooled.buffer();
    BoxWriter w = new BoxWriter(m);
    w.start("moof").startFull("mfhd", 0, 0).u32(7).end().start("traf")
        .startFull("tfhd", 0, 0x020000).u32(1).end()
        .startFull("tfdt", 0, 0).u32(5000).end()
        .startFull("trun", 0, 0).u32(3).end()
        .startFull("trun", 0, 0x100 | 0x200).u32(2).u32(10).u32(20).u32(30).u32(40).end()
        .end().end();
    FragmentInfo f = FragmentInfo.parse(m, info);
    assertEquals(7, f.sequenceNumber());
    assertEquals(5000, f.baseMediaDecodeTime());
    assertEquals(5, f.sampleCount());
    assertEquals(3 * 1024 + 10 + 30, f.duration());
    assertEquals(3 * 100 + 20 + 40, f.sampleBytes());
    assertTrue(f.firstSampleSync());
    m.release();

    // tfhd default flags non-sync, first-sample-flags absent: not independent; with first flags sync: independent.
    for (boolean firstFlags : new boolean[] {false, true}) {
      ByteBuf n = Unpooled.buffer();
      BoxWriter x = new BoxWriter(n);
      x.start("moof").startFull("mfhd", 0, 0).u32(8).end().start("traf")
          .startFull("tfhd", 0, 0x020000 | 0x20 | 0x08).u32(1).u32(512).u32(0x01010000).end()
          .startFull("tfdt", 1, 0).u64(1L << 40).end();
      x.startFull("trun", 0, firstFlags ? 0x4 : 0).u32(4);
      if (firstFlags) {
        x.u32(0x02000000);
      }
      x.end().end().end();
      FragmentInfo g = FragmentInfo.parse(n, info);
      assertEquals(firstFlags, g.firstSampleSync());
      assertEquals(1L << 40, g.baseMediaDecodeTime());
      assertEquals(2048, g.duration());
      n.release();
    }
  }

  @Test
  void audioIsAlwaysSyncAndBrokenMoofsAreMalformed() throws Exception {
    ByteBuf h = CmafHeaderTest.header("soun", CmafHeaderTest::opusEntry, 1, w -> { }, null);
    TrackInfo info = CmafHeader.parse(h);
    h.release();
    ByteBuf n = Unpooled.buffer();
    new BoxWriter(n).start("moof").startFull("mfhd", 0, 0).u32(1).end().start("traf")
        .startFull("tfhd", 0, 0x20).u32(1).u32(0x01010000).end().startFull("tfdt", 0, 0).u32(0).end()
        .startFull("trun", 0, 0).u32(1).end().end().end();
    assertTrue(FragmentInfo.parse(n, info).firstSampleSync());
    n.release();

    ByteBuf noTfdt = Unpooled.buffer();
    new BoxWriter(noTfdt).start("moof").startFull("mfhd", 0, 0).u32(1).end().start("traf")
        .startFull("tfhd", 0, 0).u32(1).end().startFull("trun", 0, 0).u32(1).end().end().end();
    ByteBuf hugeCount = Unpooled.buffer();
    new BoxWriter(hugeCount).start("moof").startFull("mfhd", 0, 0).u32(1).end().start("traf")
        .startFull("tfhd", 0, 0).u32(1).end().startFull("tfdt", 0, 0).u32(0).end()
        .startFull("trun", 0, 0x300).u32(0x7fffffff).end().end().end();
    ByteBuf otherTrack = Unpooled.buffer();
    new BoxWriter(otherTrack).start("moof").startFull("mfhd", 0, 0).u32(1).end().start("traf")
        .startFull("tfhd", 0, 0).u32(9).end().startFull("tfdt", 0, 0).u32(0).end().end().end();
    try {
      for (ByteBuf bad : List.of(noTfdt, hugeCount, otherTrack)) {
        assertEquals(CmafException.Kind.MALFORMED,
            assertThrows(CmafException.class, () -> FragmentInfo.parse(bad, info)).kind());
      }
      assertFalse(noTfdt.readableBytes() == 0);
    } finally {
      noTfdt.release();
      hugeCount.release();
      otherTrack.release();
    }
  }

  /** A moof whose one trun declares {@code count} samples and no per-sample fields (tfhd defaults). */
  static ByteBuf defaultsOnlyTrun(long count) {
    ByteBuf m = Unpooled.buffer();
    new BoxWriter(m).start("moof").startFull("mfhd", 0, 0).u32(1).end().start("traf")
        .startFull("tfhd", 0, 0x020000 | 0x08 | 0x10 | 0x20).u32(1).u32(1024).u32(7).u32(0x02000000).end()
        .startFull("tfdt", 0, 0).u32(0).end()
        .startFull("trun", 0, 0).u32(count).end().end().end();
    return m;
  }

  @Test
  void hugeSampleCountWithoutPerSampleFieldsIsRejectedWithoutLooping() throws Exception {
    ByteBuf h = CmafHeaderTest.header("soun", CmafHeaderTest::opusEntry, 1, w -> { }, null);
    TrackInfo info = CmafHeader.parse(h);
    h.release();
    // 28 bytes of trun that claim 2^31 - 1 samples: passes the size check (0 bytes per sample).
    ByteBuf huge = defaultsOnlyTrun(0x7fffffffL);
    ByteBuf limit = defaultsOnlyTrun(FragmentInfo.MAX_TRUN_SAMPLES);
    ByteBuf over = defaultsOnlyTrun(FragmentInfo.MAX_TRUN_SAMPLES + 1L);
    try {
      CmafException e = assertThrows(CmafException.class, () -> FragmentInfo.parse(huge, info));
      assertEquals(CmafException.Kind.MALFORMED, e.kind());
      assertTrue(e.getMessage().contains("sample_count"), e.getMessage());
      assertEquals(CmafException.Kind.MALFORMED,
          assertThrows(CmafException.class, () -> FragmentInfo.parse(over, info)).kind());
      // At the limit the totals are computed, not counted one by one.
      FragmentInfo f = FragmentInfo.parse(limit, info);
      assertEquals(FragmentInfo.MAX_TRUN_SAMPLES, f.sampleCount());
      assertEquals(1024L * FragmentInfo.MAX_TRUN_SAMPLES, f.duration());
      assertEquals(7L * FragmentInfo.MAX_TRUN_SAMPLES, f.sampleBytes());
      assertTrue(f.firstSampleSync());
    } finally {
      huge.release();
      limit.release();
      over.release();
    }
  }
}
