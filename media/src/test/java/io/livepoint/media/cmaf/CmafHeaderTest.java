package io.livepoint.media.cmaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.media.TestData;
import io.livepoint.media.box.BoxWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class CmafHeaderTest {

  static TrackInfo parse(String relative) throws CmafException {
    Path dir = TestData.dir(relative);
    ByteBuf b = TestData.buf(TestData.bytes(TestData.init(dir)));
    try {
      return CmafHeader.parse(b);
    } finally {
      b.release();
    }
  }

  @Test
  void livesim2Video() throws Exception {
    TrackInfo v = parse("livesim2-testpic_2s/V300");
    assertEquals(2, v.trackId());
    assertEquals("vide", v.handler());
    assertEquals(TrackInfo.MediaKind.VIDEO, v.mediaKind());
    assertEquals(90000, v.timescale());
    assertEquals("und", v.language());
    assertEquals("avc1", v.sampleEntry());
    assertEquals("avc1.64001e", v.codecs());
    assertEquals(640, v.width());
    assertEquals(360, v.height());
    assertEquals(0, v.defaultSampleDuration());
    assertEquals(0, v.defaultSampleFlags());
    assertEquals(List.of(), v.kinds());
  }

  @Test
  void livesim2Audio() throws Exception {
    TrackInfo a = parse("livesim2-testpic_2s/A48");
    assertEquals(1, a.trackId());
    assertEquals("soun", a.handler());
    assertEquals(48000, a.timescale());
    assertEquals("mp4a.40.2", a.codecs());
    assertEquals(48000, a.sampleRate());
    assertEquals(2, a.channels());
    assertEquals(0, a.width());
  }

  @Test
  void lowDelayTrexDefaultsAndBitrate() throws Exception {
    TrackInfo v = parse("livesim2-testpic_2s_low_delay/LD_720");
    assertEquals("avc1.64001f", v.codecs());
    assertEquals(15360, v.timescale());
    assertEquals(1280, v.width());
    assertEquals(720, v.height());
    assertEquals(512, v.defaultSampleDuration());
    assertEquals(0x10000, v.defaultSampleFlags());
    TrackInfo hd = parse("livesim2-testpic_2s_low_delay/LD_1080");
    assertEquals("avc1.640028", hd.codecs());
    assertEquals(1730021, hd.avgBitrate());
    assertEquals(2000000, hd.maxBitrate());
  }

  @Test
  void zeroTracksLanguagesKindsAndEsdsBitrate() throws Exception {
    TrackInfo a = parse("livesim2-zero_3.84s/audio-nor-128Kbps");
    assertEquals("nor", a.language());
    assertEquals("mp4a.40.2", a.codecs());
    assertEquals(128000, a.avgBitrate(), "esds avgBitrate when no btrt");
    TrackInfo t = parse("livesim2-zero_3.84s/text-nor-1_hearing_impaired");
    assertEquals("text", t.handler());
    assertEquals(TrackInfo.MediaKind.TEXT, t.mediaKind());
    assertEquals("wvtt", t.sampleEntry());
    assertEquals("wvtt", t.codecs());
    assertEquals("nor", t.language());
    assertEquals(50000, t.timescale());
    assertEquals(List.of(new TrackInfo.Kind("urn:tva:metadata:cs:AudioPurposeCS:2007", "2")), t.kinds());
    assertEquals(List.of(), t.roles());
    TrackInfo plain = parse("livesim2-zero_3.84s/text-nor-0");
    assertEquals(List.of(), plain.kinds());
    TrackInfo v = parse("livesim2-zero_3.84s/video-500Kbps");
    assertEquals("avc1.4d4015", v.codecs());
    assertEquals(480, v.width());
    assertEquals(270, v.height());
    assertEquals(50000, v.timescale());
  }

  @Test
  void ttmlTracks() throws Exception {
    TrackInfo img = parse("livesim2-testpic_2s/imsc1_img_en");
    assertEquals("stpp", img.sampleEntry());
    assertEquals("stpp.ttml.im1i", img.codecs(), "from the mime box");
    assertEquals("eng", img.language());
    assertEquals(1000, img.timescale());
    TrackInfo txt = parse("livesim2-testpic_2s/imsc1_txt_sv");
    assertEquals("stpp", txt.codecs());
    assertEquals("subt", txt.handler());
    assertEquals("swe", txt.language());
    assertEquals(3, txt.trackId());
  }

  @Test
  void mediaLiveTracks() throws Exception {
    TrackInfo a = parse("medialive-scte35-capture/audio");
    assertEquals("eng", a.language());
    assertEquals(List.of("main"), a.roles());
    assertEquals(List.of(new TrackInfo.Kind(TrackInfo.ROLE_SCHEME, "main"),
        new TrackInfo.Kind("urn:tva:metadata:cs:AudioPurposeCS:2007", "6")), a.kinds());
    assertNull(a.switchingSetId());
    TrackInfo v = parse("medialive-scte35-capture/video");
    assertEquals("avc1.64001e", v.codecs());
    assertEquals(640, v.width());
    assertEquals(350, v.height());
    assertEquals(800000, v.avgBitrate());
    assertEquals(800000, v.maxBitrate());
    TrackInfo m = parse("medialive-scte35-capture/scte");
    assertEquals("meta", m.handler());
    assertEquals(TrackInfo.MediaKind.METADATA, m.mediaKind());
    assertEquals("evte", m.codecs());
    assertEquals(90000, m.timescale());
    assertEquals(8000, m.avgBitrate());
  }

  @Test
  void everyCaptureHeaderParses() throws Exception {
    for (Path dir : TestData.trackDirs()) {
      ByteBuf b = TestData.buf(TestData.bytes(TestData.init(dir)));
      try {
        TrackInfo info = CmafHeader.parse(b);
        assertTrue(info.timescale() > 0, dir.toString());
        assertTrue(!info.codecs().isEmpty(), dir.toString());
      } finally {
        b.release();
      }
    }
  }

  /** A synthetic header: ftyp + moov with the given sample entry written by the test. */
  static ByteBuf header(String handler, java.util.function.Consumer<BoxWriter> sampleEntry, int traks,
      java.util.function.Consumer<BoxWriter> extraMdia, java.util.function.Consumer<BoxWriter> udta) {
    ByteBuf out = Unpooled.buffer();
    BoxWriter w = new BoxWriter(out);
    w.start("ftyp").fourcc("cmf2").u32(0).fourcc("cmfc").fourcc("iso6").end();
    w.start("moov");
    w.startFull("mvhd", 0, 0).zeros(96).end();
    for (int t = 0; t < traks; t++) {
      w.start("trak");
      w.startFull("tkhd", 0, 7).u32(0).u32(0).u32(t + 1).zeros(68).end();
      w.start("mdia");
      w.startFull("mdhd", 1, 0).u64(0).u64(0).u32(1000).u64(0).u16(0x15c7).u16(0).end();
      w.startFull("hdlr", 0, 0).u32(0).fourcc(handler).zeros(12).cstring("test").end();
      extraMdia.accept(w);
      w.start("minf").start("stbl").startFull("stsd", 0, 0).u32(1);
      sampleEntry.accept(w);
      w.end().end().end();
      w.end(); // mdia
      if (udta != null) {
        w.start("udta");
        udta.accept(w);
        w.end();
      }
      w.end(); // trak
    }
    w.start("mvex").startFull("trex", 0, 0).u32(1).u32(1).u32(1024).u32(100).u32(0x2000000).end().end();
    w.end();
    return out;
  }

  static void opusEntry(BoxWriter w) {
    w.start("Opus").zeros(6).u16(1).zeros(8).u16(2).u16(16).u32(0).u32(48000L << 16);
    w.start("dOps").u8(0).u8(6).u16(312).u32(48000).u16(0).u8(1).u8(4).u8(2).bytes(new byte[6]).end();
    w.start("btrt").u32(0).u32(160000).u32(128000).end();
    w.end();
  }

  static void hevcEntry(BoxWriter w, String name) {
    w.start(name).zeros(6).u16(1).zeros(16).u16(1920).u16(1080).u32(0x480000).u32(0x480000).u32(0).u16(1)
        .zeros(32).u16(0x18).u16(0xffff);
    // hvcC: Main profile (1), compat flags 0x60000000 (profiles 1 and 2), Main tier, level 93, constraint B0
    w.start("hvcC").u8(1).u8(0x01).u32(0x60000000L).bytes(new byte[] {(byte) 0xb0, 0, 0, 0, 0, 0}).u8(93)
        .u16(0xf000).u8(0xfc).u8(0xfd).u8(0xf8).u8(0xf8).u16(0).u8(0x0f).u8(0).end();
    w.end();
  }

  @Test
  void opusChannelsFromDops() throws Exception {
    ByteBuf h = header("soun", CmafHeaderTest::opusEntry, 1, w -> { }, null);
    try {
      TrackInfo o = CmafHeader.parse(h);
      assertEquals("opus", o.codecs());
      assertEquals("Opus", o.sampleEntry());
      assertEquals(6, o.channels(), "dOps OutputChannelCount wins over the sample entry");
      assertEquals(48000, o.sampleRate());
      assertEquals(128000, o.avgBitrate());
      assertEquals(160000, o.maxBitrate());
      assertEquals(1024, o.defaultSampleDuration());
      assertEquals(100, o.defaultSampleSize());
    } finally {
      h.release();
    }
  }

  @Test
  void hevcCodecsString() throws Exception {
    for (String name : List.of("hvc1", "hev1")) {
      ByteBuf h = header("vide", w -> hevcEntry(w, name), 1, w -> { }, null);
      try {
        TrackInfo v = CmafHeader.parse(h);
        assertEquals(name + ".1.6.L93.B0", v.codecs());
        assertEquals(1920, v.width());
        assertEquals(1080, v.height());
      } finally {
        h.release();
      }
    }
  }

  @Test
  void elngAndSwitchingSetKind() throws Exception {
    ByteBuf h = header("soun", CmafHeaderTest::opusEntry, 1,
        w -> w.startFull("elng", 0, 0).cstring("en-GB").end(),
        w -> {
          w.startFull("kind", 0, 0).cstring(TrackInfo.ROLE_SCHEME).cstring("dub").end();
          w.startFull("kind", 0, 0).cstring(TrackInfo.SWITCHING_SET_SCHEME).cstring("audio-en").end();
        });
    try {
      TrackInfo o = CmafHeader.parse(h);
      assertEquals("eng", o.language());
      assertEquals("en-GB", o.extendedLanguage());
      assertEquals("en-GB", o.effectiveLanguage());
      assertEquals(List.of("dub"), o.roles());
      assertEquals("audio-en", o.switchingSetId());
    } finally {
      h.release();
    }
  }

  @Test
  void unsupportedAndMalformed() {
    ByteBuf two = header("soun", CmafHeaderTest::opusEntry, 2, w -> { }, null);
    ByteBuf enc = header("vide", w -> w.start("encv").zeros(78).end(), 1, w -> { }, null);
    ByteBuf unknown = header("vide", w -> w.start("av01").zeros(78).end(), 1, w -> { }, null);
    ByteBuf noConfig = header("vide", w -> w.start("avc1").zeros(78).end(), 1, w -> { }, null);
    ByteBuf noMoov = Unpooled.buffer();
    new BoxWriter(noMoov).start("ftyp").fourcc("iso6").u32(0).end();
    try {
      assertEquals(CmafException.Kind.UNSUPPORTED, assertThrows(CmafException.class, () -> CmafHeader.parse(two)).kind());
      CmafException e = assertThrows(CmafException.class, () -> CmafHeader.parse(enc));
      assertEquals(CmafException.Kind.UNSUPPORTED, e.kind());
      assertTrue(e.getMessage().contains("encrypted"), e.getMessage());
      assertEquals(CmafException.Kind.UNSUPPORTED, assertThrows(CmafException.class, () -> CmafHeader.parse(unknown)).kind());
      assertEquals(CmafException.Kind.MALFORMED, assertThrows(CmafException.class, () -> CmafHeader.parse(noConfig)).kind());
      assertEquals(CmafException.Kind.MALFORMED, assertThrows(CmafException.class, () -> CmafHeader.parse(noMoov)).kind());
    } finally {
      two.release();
      enc.release();
      unknown.release();
      noConfig.release();
      noMoov.release();
    }
  }
}
