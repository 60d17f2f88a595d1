package io.livepoint.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Chunk;
import io.livepoint.core.LiveStream;
import io.livepoint.media.cmaf.LiveHeader;
import io.livepoint.core.ManualClock;
import io.livepoint.core.Segment;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.Track;
import io.livepoint.http.auth.AuthPolicy;
import io.livepoint.http.auth.AuthScheme;
import io.livepoint.http.auth.DigestAlgorithm;
import io.livepoint.http.testing.RecordingExchange;
import io.livepoint.media.box.BoxWriter;
import io.livepoint.media.cmaf.FragmentRewriter;
import io.livepoint.media.cmaf.SegmentType;
import io.livepoint.testkit.Shared;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class IngestServiceTest {
  final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T12:00:00Z"));
  final StreamRegistry registry = new StreamRegistry(clock);
  IngestService service = new IngestService(registry, IngestConfig.DEFAULTS, clock);
  Ingest ingest = new Ingest(service);

  @AfterEach
  void close() {
    registry.close();
  }

  static byte[] file(String relative) throws Exception {
    return Files.readAllBytes(Shared.path("testdata/cmaf/" + relative));
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  static byte[] bytes(Chunk c) {
    ByteBuf b = c.retainedData();
    try {
      return ByteBufUtil.getBytes(b);
    } finally {
      b.release();
    }
  }

  static byte[] bytes(Segment s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    s.chunks().forEach(c -> out.writeBytes(bytes(c)));
    return out.toByteArray();
  }

  void assertStatus(int code, RecordingExchange ex) {
    assertEquals(code, ex.status(), ex.text());
  }

  // ---- status codes ----

  @Test
  void emptyProbeIs200AndCreatesNothing() throws Exception {
    assertStatus(200, ingest.post("/ingest/live", new byte[0]));
    assertStatus(200, ingest.send("PUT", "/ingest/live/", new byte[0], 1, false, Map.of()));
    assertStatus(200, ingest.post("/ingest/live/video.cmfv", new byte[0]));
    assertNull(registry.get("live"));
  }

  @Test
  void unknownPublishingPointIs404BeforeTheBody() throws Exception {
    service = new IngestService(registry, new IngestConfig(List.of("live"), 1 << 20), clock);
    ingest = new Ingest(service);
    RecordingExchange ex = ingest.post("/ingest/other/video.cmfv", file("livesim2-testpic_2s/V300/init.mp4"));
    assertStatus(404, ex);
    assertFalse(ex.bodyAccepted(), "answered before accepting the body (no 100 Continue)");
    assertStatus(200, ingest.post("/ingest/live/video.cmfv", file("livesim2-testpic_2s/V300/init.mp4")));
    assertNull(registry.get("other"));
  }

  @Test
  void badPathsAre403() throws Exception {
    byte[] init = file("livesim2-testpic_2s/V300/init.mp4");
    for (String uri : List.of("/ingest/live/../other/v.cmfv", "/ingest/live/a%2Fb.cmfv", "/ingest/live/a%5cb.cmfv",
        "http://example.com/ingest/live/v.cmfv", "/ingest/bad%20name/v.cmfv", "/ingest/live//v.cmfv",
        "/ingest/live/Streams(a%20b)", "/ingest/live/Switching(x%3Cy)/Streams(v)", "/ingest/..",
        "/ingest/")) {
      RecordingExchange ex = ingest.post(uri, init);
      assertStatus(403, ex);
      assertFalse(ex.bodyAccepted(), uri);
    }
    assertTrue(registry.all().isEmpty());
  }

  @Test
  void basicAuthentication() throws Exception {
    service = new IngestService(registry, new IngestConfig(List.of(), 1 << 20,
        new AuthPolicy(AuthScheme.BASIC, "ingest", Map.of("enc", "s3cret")), Map.of()), clock);
    ingest = new Ingest(service);
    byte[] init = file("livesim2-testpic_2s/A48/init.mp4");
    RecordingExchange none = ingest.post("/ingest/live/a.cmfa", init);
    assertStatus(401, none);
    assertFalse(none.bodyAccepted(), "decided before 100 Continue");
    assertEquals("Basic realm=\"ingest\", charset=\"UTF-8\"", none.header(HttpHeaderNames.WWW_AUTHENTICATE));
    String bad = "Basic " + Base64.getEncoder().encodeToString("enc:wrong".getBytes(StandardCharsets.UTF_8));
    assertStatus(403, ingest.send("POST", "/ingest/live/a.cmfa", init, 100, false, Map.of("Authorization", bad)));
    assertStatus(403, ingest.send("POST", "/ingest/live/a.cmfa", init, 100, false, Map.of("Authorization", "Basic !!")));
    assertNull(registry.get("live"));
    String good = "Basic " + Base64.getEncoder().encodeToString("enc:s3cret".getBytes(StandardCharsets.UTF_8));
    assertStatus(200, ingest.send("POST", "/ingest/live/a.cmfa", init, 100, false, Map.of("Authorization", good)));
    assertNotNull(registry.get("live").findTrack("a").header());
  }

  /** Digest globally, and per publishing point: another user for one stream, and one stream open. */
  @Test
  void digestAuthenticationPerPublishingPoint() throws Exception {
    AuthPolicy global = new AuthPolicy(AuthScheme.DIGEST, "ingest", Map.of("enc", "s3cret"));
    AuthPolicy studio = new AuthPolicy(AuthScheme.DIGEST, "studio", Map.of("cam", "pw2"));
    service = new IngestService(registry, new IngestConfig(List.of(), 1 << 20, global,
        Map.of("studio", studio, "open", AuthPolicy.OPEN)), clock);
    ingest = new Ingest(service);
    byte[] init = file("livesim2-testpic_2s/A48/init.mp4");
    String uri = "/ingest/live/a.cmfa";
    RecordingExchange none = ingest.post(uri, init);
    assertStatus(401, none);
    List<String> challenges = none.responseHeaders().getAll(HttpHeaderNames.WWW_AUTHENTICATE);
    assertEquals(2, challenges.size());
    assertTrue(challenges.get(0).contains("algorithm=SHA-256"), challenges.get(0));
    String nonce = challenges.get(1).replaceAll(".*nonce=\"([^\"]+)\".*", "$1");
    assertStatus(403, ingest.send("POST", uri, init, 100, false,
        Map.of("Authorization", digest("enc", "wrong", "ingest", uri, nonce, 1))));
    assertNull(registry.get("live"));
    assertStatus(200, ingest.send("POST", uri, init, 100, false,
        Map.of("Authorization", digest("enc", "s3cret", "ingest", uri, nonce, 2))));
    assertNotNull(registry.get("live").findTrack("a").header());
    // the nonce expires: 401 stale=true, the encoder answers the new challenge with the same password
    clock.advance(Duration.ofMinutes(6));
    RecordingExchange stale = ingest.send("POST", uri, init, 100, false,
        Map.of("Authorization", digest("enc", "s3cret", "ingest", uri, nonce, 3)));
    assertStatus(401, stale);
    assertTrue(stale.header(HttpHeaderNames.WWW_AUTHENTICATE).endsWith("stale=true"));
    // studio has its own realm and user: the global user is refused there
    String studioUri = "/ingest/studio/a.cmfa";
    String studioNonce = ingest.post(studioUri, init).header(HttpHeaderNames.WWW_AUTHENTICATE)
        .replaceAll(".*nonce=\"([^\"]+)\".*", "$1");
    assertStatus(403, ingest.send("POST", studioUri, init, 100, false,
        Map.of("Authorization", digest("enc", "s3cret", "ingest", studioUri, studioNonce, 1))));
    assertStatus(200, ingest.send("POST", studioUri, init, 100, false,
        Map.of("Authorization", digest("cam", "pw2", "studio", studioUri, studioNonce, 2))));
    assertStatus(200, ingest.post("/ingest/open/a.cmfa", init));
  }

  private static String digest(String user, String password, String realm, String uri, String nonce, int nc) {
    String ncs = String.format("%08x", nc);
    return "Digest username=\"" + user + "\", realm=\"" + realm + "\", uri=\"" + uri + "\", algorithm=MD5, nonce=\""
        + nonce + "\", nc=" + ncs + ", cnonce=\"abc\", qop=auth, response=\""
        + DigestAlgorithm.MD5.response(user, realm, password, "POST", uri, nonce, ncs, "abc", "auth") + "\"";
  }

  @Test
  void contentTypeThatIsNotMediaIs415() throws Exception {
    byte[] init = file("livesim2-testpic_2s/A48/init.mp4");
    for (String type : List.of("text/html; charset=utf-8", "application/json", "image/png")) {
      RecordingExchange ex = ingest.send("POST", "/ingest/live/a.cmfa", init, 100, false, Map.of("Content-Type", type));
      assertStatus(415, ex);
      assertFalse(ex.bodyAccepted());
    }
    for (String type : List.of("video/mp4", "audio/mp4", "application/octet-stream", "application/mp4")) {
      assertStatus(200, ingest.send("POST", "/ingest/live/a.cmfa", init, 100, false, Map.of("Content-Type", type)));
    }
  }

  @Test
  void unsupportedMediaIs415() throws Exception {
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
    RecordingExchange ex = ingest.post("/ingest/live/v.cmfv", b);
    assertStatus(415, ex);
    assertTrue(ex.text().contains("encrypted"), ex.text());
  }

  @Test
  void mediaBeforeHeaderIs412() throws Exception {
    RecordingExchange ex = ingest.chunked("/ingest/live/V300/1.m4s", file("livesim2-testpic_2s/V300/1.m4s"), 3000);
    assertStatus(412, ex);
    assertNull(registry.get("live"), "a refused body creates no stream and no track");
  }

  @Test
  void malformedAndTooLargeAre400() throws Exception {
    byte[] garbage = "this is not an ISOBMFF box stream".getBytes(StandardCharsets.US_ASCII);
    assertStatus(400, ingest.post("/ingest/live/v.cmfv", garbage));
    assertNull(registry.get("live"), "garbage creates no stream");
    byte[] init = file("livesim2-testpic_2s/V300/init.mp4");
    byte[] seg = file("livesim2-testpic_2s/V300/1.m4s");
    byte[] truncated = concat(init, java.util.Arrays.copyOf(seg, seg.length - 100));
    RecordingExchange t = ingest.chunked("/ingest/live/v.cmfv", truncated, 4000);
    assertStatus(400, t);
    assertTrue(t.text().contains("truncated"), t.text());

    service = new IngestService(registry, new IngestConfig(List.of(), 8192), clock);
    ingest = new Ingest(service);
    assertStatus(400, ingest.chunked("/ingest/big/v.cmfv", concat(init, seg), 1000));
    assertNotNull(registry.get("big").findTrack("v").header(), "the header before the big box was taken");
  }

  @Test
  void methodsOtherThanPostAndPutAre400WithAllow() throws Exception {
    RecordingExchange ex = ingest.send("GET", "/ingest/live/v.cmfv", new byte[0], 1, false, Map.of());
    assertStatus(400, ex);
    assertEquals("POST, PUT", ex.header(HttpHeaderNames.ALLOW));
  }

  // ---- per-segment ingest of real captures ----

  @Test
  void perSegmentPostAndPutOfLivesim2() throws Exception {
    for (String rep : List.of("V300", "A48")) {
      String dir = "livesim2-testpic_2s/" + rep + "/";
      assertStatus(200, ingest.post("/ingest/live/" + rep + "/init.mp4", file(dir + "init.mp4")));
      for (int n = 1; n <= 4; n++) {
        RecordingExchange ex = n % 2 == 0 ? ingest.put("/ingest/live/" + rep + "/" + n + ".m4s", file(dir + n + ".m4s"))
            : ingest.chunked("/ingest/live/" + rep + "/" + n + ".m4s", file(dir + n + ".m4s"), 2000);
        assertStatus(200, ex);
      }
    }
    LiveStream live = registry.get("live");
    assertEquals(List.of("V300", "A48"), live.tracks().stream().map(Track::id).toList());
    Track v = live.findTrack("V300");
    assertEquals("avc1.64001e", v.header().info().codecs());
    assertEquals(4, v.lastNumber());
    for (int n = 1; n <= 4; n++) {
      Segment s = v.segment(n);
      assertTrue(s.isComplete());
      assertEquals(1, s.chunkCount());
      assertEquals(180000, s.duration());
      assertEquals((n - 1) * 180000L, s.startTime());
      assertArrayEquals(file("livesim2-testpic_2s/V300/" + n + ".m4s"), bytes(s), "stored as sent");
    }
    Track a = live.findTrack("A48");
    assertEquals(4, a.lastNumber());
    assertEquals(4 * 96000, a.segment(4).endTime());
    assertFalse(a.isEnded());
    ByteBuf init = a.header().retainedData();
    ByteBuf expected = Unpooled.copiedBuffer(file("livesim2-testpic_2s/A48/init.mp4"));
    LiveHeader.clearDurations(expected); // stored as sent, but for the recording's durations (a live header)
    assertArrayEquals(ByteBufUtil.getBytes(expected), ByteBufUtil.getBytes(init));
    init.release();
  }

  @Test
  void mediaLiveCapture() throws Exception {
    for (String t : List.of("video", "audio", "scte")) {
      String ext = t.equals("video") ? "cmfv" : t.equals("audio") ? "cmfa" : "cmfm";
      String dir = "medialive-scte35-capture/" + t + "/";
      assertStatus(200, ingest.put("/ingest/ml/" + t + "/init." + ext, file(dir + "init." + ext)));
      for (long n = 896605655; n <= 896605658; n++) {
        assertStatus(200, ingest.put("/ingest/ml/" + t + "/" + n + "." + ext, file(dir + n + "." + ext)));
      }
    }
    LiveStream ml = registry.get("ml");
    assertEquals(List.of("video", "audio", "scte"), ml.tracks().stream().map(Track::id).toList());
    for (Track t : ml.tracks()) {
      assertEquals(4, t.lastNumber(), t.id());
      assertTrue(t.segments().stream().allMatch(Segment::isComplete));
    }
    assertEquals("evte", ml.findTrack("scte").header().info().codecs());
    Segment first = ml.findTrack("video").segment(1);
    assertEquals(0x8ce941abdcb0L, first.startTime());
    assertTrue(first.chunk(0).independent());
    assertTrue(ml.events().isEmpty(), "the capture's event track holds only emeb fillers");
  }

  /** One sample of an evte track (ISO/IEC 23001-18) at {@code tfdt}, lasting {@code duration}, holding {@code boxes}. */
  static byte[] eventSample(long tfdt, long duration, byte[] boxes) {
    ByteBuf out = Unpooled.buffer();
    BoxWriter w = new BoxWriter(out);
    w.start("styp").fourcc("cmfc").u32(0).fourcc("cmfs").end();
    int moof = out.writerIndex();
    w.start("moof").startFull("mfhd", 0, 0).u32(1).end().start("traf");
    w.startFull("tfhd", 0, 0x020000).u32(1).end();
    w.startFull("tfdt", 1, 0).u64(tfdt).end();
    w.startFull("trun", 0, 0x301).u32(1);
    int offset = out.writerIndex();
    w.u32(0).u32(duration).u32(boxes.length).end().end().end();
    out.setInt(offset, out.writerIndex() - moof + 8);
    w.start("mdat").bytes(boxes).end();
    byte[] b = ByteBufUtil.getBytes(out);
    out.release();
    return b;
  }

  /** An emib (EventMessageInstanceBox) carrying a SCTE-35 section, {@code delta} after its sample. */
  static byte[] emib(long delta, long duration, long id) {
    byte[] section = Base64.getDecoder().decode("/DAvAAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAKAAhDVUVJAAABNWLbowo=");
    ByteBuf out = Unpooled.buffer();
    new BoxWriter(out).startFull("emib", 0, 0).u32(0).u64(delta).u32(duration).u32(id)
        .cstring("urn:scte:scte35:2013:bin").cstring("").bytes(section).end();
    byte[] b = ByteBufUtil.getBytes(out);
    out.release();
    return b;
  }

  /**
   * A timed metadata track (MediaLive's evte header) whose samples carry an emib: the event is taken once
   * (it is repeated while active, 6.6 item 7), at the sample's time plus its delta, in the track timescale.
   */
  @Test
  void eventTrackSamplesBecomeStreamEvents() throws Exception {
    String dir = "medialive-scte35-capture/scte/";
    assertStatus(200, ingest.put("/ingest/ev/scte/init.cmfm", file(dir + "init.cmfm")));
    long ts = registry.get("ev").findTrack("scte").header().info().timescale();
    byte[] empty = {0, 0, 0, 8, 'e', 'm', 'e', 'b'};
    assertStatus(200, ingest.put("/ingest/ev/scte/1.cmfm", eventSample(0, 2 * ts, empty)));
    assertStatus(200, ingest.put("/ingest/ev/scte/2.cmfm", eventSample(2 * ts, 2 * ts, emib(ts / 2, 30 * ts, 77))));
    assertStatus(200, ingest.put("/ingest/ev/scte/3.cmfm", eventSample(4 * ts, 2 * ts,
        concat(emib(-(3 * ts) / 2, 30 * ts, 77), empty))));
    var events = registry.get("ev").events();
    assertEquals(1, events.size(), events.toString());
    assertEquals(77, events.get(0).id());
    assertEquals(ts, events.get(0).timescale());
    assertEquals(2 * ts + ts / 2, events.get(0).presentationTime());
    assertEquals(30 * ts, events.get(0).duration());
  }

  // ---- one long request ----

  @Test
  void longChunkedBodyWithStypSegments() throws Exception {
    Path dir = Shared.path("testdata/cmaf/livesim2-testpic_2s/V300");
    byte[] all = concat(file("livesim2-testpic_2s/V300/init.mp4"), Files.readAllBytes(dir.resolve("1.m4s")),
        Files.readAllBytes(dir.resolve("2.m4s")), Files.readAllBytes(dir.resolve("3.m4s")),
        Files.readAllBytes(dir.resolve("4.m4s")));
    assertStatus(200, ingest.chunked("/ingest/live/Streams(video.cmfv)", all, 1500));
    Track v = registry.get("live").findTrack("video");
    assertEquals(4, v.lastNumber(), "each styp starts a segment");
    assertTrue(v.isEnded(), "a long request with its own header ended the session");
    assertEquals(4 * 180000, v.segment(4).endTime());
  }

  /** An FFmpeg-like long POST: header, then 0.5 s independent fragments without styp, then mfra. */
  static byte[] fragmentedStream(int fragments, boolean mfra, long firstTime) {
    ByteBuf out = Unpooled.buffer();
    BoxWriter w = new BoxWriter(out);
    w.start("ftyp").fourcc("iso6").u32(0).fourcc("cmfc").end();
    w.start("moov").startFull("mvhd", 0, 0).zeros(96).end().start("trak");
    w.startFull("tkhd", 0, 7).u32(0).u32(0).u32(1).zeros(68).end();
    w.start("mdia").startFull("mdhd", 0, 0).u32(0).u32(0).u32(48000).u32(0).u16(0x15c7).u16(0).end();
    w.startFull("hdlr", 0, 0).u32(0).fourcc("soun").zeros(12).u8(0).end();
    w.start("minf").start("stbl").startFull("stsd", 0, 0).u32(1);
    w.start("Opus").zeros(6).u16(1).zeros(8).u16(2).u16(16).u32(0).u32(48000L << 16);
    w.start("dOps").u8(0).u8(2).u16(312).u32(48000).u16(0).u8(0).end().end();
    w.end().end().end().end();
    w.start("udta").startFull("kind", 0, 0).cstring("urn:dashif:ingest:switchingset_id").cstring("audio-main").end().end();
    w.end();
    w.start("mvex").startFull("trex", 0, 0).u32(1).u32(1).u32(960).u32(0).u32(0).end().end();
    w.end();
    for (int i = 0; i < fragments; i++) {
      int moofStart = out.writerIndex();
      w.start("moof").startFull("mfhd", 0, 0).u32(i + 1).end().start("traf");
      w.startFull("tfhd", 0, 0x020000 | 0x10).u32(1).u32(100).end();
      w.startFull("tfdt", 1, 0).u64(firstTime + i * 24000L).end();
      w.startFull("trun", 0, 0x01).u32(25);
      int at = out.writerIndex();
      w.u32(0).end().end().end();
      out.setInt(at, out.writerIndex() - moofStart + 8);
      w.start("mdat").zeros(2500).end();
    }
    if (mfra) {
      w.start("mfra").startFull("mfro", 0, 0).u32(16).end().end();
    }
    byte[] b = ByteBufUtil.getBytes(out);
    out.release();
    return b;
  }

  /** Fragment {@code i} (0.5 s each, from media time 0) of the synthetic audio stream, without its header. */
  static byte[] fragment(int i) {
    byte[] header = fragmentedStream(0, false, 0);
    byte[] one = fragmentedStream(1, false, i * 24000L);
    return java.util.Arrays.copyOfRange(one, header.length, one.length);
  }

  /**
   * Two redundant sources (ingest 6.8, 6.9) send the same epoch-locked segments (4 fragments each, one
   * chunked POST per segment) interleaved: first wins per time, nothing is stored twice, the slower copy
   * is answered 200, and when source A dies mid-segment, B completes it and carries on with no gap.
   */
  @Test
  void redundantSourcesMergeFirstWinsAndFailOver() throws Exception {
    byte[] header = fragmentedStream(0, false, 0);
    assertStatus(200, ingest.post("/ingest/live/a.cmfa", header));
    for (int seg = 0; seg < 2; seg++) {
      Ingest.Open a = ingest.open("/ingest/live/a.cmfa");
      Ingest.Open b = ingest.open("/ingest/live/a.cmfa");
      int f = seg * 4;
      a.feed(fragment(f));
      b.feed(fragment(f)).feed(fragment(f + 1)); // b is first with the second fragment
      a.feed(fragment(f + 1)).feed(fragment(f + 2)).feed(fragment(f + 3));
      assertStatus(200, a.end());
      assertFalse(registry.get("live").findTrack("a").segment(seg + 1).isComplete(), "b still writes it");
      b.feed(fragment(f + 2)).feed(fragment(f + 3));
      assertStatus(200, b.end());
    }
    // Source a dies after the first fragment of the third segment; b sends all of it, then more.
    Ingest.Open a = ingest.open("/ingest/live/a.cmfa");
    Ingest.Open b = ingest.open("/ingest/live/a.cmfa");
    a.feed(fragment(8));
    b.feed(fragment(8));
    a.cutOff();
    b.feed(fragment(9)).feed(fragment(10)).feed(fragment(11));
    assertStatus(200, b.end());
    assertStatus(200, ingest.chunked("/ingest/live/a.cmfa", concat(fragment(12), fragment(13), fragment(14),
        fragment(15)), 900));
    // Source a comes back mid-segment and resends the segment from its start: nothing doubles, and the
    // segment its cut-off left open (for a grace of one segment duration) is continued, not split.
    var loop = new io.netty.channel.DefaultEventLoop();
    try {
      Ingest.Open again = ingest.open("/ingest/live/a.cmfa", loop);
      loop.submit(() -> {
        again.feed(fragment(16)).feed(fragment(17));
        again.cutOff();
        return null;
      }).get();
      assertStatus(200, ingest.chunked("/ingest/live/a.cmfa", concat(fragment(16), fragment(17), fragment(18),
          fragment(19)), 900));
      Segment resent = registry.get("live").findTrack("a").segment(5);
      assertFalse(resent.isComplete(), "the cut-off request's grace still holds it");
      long deadline = System.nanoTime() + 5_000_000_000L;
      while (!resent.isComplete() && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
    } finally {
      loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
    }

    Track t = registry.get("live").findTrack("a");
    assertEquals(5, t.lastNumber());
    for (int n = 1; n <= 5; n++) {
      Segment s = t.segment(n);
      assertTrue(s.isComplete(), "segment " + n);
      assertEquals(4, s.chunkCount(), "segment " + n);
      assertEquals((n - 1) * 96000L, s.startTime(), "no gap before segment " + n);
      int first = (n - 1) * 4;
      assertArrayEquals(concat(fragment(first), fragment(first + 1), fragment(first + 2), fragment(first + 3)),
          bytes(s), "segment " + n + " stored once, as sent");
    }
    assertEquals(0, t.discontinuities());

    // The operations view saw both sources on the one track: every fragment once, the copies as repeats.
    IngestSessions.View v = service.sessions().views().stream().filter(x -> x.track().equals("a")).findFirst()
        .orElseThrow();
    assertEquals(20, v.fragments());
    assertTrue(v.duplicates() >= 8, "copies of the redundant source: " + v);
    assertEquals(0, v.gaps());
    assertEquals(0, v.activeRequests(), "every request was closed: " + v);
    assertEquals(19 * 24000L, v.lastTfdt());
    assertTrue(v.errors().isEmpty(), v.toString());
  }

  @Test
  void operationsViewKeepsNoLineForStrangers() throws Exception {
    service = new IngestService(registry, new IngestConfig(List.of("ops"), 1 << 20), clock);
    ingest = new Ingest(service);
    for (int i = 0; i < 300; i++) {
      assertStatus(404, ingest.post("/ingest/random" + i + "/a.cmfa", fragmentedStream(0, false, 0)));
    }
    assertTrue(service.sessions().views().isEmpty(), "unknown publishing points are only logged");
    assertStatus(415, ingest.send("POST", "/ingest/ops/a.cmfa", new byte[] {1}, 1, false,
        Map.of("Content-Type", "text/html")));
    IngestSessions.View v = service.sessions().views().get(0);
    assertEquals("ops", v.stream());
    assertEquals("", v.track(), "refused before it named a track");
    assertEquals(Map.of(415, 1L), v.errors());
  }

  @Test
  void operationsViewOfOneSource() throws Exception {
    byte[] header = fragmentedStream(0, false, 0);
    assertStatus(200, ingest.post("/ingest/ops/a.cmfa", header));
    assertStatus(200, ingest.post("/ingest/ops/a.cmfa", concat(fragment(0), fragment(1))));
    assertStatus(200, ingest.post("/ingest/ops/a.cmfa", concat(fragment(4), fragment(5)))); // 1 s missing
    assertStatus(400, ingest.post("/ingest/ops/a.cmfa", "not an ISOBMFF box stream".getBytes(StandardCharsets.US_ASCII)));
    IngestSessions.View v = service.sessions().views().get(0);
    assertEquals("ops", v.stream());
    assertEquals("a", v.track());
    assertEquals(4, v.requests());
    assertEquals(4, v.fragments());
    assertEquals(1, v.gaps());
    assertEquals(5 * 24000L, v.lastTfdt());
    assertEquals(Map.of(400, 1L), v.errors());
    assertEquals(1, v.recentErrors().size());
    assertEquals(0, v.activeRequests());
    assertTrue(v.bytes() > header.length, v.toString());
  }

  @Test
  void longBodyCutOnTheGridAndEndedByMfra() throws Exception {
    assertStatus(200, ingest.chunked("/ingest/live/audio.cmfa", fragmentedStream(12, true, 0), 700));
    Track a = registry.get("live").findTrack("audio");
    assertEquals("audio-main", a.switchingSetId(), "from the kind box");
    assertEquals(3, a.lastNumber(), "6 s of 0.5 s fragments cut on the 2 s grid");
    assertEquals(4, a.segment(1).chunkCount());
    assertEquals(96000, a.segment(2).startTime());
    assertTrue(a.isEnded());
  }

  @Test
  void chunksAreAppendedWhileTheBodyArrives() throws Exception {
    byte[] body = fragmentedStream(4, false, 0);
    var req = new io.netty.handler.codec.http.DefaultHttpRequest(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
        io.netty.handler.codec.http.HttpMethod.POST, "/ingest/live/low.cmfa");
    req.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
    RecordingExchange ex = new RecordingExchange(req, "/ingest/");
    var h = service.newHandler();
    h.onRequest(ex);
    int oneFragment = 8 + 16 + 8 + 16 + 20 + 20 + 8 + 2500; // moof + mdat sizes
    int headerEnd = body.length - 4 * oneFragment;
    ByteBuf first = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(body, 0, headerEnd + oneFragment);
    h.onContent(ex, first);
    first.release();
    Track t = registry.get("live").findTrack("low");
    assertEquals(1, t.lastNumber());
    assertEquals(1, t.openSegment().chunkCount(), "first chunk available before the request ends");
    clock.advance(Duration.ofMillis(500));
    ByteBuf rest = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(body, headerEnd + oneFragment,
        body.length - headerEnd - oneFragment);
    h.onContent(ex, rest);
    rest.release();
    assertEquals(4, t.openSegment().chunkCount());
    assertEquals(0, t.openSegment().chunk(0).arrivalNanos());
    assertEquals(500_000_000L, t.openSegment().chunk(1).arrivalNanos());
    h.onEnd(ex);
    assertStatus(200, ex);
    assertNull(t.openSegment(), "the request's segment is complete");
    assertFalse(t.isEnded(), "one segment only: not a finished session");
  }

  // ---- naming ----

  @Test
  void mpdFirstNaming() throws Exception {
    String mpd = """
        <?xml version="1.0" encoding="UTF-8"?>
        <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="dynamic" availabilityStartTime="1970-01-01T00:00:00Z"
             profiles="urn:mpeg:dash:profile:isoff-live:2011">
          <Period id="p0" start="PT0S">
            <AdaptationSet id="aud" contentType="audio" mimeType="audio/mp4">
              <SegmentTemplate timescale="48000" initialization="$RepresentationID$/init.cmfa"
                  media="$RepresentationID$/seg-$Number%05d$.cmfa" startNumber="1"/>
              <Representation id="A48" bandwidth="48000" codecs="mp4a.40.2"/>
            </AdaptationSet>
            <AdaptationSet id="vid" contentType="video" mimeType="video/mp4">
              <SegmentTemplate timescale="90000" initialization="$RepresentationID$/init.cmfv"
                  media="$RepresentationID$/t$Time$-$Bandwidth$.cmfv"/>
              <Representation id="V300" bandwidth="300000" codecs="avc1.64001e"/>
            </AdaptationSet>
          </Period>
        </MPD>
        """;
    assertStatus(200, ingest.post("/ingest/live/manifest.mpd", mpd.getBytes(StandardCharsets.UTF_8)));
    assertStatus(200, ingest.post("/ingest/live/A48/init.cmfa", file("livesim2-testpic_2s/A48/init.mp4")));
    assertStatus(200, ingest.post("/ingest/live/A48/seg-00001.cmfa", file("livesim2-testpic_2s/A48/1.m4s")));
    assertStatus(200, ingest.post("/ingest/live/V300/init.cmfv", file("livesim2-testpic_2s/V300/init.mp4")));
    assertStatus(200, ingest.post("/ingest/live/V300/t0-300000.cmfv", file("livesim2-testpic_2s/V300/1.m4s")));
    assertStatus(200, ingest.post("/ingest/live/V300/t180000-300000.cmfv", file("livesim2-testpic_2s/V300/2.m4s")));
    LiveStream live = registry.get("live");
    assertEquals(List.of("A48", "V300"), live.tracks().stream().map(Track::id).toList());
    assertEquals("aud", live.findTrack("A48").switchingSetId());
    assertEquals("vid", live.findTrack("V300").switchingSetId());
    assertEquals(2, live.findTrack("V300").lastNumber());
    assertStatus(400, ingest.post("/ingest/live/broken.mpd", "<MPD><Period>".getBytes(StandardCharsets.UTF_8)));
    assertStatus(200, ingest.post("/ingest/live/index.m3u8", "#EXTM3U\n".getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void switchingAndStreamsKeywords() throws Exception {
    byte[] init = file("livesim2-zero_3.84s/video-500Kbps/init_org.cmfv");
    byte[] seg = file("livesim2-zero_3.84s/video-500Kbps/0.cmfv");
    assertStatus(200, ingest.post("/ingest/z/Switching(v)/Streams(video-500.cmfv)", concat(init, seg)));
    Track t = registry.get("z").findTrack("video-500");
    assertEquals("v", t.switchingSetId());
    assertEquals(1, t.lastNumber());
  }

  // ---- repeats ----

  @Test
  void duplicatesAndRepeatedHeadersAreAcceptedAndIgnored() throws Exception {
    String dir = "livesim2-testpic_2s/A48/";
    assertStatus(200, ingest.post("/ingest/live/A48/init.mp4", file(dir + "init.mp4")));
    assertStatus(200, ingest.post("/ingest/live/A48/1.m4s", file(dir + "1.m4s")));
    assertStatus(200, ingest.post("/ingest/live/A48/init.mp4", file(dir + "init.mp4")));
    assertStatus(200, ingest.post("/ingest/live/A48/1.m4s", file(dir + "1.m4s")));
    assertStatus(200, ingest.put("/ingest/live/A48/2.m4s", file(dir + "2.m4s")));
    assertStatus(200, ingest.put("/ingest/live/A48/2.m4s", file(dir + "2.m4s")));
    Track a = registry.get("live").findTrack("A48");
    assertEquals(2, a.lastNumber());
    assertEquals(2, a.duplicatesDropped());
    assertArrayEquals(concat(file(dir + "1.m4s")), bytes(a.segment(1)));
    assertArrayEquals(concat(file(dir + "2.m4s")), bytes(a.segment(2)));
    long version = registry.get("live").version();
    assertStatus(200, ingest.post("/ingest/live/A48/init.mp4", file(dir + "init.mp4")));
    assertEquals(version, registry.get("live").version(), "an identical header changes nothing");
    // A changed header (another encoder configuration) replaces the old one.
    assertStatus(200, ingest.post("/ingest/live/A48/init.mp4", file("livesim2-zero_3.84s/audio-nor-128Kbps/init_org.cmfa")));
    assertEquals("nor", a.header().info().language());
  }

  /** An emsg v1 carrying a SCTE-35 splice_insert (ingest 6.6), in front of a segment's moof. */
  static byte[] withEmsg(byte[] segment, long id, long time90k) {
    byte[] section = Base64.getDecoder().decode("/DAvAAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAKAAhDVUVJAAABNWLbowo=");
    ByteBuf out = Unpooled.buffer();
    new io.livepoint.media.box.BoxWriter(out).startFull("emsg", 1, 0).u32(90_000).u64(time90k).u32(0xFFFFFFFFL)
        .u32(id).cstring("urn:scte:scte35:2013:bin").cstring("").bytes(section).end();
    byte[] emsg = ByteBufUtil.getBytes(out);
    int styp = ((segment[0] & 0xFF) << 24 | (segment[1] & 0xFF) << 16 | (segment[2] & 0xFF) << 8 | segment[3] & 0xFF);
    byte[] head = java.util.Arrays.copyOf(segment, styp);
    byte[] tail = java.util.Arrays.copyOfRange(segment, styp, segment.length);
    return concat(head, emsg, tail);
  }

  @Test
  void inbandEventsBecomeStreamEventsOnce() throws Exception {
    String dir = "livesim2-testpic_2s/V300/";
    assertStatus(200, ingest.post("/ingest/live/V300/init.mp4", file(dir + "init.mp4")));
    assertStatus(200, ingest.post("/ingest/live/V300/1.m4s", withEmsg(file(dir + "1.m4s"), 42, 90_000)));
    // The next segment repeats the event (encoders do, until it has passed): kept once.
    assertStatus(200, ingest.post("/ingest/live/V300/2.m4s", withEmsg(file(dir + "2.m4s"), 42, 90_000)));
    var events = registry.get("live").events();
    assertEquals(1, events.size());
    assertEquals("urn:scte:scte35:2013:bin", events.get(0).schemeIdUri());
    assertEquals(42, events.get(0).id());
    assertEquals(90_000, events.get(0).presentationTime());
    assertEquals(io.livepoint.core.TimedEvent.UNKNOWN_DURATION, events.get(0).duration());
    assertEquals(2, registry.get("live").findTrack("V300").lastNumber(), "the media around it is stored");
  }

  @Test
  void lmsgEndsTheTrack() throws Exception {
    String dir = "livesim2-testpic_2s/A48/";
    assertStatus(200, ingest.post("/ingest/live/A48/init.mp4", file(dir + "init.mp4")));
    assertStatus(200, ingest.post("/ingest/live/A48/1.m4s", file(dir + "1.m4s")));
    ByteBuf last = FragmentRewriter.withSegmentType(Unpooled.wrappedBuffer(file(dir + "2.m4s")),
        new SegmentType("msdh", 0, List.of("msdh", "dash", SegmentType.LMSG)), PooledByteBufAllocator.DEFAULT);
    byte[] lmsg = ByteBufUtil.getBytes(last);
    last.release();
    Track a = registry.get("live").findTrack("A48");
    assertFalse(a.isEnded());
    assertStatus(200, ingest.chunked("/ingest/live/A48/2.m4s", lmsg, 3000));
    assertTrue(a.isEnded());
    assertEquals(2, a.lastNumber());
    assertTrue(a.segment(2).isComplete());
    // A restarted track (header again, then media) is live again.
    assertStatus(200, ingest.post("/ingest/live/A48/init.mp4", file(dir + "init.mp4")));
    assertStatus(200, ingest.post("/ingest/live/A48/3.m4s", file(dir + "3.m4s")));
    assertFalse(a.isEnded());
  }

  @Test
  void errorMidBodyAnswersAtOnceAndKeepsWhatCameBefore() throws Exception {
    String dir = "livesim2-testpic_2s/A48/";
    byte[] bad = concat(file(dir + "init.mp4"), file(dir + "1.m4s"), new byte[] {0, 0, 0, 3, 'b', 'a', 'd', '!'},
        file(dir + "2.m4s"));
    RecordingExchange ex = ingest.chunked("/ingest/live/A48.cmfa", bad, 1000);
    assertStatus(400, ex);
    Track a = registry.get("live").findTrack("A48");
    assertEquals(1, a.lastNumber());
    assertTrue(a.segment(1).isComplete());
  }

  @Test
  void abortCompletesTheOpenSegment() throws Exception {
    byte[] body = fragmentedStream(3, false, 0);
    var req = new io.netty.handler.codec.http.DefaultHttpRequest(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
        io.netty.handler.codec.http.HttpMethod.POST, "/ingest/live/cut.cmfa");
    req.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
    RecordingExchange ex = new RecordingExchange(req, "/ingest/");
    var h = service.newHandler();
    h.onRequest(ex);
    ByteBuf part = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(body, 0, body.length - 100);
    h.onContent(ex, part);
    part.release();
    Track t = registry.get("live").findTrack("cut");
    assertEquals(2, t.openSegment().chunkCount());
    h.onAbort(ex, new java.nio.channels.ClosedChannelException());
    assertNull(t.openSegment());
    assertFalse(ex.responded());
    assertEquals(HttpResponseStatus.OK.code(), 200);
  }

  // ---- overlapping requests, restarts ----

  static final int V_TIMESCALE = 90000;
  static final long V_CHUNK = 45000; // 0.5 s

  /** The real V300 header: a video track (sync flags matter) at 90 kHz. */
  static byte[] videoHeader() throws Exception {
    return file("livesim2-testpic_2s/V300/init.mp4");
  }

  static int videoTrackId() throws Exception {
    ByteBuf h = Unpooled.wrappedBuffer(videoHeader());
    try {
      return io.livepoint.media.cmaf.CmafHeader.parse(h).trackId();
    } finally {
      h.release();
    }
  }

  /**
   * One video chunk of 0.5 s (15 samples): tfhd default sample flags non-sync; a sync chunk overrides
   * the first sample's flags. With a styp of {@code brands} in front when given.
   */
  static byte[] videoChunk(int trackId, long seq, long tfdt, boolean sync, String... brands) {
    ByteBuf out = Unpooled.buffer();
    BoxWriter w = new BoxWriter(out);
    if (brands.length > 0) {
      w.start("styp").fourcc(brands[0]).u32(0);
      for (String b : brands) {
        w.fourcc(b);
      }
      w.end();
    }
    int moofStart = out.writerIndex();
    w.start("moof").startFull("mfhd", 0, 0).u32(seq).end().start("traf");
    w.startFull("tfhd", 0, 0x020000 | 0x08 | 0x10 | 0x20).u32(trackId).u32(3000).u32(100).u32(0x01010000).end();
    w.startFull("tfdt", 1, 0).u64(tfdt).end();
    w.startFull("trun", 0, 0x01 | (sync ? 0x04 : 0)).u32(15);
    int at = out.writerIndex();
    w.u32(0);
    if (sync) {
      w.u32(0x02000000);
    }
    w.end().end().end();
    out.setInt(at, out.writerIndex() - moofStart + 8);
    w.start("mdat").zeros(15 * 100).end();
    byte[] b = ByteBufUtil.getBytes(out);
    out.release();
    return b;
  }

  /** A request held open: body pieces are fed by the test, interleaved with other requests. */
  final class Open {
    final RecordingExchange ex;
    final io.livepoint.http.RequestHandler h = service.newHandler();

    Open(String uri) throws Exception {
      var req = new io.netty.handler.codec.http.DefaultHttpRequest(io.netty.handler.codec.http.HttpVersion.HTTP_1_1,
          io.netty.handler.codec.http.HttpMethod.POST, uri);
      req.headers().set(HttpHeaderNames.TRANSFER_ENCODING, "chunked");
      ex = new RecordingExchange(req, "/ingest/");
      h.onRequest(ex);
    }

    Open feed(byte[] bytes) throws Exception {
      ByteBuf piece = PooledByteBufAllocator.DEFAULT.directBuffer().writeBytes(bytes);
      try {
        h.onContent(ex, piece);
      } finally {
        piece.release();
      }
      return this;
    }

    RecordingExchange end() throws Exception {
      if (!ex.responded()) {
        h.onEnd(ex);
      }
      return ex;
    }
  }

  @Test
  void overlappingRequestsCompleteOnlyTheirOwnSegment() throws Exception {
    int id = videoTrackId();
    assertStatus(200, ingest.post("/ingest/live/v/init.mp4", videoHeader()));
    // A sends segment 1 chunk by chunk; B starts segment 2 on another connection while A is not done.
    Open a = new Open("/ingest/live/v/1.m4s").feed(videoChunk(id, 1, 0, true)).feed(videoChunk(id, 2, V_CHUNK, false));
    Open b = new Open("/ingest/live/v/2.m4s").feed(videoChunk(id, 5, 4 * V_CHUNK, true));
    Track v = registry.get("live").findTrack("v");
    assertTrue(v.segment(1).isComplete(), "a newer segment completes the older one");
    // A's next chunk can no longer be stored: A is told so at once instead of getting 200.
    a.feed(videoChunk(id, 3, 2 * V_CHUNK, false));
    assertStatus(400, a.ex);
    assertTrue(a.ex.text().contains("completed by a newer segment"), a.ex.text());
    assertFalse(v.segment(2).isComplete(), "A's failure leaves B's segment alone");
    b.feed(videoChunk(id, 6, 5 * V_CHUNK, false));
    assertStatus(200, b.end());
    assertEquals(2, v.lastNumber(), "B's chunks all went into B's segment");
    assertEquals(2, v.segment(2).chunkCount());
    assertTrue(v.segment(2).chunk(0).independent());
    assertTrue(v.segment(2).isComplete());
    assertEquals(2, v.segment(1).chunkCount());
  }

  @Test
  void aChunkThatWouldStartASegmentMidGopIs400() throws Exception {
    int id = videoTrackId();
    assertStatus(200, ingest.post("/ingest/live/v/init.mp4", videoHeader()));
    Open a = new Open("/ingest/live/v/1.m4s").feed(videoChunk(id, 1, 0, true));
    Track v = registry.get("live").findTrack("v");
    v.end(); // as another request's mfra would: A's segment is complete under it
    a.feed(videoChunk(id, 2, V_CHUNK, false));
    assertStatus(400, a.ex);
    assertTrue(a.ex.text().contains("sync sample"), a.ex.text());
    assertEquals(1, v.lastNumber(), "no segment starting on a non-sync sample");
  }

  @Test
  void lmsgOnTheFirstChunkEndsTheTrackAfterTheWholeSegment() throws Exception {
    int id = videoTrackId();
    assertStatus(200, ingest.post("/ingest/live/v/init.mp4", videoHeader()));
    assertStatus(200, ingest.post("/ingest/live/v/1.m4s", concat(videoChunk(id, 1, 0, true),
        videoChunk(id, 2, V_CHUNK, false), videoChunk(id, 3, 2 * V_CHUNK, false), videoChunk(id, 4, 3 * V_CHUNK, false))));
    // The last segment says lmsg in the styp of its first chunk; two more chunks follow in the body.
    RecordingExchange last = ingest.chunked("/ingest/live/v/2.m4s", concat(
        videoChunk(id, 5, 4 * V_CHUNK, true, "cmfs", "cmfc", SegmentType.LMSG),
        videoChunk(id, 6, 5 * V_CHUNK, false, "cmfl"), videoChunk(id, 7, 6 * V_CHUNK, false, "cmfl")), 700);
    assertStatus(200, last);
    Track v = registry.get("live").findTrack("v");
    assertEquals(2, v.lastNumber());
    assertEquals(3, v.segment(2).chunkCount(), "the chunks after the lmsg one belong to the last segment");
    assertTrue(v.segment(2).isComplete());
    assertTrue(v.isEnded());
  }

  @Test
  void aRestartedEncoderStartsANewTimelineInsteadOfBeingDropped() throws Exception {
    assertStatus(200, ingest.chunked("/ingest/live/audio.cmfa", fragmentedStream(12, true, 0), 700));
    Track a = registry.get("live").findTrack("audio");
    assertEquals(3, a.lastNumber());
    assertTrue(a.isEnded());
    // The encoder restarts its timeline from zero with the same header.
    assertStatus(200, ingest.chunked("/ingest/live/audio.cmfa", fragmentedStream(8, true, 0), 700));
    assertEquals(5, a.lastNumber(), "kept as new segments, numbers increasing");
    assertEquals(0, a.segment(4).startTime());
    assertEquals(1, a.discontinuities());
    assertEquals(0, a.duplicatesDropped());
    assertTrue(a.isEnded(), "the second session ended with its mfra");
  }

  static byte[] styp(String... brands) {
    ByteBuf out = Unpooled.buffer();
    BoxWriter w = new BoxWriter(out).start("styp").fourcc("msdh").u32(0);
    for (String b : brands) {
      w.fourcc(b);
    }
    w.end();
    byte[] bytes = ByteBufUtil.getBytes(out);
    out.release();
    return bytes;
  }

  @Test
  void aSlatFillerSegmentIsServedAndThenReplacedByTheRealOneForTheSameTime() throws Exception {
    assertStatus(200, ingest.post("/ingest/live/a.cmfa", fragmentedStream(0, false, 0)));
    // Source A lost its input: it sends filler for the first segment (ingest 6.2 item 18), then real media.
    assertStatus(200, ingest.chunked("/ingest/live/a.cmfa",
        concat(styp("msdh", "msix", "cmfs", "slat"), fragment(0), fragment(1), fragment(2), fragment(3)), 900));
    assertStatus(200, ingest.chunked("/ingest/live/a.cmfa",
        concat(styp("msdh", "msix", "cmfs"), fragment(4), fragment(5), fragment(6), fragment(7)), 900));
    Track a = registry.get("live").findTrack("a");
    assertTrue(a.segment(1).isFiller());
    // Source B (redundant, epoch-locked) has the real first segment: it replaces the filler.
    assertStatus(200, ingest.chunked("/ingest/live/a.cmfa",
        concat(styp("msdh", "msix", "cmfs"), fragment(0), fragment(1), fragment(2), fragment(3)), 900));
    Segment first = a.segment(1);
    assertFalse(first.isFiller());
    assertEquals(4, first.chunkCount());
    assertEquals(0, first.startTime());
    assertEquals(2, a.lastNumber(), "no segment was added");
    assertEquals(0, a.duplicatesDropped());
    // B's copy of the second segment, real in both, is a repeat as before.
    assertStatus(200, ingest.chunked("/ingest/live/a.cmfa",
        concat(styp("msdh", "msix", "cmfs"), fragment(4), fragment(5), fragment(6), fragment(7)), 900));
    assertEquals(4, a.duplicatesDropped());
  }

  @Test
  void anEncoderThatLostItsConnectionAndRestartedFromZeroStartsANewTimeline() throws Exception {
    // 6 s of audio in one long request, then the connection drops (no mfra, no end of body).
    byte[] first = fragmentedStream(12, false, 0);
    Ingest.Open cut = ingest.open("/ingest/live/audio.cmfa").feed(first);
    cut.cutOff();
    Track a = registry.get("live").findTrack("audio");
    long lastStart = a.segment(a.lastNumber()).startTime();
    assertFalse(a.isEnded());
    // A reconnect that resends from the cut-off segment is a resend: nothing new, no discontinuity.
    byte[] resend = fragmentedStream(12 - (int) (lastStart / 24000), false, lastStart);
    assertStatus(200, ingest.chunked("/ingest/live/audio.cmfa", resend, 900));
    assertEquals(0, a.discontinuities());
    long numbers = a.lastNumber();
    // The encoder restarted and counts from zero again: a new timeline, not 6 s of duplicates.
    assertStatus(200, ingest.chunked("/ingest/live/audio.cmfa", fragmentedStream(8, true, 0), 700));
    assertEquals(1, a.discontinuities());
    Segment restart = a.segment(numbers + 1);
    assertEquals(0, restart.startTime());
    assertEquals(1, restart.timeline());
    assertEquals(12 - lastStart / 24000, a.duplicatesDropped(), "only the resend was dropped");
  }

  @Test
  void aRestartedEncoderIsNotHeldBackByItsDeadConnectionsResendGrace() throws Exception {
    var loop = new io.netty.channel.DefaultEventLoop();
    try {
      Ingest.Open cut = ingest.open("/ingest/live/audio.cmfa", loop);
      loop.submit(() -> {
        cut.feed(fragmentedStream(12, false, 0));
        cut.cutOff(); // its segment stays open for a resend, one target duration
        return null;
      }).get();
      Track a = registry.get("live").findTrack("audio");
      assertNotNull(a.openSegment(), "the grace holds the cut-off segment open");
      assertStatus(200, ingest.chunked("/ingest/live/audio.cmfa", fragmentedStream(4, false, 0), 700));
      assertEquals(1, a.discontinuities(), "the restart's first chunk starts the new timeline at once");
      assertEquals(0, a.duplicatesDropped());
    } finally {
      loop.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).sync();
    }
  }

  @Test
  void aStreamRemovedWhileItsSourceSendsRefusesTheRestWith412() throws Exception {
    byte[] body = fragmentedStream(8, false, 0);
    Ingest.Open open = ingest.open("/ingest/live/audio.cmfa").feed(java.util.Arrays.copyOf(body, body.length / 2));
    assertTrue(registry.remove("live"));
    open.feed(java.util.Arrays.copyOfRange(body, body.length / 2, body.length));
    assertStatus(412, open.ex);
  }

  // ---- the registry sweep ----

  @Test
  void sweptStreamsForgetTheirManifestAndParkedHeaders() throws Exception {
    String mpd = """
        <MPD xmlns="urn:mpeg:dash:schema:mpd:2011" type="dynamic">
          <Period id="p0">
            <AdaptationSet id="aud" contentType="audio">
              <SegmentTemplate initialization="A48/init.cmfa" media="A48/seg-$Number$.cmfa"/>
              <Representation id="aud" bandwidth="48000"/>
            </AdaptationSet>
          </Period>
        </MPD>
        """;
    // The header arrives first (FFmpeg's order) and is parked by its path; then the stream goes idle.
    assertStatus(200, ingest.post("/ingest/live/A48/init.cmfa", file("livesim2-testpic_2s/A48/init.mp4")));
    assertStatus(200, ingest.post("/ingest/other/manifest.mpd", mpd.getBytes(StandardCharsets.UTF_8)));
    assertNotNull(service.templates("other"));
    clock.advance(Duration.ofMinutes(2));
    assertEquals(List.of("live", "other"), registry.removeIdle(Duration.ofMinutes(1)));
    assertNull(service.templates("other"), "the manifest naming went with the stream");
    // A manifest for the same name now finds no stale header to adopt.
    assertStatus(200, ingest.post("/ingest/live/manifest.mpd", mpd.getBytes(StandardCharsets.UTF_8)));
    assertNull(registry.get("live").findTrack("aud"), "the parked header went with the stream");
  }
}
