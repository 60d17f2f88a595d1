package io.livepoint.media.cmaf;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.media.RecordingAllocator;
import io.livepoint.media.TestData;
import io.livepoint.media.box.BoxWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CmafStreamParserTest {
  static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

  /** Feeds {@code bytes} in pieces of the sizes {@code sizes} gives, then ends the input. */
  static Recorder run(byte[] bytes, java.util.function.IntSupplier sizes, TrackInfo known) throws CmafException {
    Recorder r = new Recorder();
    ByteBuf all = TestData.buf(bytes);
    try (CmafStreamParser p = new CmafStreamParser(ALLOC, 16 << 20, known)) {
      int at = 0;
      while (at < bytes.length) {
        int n = Math.min(Math.max(1, sizes.getAsInt()), bytes.length - at);
        ByteBuf piece = all.slice(at, n);
        p.feed(piece, r);
        assertEquals(n, piece.readableBytes(), "the parser must not consume the caller's readerIndex");
        at += n;
      }
      p.end(r);
    } finally {
      all.release();
    }
    return r;
  }

  @Test
  void wholeTrackIdenticalForAnySplit() throws Exception {
    for (Path dir : TestData.trackDirs()) {
      byte[] track = TestData.wholeTrack(dir);
      Recorder whole = run(track, () -> Integer.MAX_VALUE, null);
      int segments = TestData.segments(dir).size();
      assertEquals(1, whole.headers.size(), dir.toString());
      assertEquals(segments, whole.chunks.size(), dir + ": one moof/mdat per capture segment");
      Random rnd = new Random(dir.toString().hashCode());
      List<java.util.function.IntSupplier> splits = track.length < 100_000
          ? List.of(() -> 1, () -> 7, () -> 1 + rnd.nextInt(5000))
          : List.of(() -> 7 + rnd.nextInt(50), () -> 1 + rnd.nextInt(20000));
      for (java.util.function.IntSupplier split : splits) {
        Recorder r = run(track, split, null);
        assertEquals(whole.events, r.events, dir.toString());
      }
    }
  }

  @Test
  void chunkBytesAreTheInputMinusDroppedBoxes() throws Exception {
    Path dir = TestData.dir("livesim2-testpic_2s/V300");
    byte[] track = TestData.wholeTrack(dir);
    Recorder r = run(track, () -> 4096, null);
    // Nothing is dropped from this capture (its only padding box is inside the header).
    assertArrayEquals(track, r.all.toByteArray());
    Recorder.Chunk first = r.chunks.get(0);
    assertEquals(TestData.bytes(dir.resolve("1.m4s")).length, first.size());
    assertEquals(Set.of("msdh", "dash"), first.brands());
    assertEquals(1, first.fragment().sequenceNumber());
    assertEquals(0, first.fragment().baseMediaDecodeTime());
    assertTrue(first.fragment().firstSampleSync());
    assertEquals(2, r.headers.get(0).info().trackId());
  }

  @Test
  void perSegmentRequestsWithKnownHeader() throws Exception {
    Path dir = TestData.dir("livesim2-testpic_2s/A48");
    Recorder init = run(TestData.bytes(TestData.init(dir)), () -> 100, null);
    TrackInfo info = init.headers.get(0).info();
    assertTrue(init.chunks.isEmpty());
    long expected = 0;
    for (Path seg : TestData.segments(dir)) {
      Recorder r = run(TestData.bytes(seg), () -> 333, info);
      assertEquals(1, r.chunks.size());
      FragmentInfo f = r.chunks.get(0).fragment();
      assertEquals(expected, f.baseMediaDecodeTime(), seg.toString());
      expected = f.endTime();
    }
    assertEquals(4 * 96000, expected, "4 segments of 2 s at 48 kHz");
  }

  @Test
  void fragmentBeforeHeaderIsNoHeader() {
    Path dir = TestData.dir("livesim2-testpic_2s/V300");
    CmafException e = assertThrows(CmafException.class,
        () -> run(TestData.bytes(dir.resolve("1.m4s")), () -> 50, null));
    assertEquals(CmafException.Kind.NO_HEADER, e.kind());
  }

  @Test
  void truncatedBodyIsMalformed() {
    Path dir = TestData.dir("livesim2-testpic_2s/V300");
    byte[] seg = TestData.bytes(dir.resolve("1.m4s"));
    byte[] init = TestData.bytes(TestData.init(dir));
    byte[] cut = new byte[init.length + seg.length - 10];
    System.arraycopy(init, 0, cut, 0, init.length);
    System.arraycopy(seg, 0, cut, init.length, seg.length - 10);
    CmafException e = assertThrows(CmafException.class, () -> run(cut, () -> 1000, null));
    assertEquals(CmafException.Kind.MALFORMED, e.kind());
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  @Test
  void oversizedBoxIsTooLarge() throws Exception {
    Path dir = TestData.dir("livesim2-testpic_2s/V300");
    byte[] track = TestData.wholeTrack(dir);
    ByteBuf all = TestData.buf(track);
    Recorder r = new Recorder();
    try (CmafStreamParser p = new CmafStreamParser(ALLOC, 10_000, null)) {
      CmafException e = assertThrows(CmafException.class, () -> p.feed(all, r));
      assertEquals(CmafException.Kind.TOO_LARGE, e.kind());
      assertEquals(1, r.headers.size(), "the header before the big mdat was still delivered");
    } finally {
      all.release();
    }
  }

  @Test
  void anMdatHeaderClaimingMuchCommitsLittleMemory() throws Exception {
    RecordingAllocator alloc = new RecordingAllocator();
    byte[] stream = chunkedStream(1, 1, false, false);
    int mdatAt = stream.length - (8 + 10 * 200); // the one fragment's mdat: 10 samples of 200 bytes
    ByteBuf start = TestData.buf(java.util.Arrays.copyOf(stream, mdatAt));
    ByteBuf claim = Unpooled.buffer().writeInt(32 << 20).writeInt(io.livepoint.media.box.FourCC.of("mdat"));
    Recorder r = new Recorder();
    try (CmafStreamParser p = new CmafStreamParser(alloc, 64 << 20, null)) {
      p.feed(start, r);
      assertEquals(1, r.headers.size());
      int before = alloc.largestInitial();
      p.feed(claim, r);
      assertTrue(p.hasPartial());
      assertTrue(alloc.largestInitial() <= Math.max(before, 512 + io.livepoint.media.box.BoxFramer.MIN_INITIAL_CAPACITY),
          "allocated " + alloc.largestInitial() + " bytes up front for a 32 MiB claim");
    } finally {
      start.release();
      claim.release();
    }
    assertTrue(r.chunks.isEmpty());
  }

  /** A synthetic chunked stream: header, then per segment a styp'd first chunk and cmfl chunks. */
  static byte[] chunkedStream(int segments, int chunksPerSegment, boolean lmsg, boolean mfra) {
    ByteBuf out = Unpooled.buffer();
    ByteBuf h = CmafHeaderTest.header("soun", CmafHeaderTest::opusEntry, 1, w -> { }, null);
    out.writeBytes(h);
    h.release();
    BoxWriter w = new BoxWriter(out);
    long time = 0;
    int seq = 1;
    for (int s = 0; s < segments; s++) {
      for (int c = 0; c < chunksPerSegment; c++) {
        boolean last = lmsg && s == segments - 1 && c == chunksPerSegment - 1;
        if (c == 0) {
          w.start("styp").fourcc("cmfs").u32(0).fourcc("cmfs").fourcc("cmff");
          if (last) {
            w.fourcc("lmsg");
          }
          w.end();
        } else {
          w.start("styp").fourcc("cmfl").u32(0).fourcc("cmfl");
          if (last) {
            w.fourcc("lmsg");
          }
          w.end();
        }
        w.startFull("prft", 1, 0).u32(1).u64(ProducerReferenceTime.instantToNtp(
            java.time.Instant.parse("2024-05-01T12:00:00Z").plusMillis(time / 48))).u64(time).end();
        writeFragment(w, seq++, time, 10, 960, 200);
        time += 10 * 960;
      }
    }
    if (mfra) {
      w.start("mfra").startFull("mfro", 0, 0).u32(16).end().end();
    }
    byte[] b = new byte[out.readableBytes()];
    out.readBytes(b);
    out.release();
    return b;
  }

  /** moof (tfhd default-base-is-moof with default duration/size, tfdt v1, trun with data offset) + mdat. */
  static void writeFragment(BoxWriter w, long seq, long tfdt, int samples, int duration, int size) {
    ByteBuf out = w.buffer();
    int moofStart = out.writerIndex();
    w.start("moof");
    w.startFull("mfhd", 0, 0).u32(seq).end();
    w.start("traf");
    w.startFull("tfhd", 0, 0x020000 | 0x08 | 0x10).u32(1).u32(duration).u32(size).end();
    w.startFull("tfdt", 1, 0).u64(tfdt).end();
    w.startFull("trun", 0, 0x01).u32(samples);
    int offsetAt = out.writerIndex();
    w.u32(0).end();
    w.end().end();
    out.setInt(offsetAt, out.writerIndex() - moofStart + 8);
    w.start("mdat").zeros(samples * size).end();
  }

  @Test
  void chunkedStreamWithStypPrftLmsgAndMfra() throws Exception {
    byte[] stream = chunkedStream(3, 4, true, true);
    Recorder r = run(stream, () -> 97, null);
    assertEquals(12, r.chunks.size());
    assertEquals(1, r.ends);
    assertEquals("end", r.events.get(r.events.size() - 1));
    Recorder.Chunk first = r.chunks.get(0);
    assertEquals(Set.of("cmfs", "cmff"), first.brands());
    assertEquals(Set.of("cmfl"), r.chunks.get(1).brands());
    assertTrue(r.chunks.get(11).brands().contains(SegmentType.LMSG));
    assertEquals(java.time.Instant.parse("2024-05-01T12:00:00Z"), first.prft().time());
    assertEquals(9600, r.chunks.get(1).fragment().baseMediaDecodeTime());
    assertEquals(9600, r.chunks.get(1).fragment().duration());
    assertEquals(2000, r.chunks.get(1).fragment().sampleBytes());
    assertEquals(2, r.chunks.get(1).fragment().sequenceNumber());
  }

  @Test
  void headerInsideTheStreamIsANewHeader() throws Exception {
    Path dir = TestData.dir("livesim2-testpic_2s/A48");
    byte[] init = TestData.bytes(TestData.init(dir));
    byte[] seg = TestData.bytes(dir.resolve("1.m4s"));
    byte[] seg2 = TestData.bytes(dir.resolve("2.m4s"));
    byte[] all = new byte[init.length * 2 + seg.length + seg2.length];
    System.arraycopy(init, 0, all, 0, init.length);
    System.arraycopy(seg, 0, all, init.length, seg.length);
    System.arraycopy(init, 0, all, init.length + seg.length, init.length);
    System.arraycopy(seg2, 0, all, init.length * 2 + seg.length, seg2.length);
    Recorder r = run(all, () -> 500, null);
    assertEquals(4, r.events.size());
    assertEquals(r.headers.get(0), r.headers.get(1));
    assertTrue(r.events.get(2) instanceof Recorder.Header);
  }

  @Test
  void droppedBoxesAndUnknownBoxes() throws Exception {
    ByteBuf out = Unpooled.buffer();
    ByteBuf h = CmafHeaderTest.header("soun", CmafHeaderTest::opusEntry, 1, w -> { }, null);
    out.writeBytes(h);
    h.release();
    BoxWriter w = new BoxWriter(out);
    int before = out.writerIndex();
    w.start("free").zeros(10).end();
    w.startFull("sidx", 0, 0).zeros(24).end();
    int kept = out.writerIndex();
    w.start("uuid").zeros(16).end();
    w.startFull("emsg", 1, 0).u32(1000).u64(5).u32(100).u32(7).cstring("urn:scte:scte35:2013:bin").cstring("1")
        .bytes(new byte[] {1, 2, 3}).end();
    writeFragment(w, 1, 0, 2, 960, 10);
    byte[] b = new byte[out.readableBytes()];
    out.getBytes(0, b);
    out.release();
    Recorder r = run(b, () -> 13, null);
    assertEquals(1, r.chunks.size());
    assertEquals(b.length - kept, r.chunks.get(0).size(), "free and sidx dropped, uuid and emsg kept");
    assertEquals(1, r.chunks.get(0).events());
    assertTrue(kept > before);
  }

  @Test
  void mdatWithoutMoofAfterHeaderIsMalformed() {
    ByteBuf out = Unpooled.buffer();
    ByteBuf h = CmafHeaderTest.header("soun", CmafHeaderTest::opusEntry, 1, w -> { }, null);
    out.writeBytes(h);
    h.release();
    new BoxWriter(out).start("mdat").zeros(100).end();
    byte[] b = new byte[out.readableBytes()];
    out.readBytes(b);
    out.release();
    CmafException e = assertThrows(CmafException.class, () -> run(b, () -> 64, null));
    assertEquals(CmafException.Kind.MALFORMED, e.kind());
  }

  @Test
  void emsgParses() throws Exception {
    ByteBuf out = Unpooled.buffer();
    BoxWriter w = new BoxWriter(out);
    w.startFull("emsg", 0, 0).cstring("urn:mpeg:dash:event:2012").cstring("1").u32(90000).u32(180000)
        .u32(0xffffffffL).u32(42).bytes(new byte[] {9, 8}).end();
    try {
      EventMessage m = EventMessage.parse(io.livepoint.media.box.Boxes.children(out).get(0));
      assertEquals(0, m.version());
      assertEquals("urn:mpeg:dash:event:2012", m.schemeIdUri());
      assertEquals("1", m.value());
      assertEquals(90000, m.timescale());
      assertEquals(180000 + 1000, m.presentationTime(1000));
      assertEquals(0xffffffffL, m.eventDuration());
      assertEquals(42, m.id());
      assertArrayEquals(new byte[] {9, 8}, m.messageData());
    } finally {
      out.release();
    }
  }

  @Test
  void emsgWrittenIsParsedBackAndMatchesTheHandWrittenLayout() {
    for (int version : new int[] {0, 1}) {
      EventMessage m = new EventMessage(version, "urn:scte:scte35:2013:bin", "", 90000, 4_500_000_000L >>> (version == 0 ? 8 : 0),
          0xffffffffL, 7, new byte[] {(byte) 0xfc, 0x30});
      ByteBuf written = Unpooled.buffer();
      ByteBuf expected = Unpooled.buffer();
      try {
        m.write(written);
        BoxWriter w = new BoxWriter(expected).startFull("emsg", version, 0);
        if (version == 0) {
          w.cstring(m.schemeIdUri()).cstring("").u32(90000).u32(m.time()).u32(0xffffffffL).u32(7);
        } else {
          w.u32(90000).u64(m.time()).u32(0xffffffffL).u32(7).cstring(m.schemeIdUri()).cstring("");
        }
        w.bytes(m.messageData()).end();
        assertEquals(expected, written);
        EventMessage back = EventMessage.parse(io.livepoint.media.box.Boxes.children(written).get(0));
        assertEquals(m.time(), back.time());
        assertEquals(m.id(), back.id());
        assertArrayEquals(m.messageData(), back.messageData());
      } finally {
        written.release();
        expected.release();
      }
    }
  }

  @Test
  void prftVersion0() {
    ByteBuf out = Unpooled.buffer();
    java.time.Instant t = java.time.Instant.parse("2023-01-02T03:04:05.250Z");
    new BoxWriter(out).startFull("prft", 0, 24).u32(3).u64(ProducerReferenceTime.instantToNtp(t)).u32(12345).end();
    try {
      ProducerReferenceTime p = ProducerReferenceTime.parse(io.livepoint.media.box.Boxes.children(out).get(0));
      assertEquals(3, p.referenceTrackId());
      assertEquals(t, p.time());
      assertEquals(12345, p.mediaTime());
      assertEquals(24, p.flags());
    } finally {
      out.release();
    }
  }

  @Test
  void closeReleasesPartialData() throws Exception {
    byte[] stream = chunkedStream(1, 2, false, false);
    ByteBuf all = TestData.buf(stream);
    try {
      CmafStreamParser p = new CmafStreamParser(ALLOC, 1 << 20, null);
      Recorder r = new Recorder();
      p.feed(all.slice(0, stream.length - 50), r);
      assertTrue(p.hasPartial());
      p.close();
      assertFalse(r.headers.isEmpty());
      assertNull(null);
    } finally {
      all.release();
    }
  }
}
