package io.livepoint.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.LiveStream;
import io.livepoint.core.ManualClock;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.Track;
import io.livepoint.core.store.ObjectKind;
import io.livepoint.core.store.ObjectStore;
import io.livepoint.core.store.StoredObject;
import io.livepoint.http.RequestHandler;
import io.livepoint.http.testing.RecordingExchange;
import io.livepoint.media.box.BoxWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Interface-2 (DASH-IF ingest 7): objects stored as sent, DELETE, path rules, and the CMAF model beside them. */
class InterfaceTwoTest {
  static final String V = "livesim2-testpic_2s/V300/";
  final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T12:00:00Z"));
  final StreamRegistry registry = new StreamRegistry(clock);
  ObjectStore objects = new ObjectStore(clock, ObjectStore.Limits.DEFAULTS);
  IngestService service = new IngestService(registry, IngestConfig.DEFAULTS, clock, objects);
  Ingest ingest = new Ingest(service);

  @AfterEach
  void close() {
    registry.close();
    objects.close();
  }

  static byte[] file(String relative) throws Exception {
    return IngestServiceTest.file(relative);
  }

  static void assertStatus(int code, RecordingExchange ex) {
    assertEquals(code, ex.status(), ex.text());
  }

  byte[] stored(String stream, String path) {
    StoredObject o = objects.get(stream, path);
    assertNotNull(o, "no object " + stream + "/" + path);
    ByteBuf b = o.retainedContent();
    try {
      return ByteBufUtil.getBytes(b);
    } finally {
      b.release();
    }
  }

  /** A DELETE as FFmpeg sends it: Transfer-Encoding: chunked and an empty body (just the last chunk). */
  RecordingExchange ffmpegDelete(String uri) throws Exception {
    return ingest.send("DELETE", uri, new byte[0], 1, true, Map.of());
  }

  @Test
  void objectsOfEveryTable6TypeAreStoredAsSentWithTheirMediaType() throws Exception {
    byte[] playlist = "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nseg_00001.ts\n"
        .getBytes(StandardCharsets.UTF_8);
    byte[] ts = new byte[188 * 40];
    new Random(1).nextBytes(ts);
    for (int i = 0; i < ts.length; i += 188) {
      ts[i] = 0x47;
    }
    byte[] key = new byte[16];
    assertStatus(200, ingest.put("/ingest/live/hls/v0/index.m3u8", playlist));
    assertStatus(200, ingest.chunked("/ingest/live/hls/v0/seg_00001.ts", ts, 1000));
    assertStatus(200, ingest.post("/ingest/live/hls/key-1.key", key));
    assertArrayEquals(playlist, stored("live", "hls/v0/index.m3u8"));
    assertArrayEquals(ts, stored("live", "hls/v0/seg_00001.ts"));
    assertArrayEquals(key, stored("live", "hls/key-1.key"));
    assertEquals("application/vnd.apple.mpegurl", objects.get("live", "hls/v0/index.m3u8").contentType());
    assertEquals("video/mp2t", objects.get("live", "hls/v0/seg_00001.ts").contentType());
    assertEquals("application/octet-stream", objects.get("live", "hls/key-1.key").contentType());
    assertEquals(ObjectKind.MANIFEST, objects.get("live", "hls/v0/index.m3u8").kind());
    assertNull(registry.get("live"), "TS and playlists create no live model");
    assertEquals("video/iso.segment", ObjectTypes.of("a/b.m4s").mediaType());
    assertEquals("audio/mp4", ObjectTypes.of("a.cmfa").mediaType());
    assertEquals("application/dash+xml", ObjectTypes.of("x/Manifest.MPD").mediaType());
    assertEquals(ObjectKind.INIT, ObjectTypes.of("v/init.mp4").kind());
    assertEquals(ObjectKind.INIT, ObjectTypes.of("v.header").kind());
    assertEquals(ObjectKind.MEDIA, ObjectTypes.of("v/initial-5.m4s").kind());
    assertNull(ObjectTypes.of("v/no-extension"));
  }

  @Test
  void cmafObjectsAreStoredByteIdenticalAndFeedTheLiveModel() throws Exception {
    byte[] init = file(V + "init.mp4");
    assertStatus(200, ingest.put("/ingest/live/v/init.mp4", init));
    for (int n = 1; n <= 3; n++) {
      byte[] seg = file(V + n + ".m4s");
      RecordingExchange ex = n == 2 ? ingest.chunked("/ingest/live/v/seg_0000" + n + ".m4s", seg, 1500)
          : ingest.put("/ingest/live/v/seg_0000" + n + ".m4s", seg);
      assertStatus(200, ex);
      assertArrayEquals(seg, stored("live", "v/seg_0000" + n + ".m4s"));
    }
    assertArrayEquals(init, stored("live", "v/init.mp4"), "stored as sent (the model's copy has durations cleared)");
    Track t = registry.get("live").findTrack("v");
    assertNotNull(t, "FFmpeg HLS naming seg_00001.m4s belongs to the folder's track: " + registry.get("live").tracks());
    assertEquals(3, t.lastNumber());
    assertEquals(ObjectKind.INIT, objects.get("live", "v/init.mp4").kind());
    assertEquals(ObjectKind.MEDIA, objects.get("live", "v/seg_00001.m4s").kind());
  }

  @Test
  void ffmpegHlsDefaultNamesAtTheRootAreOneTrack() throws Exception {
    assertStatus(200, ingest.put("/ingest/live/init.mp4", file(V + "init.mp4")));
    assertStatus(200, ingest.put("/ingest/live/index0.m4s", file(V + "1.m4s")));
    assertStatus(200, ingest.put("/ingest/live/index1.m4s", file(V + "2.m4s")));
    assertEquals(List.of("main"), registry.get("live").tracks().stream().map(Track::id).toList());
    assertEquals(2, registry.get("live").findTrack("main").lastNumber());
  }

  /** What FFmpeg's DASH muxer posts for one video Representation with its default names. */
  static final String FFMPEG_DASH_MPD = """
      <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="dynamic"><Period id="0" start="PT0S">
        <AdaptationSet id="0" contentType="video">
          <Representation id="0" bandwidth="300000">
            <SegmentTemplate timescale="90000" initialization="init-stream$RepresentationID$.m4s"
                media="chunk-stream$RepresentationID$-$Number%05d$.m4s" startNumber="1"/>
          </Representation>
        </AdaptationSet></Period></MPD>""";

  @Test
  void ffmpegDashDefaultNamesBeforeTheMpdStayInOneTrackPerRepresentation() throws Exception {
    // FFmpeg's DASH muxer: init-stream$RepresentationID$.m4s, chunk-stream$RepresentationID$-$Number%05d$.m4s,
    // the headers and often the first segment before the MPD.
    assertStatus(200, ingest.put("/ingest/live/init-stream0.m4s", file(V + "init.mp4")));
    assertStatus(200, ingest.put("/ingest/live/chunk-stream0-00001.m4s", file(V + "1.m4s")));
    String mpd = FFMPEG_DASH_MPD;
    assertStatus(200, ingest.put("/ingest/live/manifest.mpd", mpd.getBytes(StandardCharsets.UTF_8)));
    assertStatus(200, ingest.put("/ingest/live/chunk-stream0-00002.m4s", file(V + "2.m4s")));
    assertStatus(200, ingest.put("/ingest/live/manifest.mpd", mpd.getBytes(StandardCharsets.UTF_8)));
    assertStatus(200, ingest.put("/ingest/live/chunk-stream0-00003.m4s", file(V + "3.m4s")));
    LiveStream live = registry.get("live");
    assertEquals(List.of("stream0"), live.tracks().stream().map(Track::id).toList());
    assertEquals(3, live.findTrack("stream0").lastNumber());
    assertEquals("0", live.findTrack("stream0").switchingSetId());
  }

  @Test
  void aHeaderWhoseUploadCrossesTheMpdStillNamesTheTrackOfItsRepresentation() throws Exception {
    // FFmpeg sends headers and the MPD on separate connections: the header's request is routed by its
    // path before the MPD exists, while its body is parsed after the MPD adopted what was parked then.
    byte[] init = file(V + "init.mp4");
    Upload upload = open("/ingest/live/init-stream0.m4s");
    assertStatus(200, ingest.put("/ingest/live/manifest.mpd", FFMPEG_DASH_MPD.getBytes(StandardCharsets.UTF_8)));
    upload.finish(init);
    assertStatus(200, ingest.put("/ingest/live/chunk-stream0-00001.m4s", file(V + "1.m4s")));
    LiveStream live = registry.get("live");
    assertEquals(List.of("stream0"), live.tracks().stream().map(Track::id).toList());
    assertEquals(1, live.findTrack("stream0").lastNumber());
  }

  @Test
  void aSegmentWhoseUploadStartedBeforeItsHeaderWasReadTakesTheHeaderAtItsFirstFragment() throws Exception {
    // FFmpeg -ldash opens a segment's PUT while its init segment's PUT (another connection) is still
    // being read, and before the MPD: the segment's first fragment comes after both.
    Upload upload = open("/ingest/live/chunk-stream0-00001.m4s");
    assertStatus(200, ingest.put("/ingest/live/init-stream0.m4s", file(V + "init.mp4")));
    assertStatus(200, ingest.put("/ingest/live/manifest.mpd", FFMPEG_DASH_MPD.getBytes(StandardCharsets.UTF_8)));
    upload.finish(file(V + "1.m4s"));
    LiveStream live = registry.get("live");
    assertEquals(List.of("stream0"), live.tracks().stream().map(Track::id).toList());
    assertEquals(1, live.findTrack("stream0").lastNumber());
  }

  @Test
  void samePathOverwrites() throws Exception {
    assertStatus(200, ingest.put("/ingest/live/master.m3u8", "#EXTM3U\n# one\n".getBytes(StandardCharsets.UTF_8)));
    byte[] second = "#EXTM3U\n# second, longer\n".getBytes(StandardCharsets.UTF_8);
    assertStatus(200, ingest.post("/ingest/live/master.m3u8", second));
    assertArrayEquals(second, stored("live", "master.m3u8"));
    assertEquals(second.length, objects.stream("live").bytes());
  }

  @Test
  void deleteRemovesTheObjectAndItsEmptiedFolderAnswers200WhenGoneAndReadsFfmpegsEmptyChunkedBody() throws Exception {
    assertStatus(200, ingest.put("/ingest/live/a/v/1.ts", new byte[188]));
    assertStatus(200, ingest.put("/ingest/live/a/v/2.ts", new byte[188]));
    assertStatus(200, ingest.put("/ingest/live/a/x.m3u8", "#EXTM3U\n".getBytes(StandardCharsets.UTF_8)));
    RecordingExchange d = ffmpegDelete("/ingest/live/a/v/1.ts");
    assertTrue(d.bodyAccepted(), "the empty chunked body is read");
    assertStatus(200, d);
    assertNull(objects.get("live", "a/v/1.ts"));
    assertEquals(Set.of("a", "a/v"), objects.stream("live").folders());
    assertStatus(200, ingest.send("DELETE", "/ingest/live/a/v/2.ts", new byte[0], 1, false, Map.of()));
    assertEquals(Set.of("a"), objects.stream("live").folders(), "the emptied folder is gone, its parent stays");
    assertStatus(200, ffmpegDelete("/ingest/live/a/v/2.ts"));
    assertStatus(200, ffmpegDelete("/ingest/never/was.m4s"));
    assertStatus(200, ingest.send("DELETE", "/ingest/live/a/x.m3u8", "ignored".getBytes(StandardCharsets.UTF_8), 3, true, Map.of()));
    assertEquals(List.of(), objects.stream("live").paths());
    assertStatus(403, ffmpegDelete("/ingest/live/"));
  }

  @Test
  void aDeleteWhoseEmptyBodyNeverEndsStillDeletes() throws Exception {
    // FFmpeg at exit: DELETE with Transfer-Encoding: chunked, then the connection closes before the last chunk.
    assertStatus(200, ingest.put("/ingest/live/v/seg-1.ts", new byte[188]));
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.DELETE, "/ingest/live/v/seg-1.ts");
    req.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    RecordingExchange ex = new RecordingExchange(req, "/ingest/");
    RequestHandler h = service.newHandler();
    h.onRequest(ex);
    assertTrue(ex.bodyAccepted());
    assertFalse(ex.responded(), "answered when the body ends");
    h.onAbort(ex, new java.io.IOException("Connection reset"));
    assertNull(objects.get("live", "v/seg-1.ts"), "deleted all the same");
    assertEquals(Set.of(), objects.stream("live").folders());
  }

  @Test
  void pathsEscapingThePublishingPointAre403ForEveryMethod() throws Exception {
    for (String method : List.of("PUT", "POST", "DELETE")) {
      for (String uri : List.of("/ingest/live/../other/x.m3u8", "/ingest/live/a%2F..%2F..%2Fx.m4s",
          "/ingest/live/a%2fb.ts", "/ingest/live/a%5Cb.ts", "http://elsewhere.example/ingest/live/x.m3u8",
          "/ingest/live/a/./b.ts", "/ingest/live//x.ts", "/ingest/live/x%00.ts")) {
        RecordingExchange ex = ingest.send(method, uri, new byte[10], 100, false, Map.of());
        assertStatus(403, ex);
      }
    }
    assertNull(objects.stream("live"));
    assertNull(objects.stream("other"));
  }

  @Test
  void clearlyUnsupportedTypesAre415AndUnknownExtensionsStayInterfaceOne() throws Exception {
    for (String path : List.of("x.html", "a/b.js", "c.svg", "d.php")) {
      assertStatus(415, ingest.put("/ingest/live/" + path, "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8)));
    }
    assertStatus(415, ingest.send("PUT", "/ingest/live/x.m3u8", new byte[8], 100, false,
        Map.of("Content-Type", "text/html")));
    // No Table 6 extension: Interface-1 media named by path, not an object (and 400 when it is not CMAF).
    assertStatus(400, ingest.post("/ingest/live/v.bin", "not media at all, just text".repeat(10).getBytes(StandardCharsets.UTF_8)));
    assertNull(objects.stream("live"));
  }

  @Test
  void interfaceOneStatusCodesStayForCmafObjects() throws Exception {
    RecordingExchange ex = ingest.chunked("/ingest/live/V300/1.m4s", file(V + "1.m4s"), 3000);
    assertStatus(412, ex);
    assertNull(objects.get("live", "V300/1.m4s"), "a refused object is not kept");
    assertStatus(400, ingest.post("/ingest/live/v/junk.m4s", "not boxes".repeat(20).getBytes(StandardCharsets.UTF_8)));
    assertNull(objects.get("live", "v/junk.m4s"));
  }

  @Test
  void mediaTheModelCannotTakeIsPassedThrough() throws Exception {
    byte[] encrypted = encryptedHeader();
    assertStatus(200, ingest.put("/ingest/live/enc/init.mp4", encrypted));
    assertArrayEquals(encrypted, stored("live", "enc/init.mp4"));
    byte[] seg = file(V + "1.m4s");
    assertStatus(200, ingest.put("/ingest/live/enc/seg_00001.m4s", seg));
    assertArrayEquals(seg, stored("live", "enc/seg_00001.m4s"));
    LiveStream live = registry.get("live");
    assertTrue(live == null || live.findTrack("enc") == null || live.findTrack("enc").header() == null);
    // Interface-1 (no object) still refuses it.
    assertStatus(415, ingest.post("/ingest/live/Streams(enc2.cmfv)", encrypted));
  }

  @Test
  void aManifestIsStoredAndItsTemplatesStillNameTracks() throws Exception {
    byte[] mpd = file("livesim2-testpic_2s/Manifest_imsc1.mpd");
    assertStatus(200, ingest.put("/ingest/live/Manifest.mpd", mpd));
    assertArrayEquals(mpd, stored("live", "Manifest.mpd"));
    assertEquals("application/dash+xml", objects.get("live", "Manifest.mpd").contentType());
    assertNotNull(service.templates("live").match("V300/7.m4s"), "its templates name the tracks of later requests");
    // The capture's Manifest.mpd is not well-formed XML (a quote runs into the next attribute): refused.
    assertStatus(400, ingest.put("/ingest/live/capture.mpd", file("livesim2-testpic_2s/Manifest.mpd")));
    assertNull(objects.get("live", "capture.mpd"));
    byte[] noTemplates = """
        <MPD xmlns="urn:mpeg:dash:schema:mpd:2011"><Period><AdaptationSet>
          <Representation id="r"><BaseURL>r.mp4</BaseURL><SegmentBase indexRange="800-1000"/></Representation>
        </AdaptationSet></Period></MPD>""".getBytes(StandardCharsets.UTF_8);
    assertStatus(200, ingest.put("/ingest/live/ondemand.mpd", noTemplates));
    assertArrayEquals(noTemplates, stored("live", "ondemand.mpd"), "a valid MPD without templates is passed through");
    assertStatus(400, ingest.put("/ingest/live/broken.mpd", "<MPD><Period>".getBytes(StandardCharsets.UTF_8)));
    assertNull(objects.get("live", "broken.mpd"));
  }

  @Test
  void aWholeTrackInOneRequestIsInterfaceOneAndNotKeptAsAnObject() throws Exception {
    byte[] all = IngestServiceTest.concat(file(V + "init.mp4"), file(V + "1.m4s"), file(V + "2.m4s"), file(V + "3.m4s"));
    assertStatus(200, ingest.chunked("/ingest/live/video.cmfv", all, 5000));
    assertNull(objects.get("live", "video.cmfv"));
    assertEquals(3, registry.get("live").findTrack("video").lastNumber());
  }

  @Test
  void anObjectIsReadableWhileItsUploadRunsAndGoneWhenTheUploadIsCutOff() throws Exception {
    byte[] ts = new byte[188 * 100];
    new Random(7).nextBytes(ts);
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, "/ingest/live/v/seg-9.ts");
    req.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    RecordingExchange ex = new RecordingExchange(req, "/ingest/");
    RequestHandler h = service.newHandler();
    h.onRequest(ex);
    feed(h, ex, ts, 0, 5000);
    StoredObject o = objects.get("live", "v/seg-9.ts");
    assertEquals(5000, o.size());
    assertFalse(o.isComplete());
    ByteBuf first = o.read(0);
    assertArrayEquals(java.util.Arrays.copyOf(ts, 5000), ByteBufUtil.getBytes(first));
    first.release();
    h.onAbort(ex, new java.io.IOException("peer went away"));
    assertEquals(StoredObject.State.FAILED, o.state());
    assertNull(objects.get("live", "v/seg-9.ts"), "a broken upload leaves nothing half-written behind");
  }

  @Test
  void theByteBudgetIs507ForAnObjectThatCannotFit() throws Exception {
    objects = new ObjectStore(clock, new ObjectStore.Limits(64 * 1024, Duration.ofSeconds(30)));
    service = new IngestService(registry, IngestConfig.DEFAULTS, clock, objects);
    ingest = new Ingest(service);
    assertStatus(200, ingest.put("/ingest/live/v/1.ts", new byte[40_000]));
    assertStatus(200, ingest.put("/ingest/live/v/2.ts", new byte[40_000]));
    assertEquals(List.of("v/2.ts"), objects.stream("live").paths(), "the oldest media made room");
    assertStatus(507, ingest.chunked("/ingest/live/v/3.ts", new byte[100_000], 8000));
    assertNull(objects.get("live", "v/3.ts"));
  }

  /** A chunked PUT whose request line and headers arrived, its body not yet: requests of a source that cross. */
  private record Upload(RequestHandler handler, RecordingExchange exchange) {
    /** The whole body, then its end: the request must have been answered 200. */
    void finish(byte[] body) throws Exception {
      feed(handler, exchange, body, 0, body.length);
      handler.onEnd(exchange);
      assertStatus(200, exchange);
    }
  }

  private Upload open(String uri) throws Exception {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.PUT, uri);
    req.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    RecordingExchange ex = new RecordingExchange(req, "/ingest/");
    RequestHandler h = service.newHandler();
    h.onRequest(ex);
    return new Upload(h, ex);
  }

  static void feed(RequestHandler h, RecordingExchange ex, byte[] body, int from, int to) throws Exception {
    ByteBuf piece = PooledByteBufAllocator.DEFAULT.directBuffer(to - from);
    piece.writeBytes(body, from, to - from);
    try {
      h.onContent(ex, piece);
    } finally {
      piece.release();
    }
  }

  /** A CMAF header with an encrypted sample entry (encv): valid ISOBMFF the live model does not package. */
  static byte[] encryptedHeader() {
    ByteBuf enc = Unpooled.buffer();
    BoxWriter w = new BoxWriter(enc);
    w.start("ftyp").fourcc("cmfc").u32(0).end();
    w.start("moov").start("trak");
    w.startFull("tkhd", 0, 7).u32(0).u32(0).u32(1).zeros(68).end();
    w.start("mdia").startFull("mdhd", 0, 0).u32(0).u32(0).u32(90000).u32(0).u16(0x55c4).u16(0).end();
    w.startFull("hdlr", 0, 0).u32(0).fourcc("vide").zeros(12).u8(0).end();
    w.start("minf").start("stbl").startFull("stsd", 0, 0).u32(1).start("encv").zeros(78).end().end().end().end();
    w.end().end().end();
    byte[] b = ByteBufUtil.getBytes(enc);
    enc.release();
    return b;
  }
}
