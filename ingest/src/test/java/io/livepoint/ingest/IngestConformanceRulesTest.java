package io.livepoint.ingest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.livepoint.http.testing.RecordingExchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Receiver requirements of DASH-IF ingest v1.2 that had no test of their own (rows of the conformance
 * table, {@code conformance/ingest-v1.2.tsv}): status codes of 5.3 and Interface-2 rules of 6.2 and 7.1.2.
 */
class IngestConformanceRulesTest {
  static final String V = "livesim2-testpic_2s/V300/";
  static final String A = "livesim2-testpic_2s/A48/";
  final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T12:00:00Z"));
  final StreamRegistry registry = new StreamRegistry(clock);
  final ObjectStore objects = new ObjectStore(clock, ObjectStore.Limits.DEFAULTS);

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

  Ingest interfaceOne() {
    return new Ingest(new IngestService(registry, IngestConfig.DEFAULTS, clock));
  }

  Ingest interfaceTwo() {
    return new Ingest(new IngestService(registry, IngestConfig.DEFAULTS, clock, objects));
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

  /** 5.3 item 5e: a CMAF header cut short is an error of the request: 400, and nothing is created. */
  @Test
  void truncatedHeaderIs400AndCreatesNothing() throws Exception {
    byte[] init = file(V + "init.mp4");
    Ingest ingest = interfaceOne();
    for (int cut : List.of(4, 8, init.length / 2, init.length - 1)) {
      RecordingExchange ex = ingest.post("/ingest/live/video.cmfv", Arrays.copyOf(init, cut));
      assertStatus(400, ex);
      assertTrue(ex.text().startsWith("400 "), "the reason is in the body: " + ex.text());
    }
    assertNull(registry.get("live"), "a refused header creates no stream");
    assertStatus(200, ingest.post("/ingest/live/video.cmfv", init));
  }

  /**
   * 5.3 item 5c: media whose track has no initialization fragment gets 412, even when another track of
   * the same publishing point has one; after its own header it is accepted.
   */
  @Test
  void aHeaderOfAnotherTrackDoesNotInitializeThisOne() throws Exception {
    Ingest ingest = interfaceOne();
    assertStatus(200, ingest.post("/ingest/live/video.cmfv", file(V + "init.mp4")));
    assertStatus(200, ingest.post("/ingest/live/video.cmfv", file(V + "1.m4s")));
    RecordingExchange ex = ingest.post("/ingest/live/audio.cmfa", file(A + "1.m4s"));
    assertStatus(412, ex);
    LiveStream live = registry.get("live");
    assertEquals(List.of("video"), live.tracks().stream().map(Track::id).toList(), "no audio track without its header");
    assertStatus(200, ingest.post("/ingest/live/audio.cmfa", file(A + "init.mp4")));
    assertStatus(200, ingest.post("/ingest/live/audio.cmfa", file(A + "1.m4s")));
    assertEquals(1, live.findTrack("audio").lastNumber());
    assertEquals(1, live.findTrack("video").lastNumber());
  }

  /** 6.2 item 17e: without an object store HLS playlists are answered 200 and ignored (no stream, no track). */
  @Test
  void hlsPlaylistsWithoutAnObjectStoreAreAcceptedAndIgnored() throws Exception {
    Ingest ingest = interfaceOne();
    byte[] one = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nvideo-1.cmfv\n".getBytes(StandardCharsets.UTF_8);
    byte[] two = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n#EXTINF:2.0,\nvideo-1.cmfv\n#EXTINF:2.0,\nvideo-2.cmfv\n"
        .getBytes(StandardCharsets.UTF_8);
    assertStatus(200, ingest.put("/ingest/live/video.m3u8", one));
    assertStatus(200, ingest.chunked("/ingest/live/video.m3u8", two, 10));
    assertStatus(200, ingest.post("/ingest/live/master.m3u8", "#EXTM3U\n".getBytes(StandardCharsets.UTF_8)));
    assertNull(registry.get("live"), "a playlist is not media: no stream");
    assertStatus(200, ingest.post("/ingest/live/video.cmfv", file(V + "init.mp4")));
    assertEquals(List.of("video"), registry.get("live").tracks().stream().map(Track::id).toList());
  }

  /**
   * 7.1.2 item 6: an object named {@code .init} is an initialization segment: stored as sent, kept as
   * an initialization object with Table 6's type, and its header starts the track its segments go to.
   */
  @Test
  void dotInitObjectsAreInitializationSegmentsThatNameTheirTrack() throws Exception {
    Ingest ingest = interfaceTwo();
    byte[] init = file(V + "init.mp4");
    assertStatus(200, ingest.put("/ingest/live/v/video.init", init));
    assertArrayEquals(init, stored("live", "v/video.init"));
    assertEquals(ObjectKind.INIT, objects.get("live", "v/video.init").kind());
    assertEquals("video/mp4", objects.get("live", "v/video.init").contentType());
    for (int n = 1; n <= 2; n++) {
      assertStatus(200, ingest.put("/ingest/live/v/video-" + n + ".m4s", file(V + n + ".m4s")));
    }
    LiveStream live = registry.get("live");
    assertNotNull(live, "the .init header fed the live model");
    assertEquals(List.of("v_video"), live.tracks().stream().map(Track::id).toList(),
        "the header and the segments named v/video* are one track");
    Track t = live.findTrack("v_video");
    assertNotNull(t.header());
    assertEquals(2, t.lastNumber());
  }

  /** Table 6 of 7.1.2: extension and the MIME types it permits. */
  static final Map<String, Set<String>> TABLE_6 = Map.ofEntries(
      Map.entry("m3u8", Set.of("application/x-mpegurl", "application/vnd.apple.mpegurl")),
      Map.entry("mpd", Set.of("application/dash+xml")),
      Map.entry("cmfv", Set.of("video/mp4")),
      Map.entry("cmfa", Set.of("audio/mp4")),
      Map.entry("cmft", Set.of("application/mp4")),
      Map.entry("cmfm", Set.of("application/mp4")),
      Map.entry("mp4", Set.of("video/mp4", "application/mp4")),
      Map.entry("m4v", Set.of("video/mp4")),
      Map.entry("m4a", Set.of("audio/mp4")),
      Map.entry("m4s", Set.of("video/iso.segment")),
      Map.entry("init", Set.of("video/mp4")),
      Map.entry("header", Set.of("video/mp4")),
      Map.entry("key", Set.of("application/octet-stream")));

  /**
   * 7.1.2 item 7 (Table 6): an object of every extension of the table, uploaded with a wrong or no
   * Content-Type, is stored as sent and served with the table's MIME type for its extension.
   */
  @Test
  void everyTable6ExtensionIsServedWithItsTable6Type() throws Exception {
    Ingest ingest = interfaceTwo();
    byte[] init = file(V + "init.mp4");
    byte[] mpd = "<MPD xmlns=\"urn:mpeg:dash:schema:mpd:2011\" type=\"dynamic\"><Period id=\"0\"/></MPD>"
        .getBytes(StandardCharsets.UTF_8);
    byte[] playlist = "#EXTM3U\n".getBytes(StandardCharsets.UTF_8);
    byte[] key = new byte[16];
    Arrays.fill(key, (byte) 7);
    for (var e : TABLE_6.entrySet()) {
      String ext = e.getKey();
      byte[] body = switch (ext) {
        case "mpd" -> mpd;
        case "m3u8" -> playlist;
        case "key" -> key;
        default -> init;
      };
      String path = "t6/" + ext + "/object." + ext;
      RecordingExchange ex = ingest.send("PUT", "/ingest/live/" + path, body, 1000, false,
          Map.of("Content-Type", "application/octet-stream"));
      assertStatus(200, ex);
      assertArrayEquals(body, stored("live", path), path);
      String served = objects.get("live", path).contentType().toLowerCase(Locale.ROOT);
      assertTrue(e.getValue().contains(served), "." + ext + " is served as " + served + ", Table 6 says " + e.getValue());
    }
  }

  /** 5.1: the source's User-Agent is kept in the operations view of its track, for troubleshooting. */
  @Test
  void theUserAgentIsKeptForTroubleshooting() throws Exception {
    IngestService service = new IngestService(registry, IngestConfig.DEFAULTS, clock);
    Ingest ingest = new Ingest(service);
    String agent = "ExampleEncoder/2.4.1 (build 977) DASH-IF-Ingest/1.1";
    assertStatus(200, ingest.send("POST", "/ingest/live/video.cmfv", file(V + "init.mp4"), 1000, false,
        Map.of("User-Agent", agent)));
    assertStatus(200, ingest.send("POST", "/ingest/live/video.cmfv", file(V + "1.m4s"), 1000, false,
        Map.of("User-Agent", agent)));
    IngestSessions.View v = service.sessions().views().get(0);
    assertEquals("video", v.track());
    assertEquals(agent, v.userAgent());
    assertEquals(2, v.requests());
  }

  /**
   * 5.3 item 5a: a publishing point that is not configured is 404 for Interface-2 objects and DELETE
   * too, answered before the body, and nothing is stored.
   */
  @Test
  void anUnknownPublishingPointIs404ForObjectsAndDelete() throws Exception {
    Ingest ingest = new Ingest(new IngestService(registry, new IngestConfig(List.of("live"), 1 << 20), clock, objects));
    byte[] playlist = "#EXTM3U\n".getBytes(StandardCharsets.UTF_8);
    for (String method : List.of("PUT", "POST")) {
      for (String path : List.of("index.m3u8", "v/seg_1.ts", "manifest.mpd", "v/init.mp4", "k.key")) {
        RecordingExchange ex = ingest.send(method, "/ingest/other/" + path, playlist, 100, false, Map.of());
        assertStatus(404, ex);
        assertTrue(!ex.bodyAccepted(), "answered before the body: " + path);
      }
    }
    assertStatus(404, ingest.send("DELETE", "/ingest/other/index.m3u8", new byte[0], 1, true, Map.of()));
    assertNull(objects.stream("other"));
    assertNull(registry.get("other"));
    assertStatus(200, ingest.put("/ingest/live/index.m3u8", playlist));
    assertArrayEquals(playlist, stored("live", "index.m3u8"));
  }

  /** 5.3 item 4: the publishing point itself is not an object: deleting it is 403 and removes nothing. */
  @Test
  void deletingThePublishingPointItselfIs403() throws Exception {
    Ingest ingest = interfaceTwo();
    byte[] playlist = "#EXTM3U\n".getBytes(StandardCharsets.UTF_8);
    assertStatus(200, ingest.put("/ingest/live/index.m3u8", playlist));
    for (String uri : List.of("/ingest/live", "/ingest/live/")) {
      assertStatus(403, ingest.send("DELETE", uri, new byte[0], 1, false, Map.of()));
    }
    assertArrayEquals(playlist, stored("live", "index.m3u8"));
  }

  /**
   * 7.1.2 item 4 (and 7.3.5): an object uploaded again to the same path replaces the stored one, for
   * opaque objects and for CMAF segments that also feed the live model (an identical resend is no new
   * segment there).
   */
  @Test
  void aSegmentUploadedAgainToItsPathReplacesTheStoredOne() throws Exception {
    Ingest ingest = interfaceTwo();
    byte[] first = new byte[188 * 4];
    byte[] second = new byte[188 * 7];
    for (int i = 0; i < second.length; i += 188) {
      second[i] = 0x47;
      if (i < first.length) {
        first[i] = 0x47;
        first[i + 1] = 1;
      }
    }
    assertStatus(200, ingest.put("/ingest/live/hls/seg_00001.ts", first));
    assertStatus(200, ingest.chunked("/ingest/live/hls/seg_00001.ts", second, 300));
    assertArrayEquals(second, stored("live", "hls/seg_00001.ts"));
    byte[] seg = file(V + "1.m4s");
    assertStatus(200, ingest.put("/ingest/live/v/init.mp4", file(V + "init.mp4")));
    assertStatus(200, ingest.put("/ingest/live/v/seg_00001.m4s", seg));
    assertStatus(200, ingest.post("/ingest/live/v/seg_00001.m4s", seg));
    assertArrayEquals(seg, stored("live", "v/seg_00001.m4s"));
    assertEquals(1, registry.get("live").findTrack("v").lastNumber(), "the resend is no second segment");
  }

  /**
   * 6.3 item 10 and 6.5 item 5: a new CMAF header that differs only in its language is honoured: the
   * track takes the new language and goes on with the next segment.
   */
  @Test
  void aLanguageChangeByANewHeaderIsHonoured() throws Exception {
    Ingest ingest = interfaceOne();
    byte[] init = file(A + "init.mp4");
    byte[] norwegian = init.clone();
    int mdhd = indexOf(norwegian, "mdhd".getBytes(StandardCharsets.US_ASCII));
    assertEquals(0, norwegian[mdhd + 4], "version 0 mdhd: the language follows five 32-bit fields");
    int packed = ('n' - 0x60) << 10 | ('o' - 0x60) << 5 | ('r' - 0x60); // ISO 639-2/T, 5 bits a letter
    norwegian[mdhd + 24] = (byte) (packed >> 8);
    norwegian[mdhd + 25] = (byte) packed;
    assertStatus(200, ingest.post("/ingest/live/audio.cmfa", init));
    assertStatus(200, ingest.post("/ingest/live/audio.cmfa", file(A + "1.m4s")));
    Track t = registry.get("live").findTrack("audio");
    String before = t.header().info().language();
    assertTrue(!"nor".equals(before), before);
    assertStatus(200, ingest.post("/ingest/live/audio.cmfa", norwegian));
    assertEquals("nor", t.header().info().language());
    assertStatus(200, ingest.post("/ingest/live/audio.cmfa", file(A + "2.m4s")));
    assertEquals(2, t.lastNumber());
    assertEquals(List.of("audio"), registry.get("live").tracks().stream().map(Track::id).toList());
  }

  static int indexOf(byte[] data, byte[] part) {
    outer:
    for (int i = 0; i + part.length <= data.length; i++) {
      for (int j = 0; j < part.length; j++) {
        if (data[i + j] != part[j]) {
          continue outer;
        }
      }
      return i;
    }
    throw new AssertionError("not found");
  }

  /**
   * 5.3 items 5c and 5e: a fragment whose tfhd names another track_ID than the track's CMAF header is
   * refused (the header is incorrect for it) and appends nothing; the right fragment is then accepted.
   */
  @Test
  void aFragmentOfAnotherTrackIdThanItsHeaderIsRefused() throws Exception {
    Ingest ingest = interfaceOne();
    assertStatus(200, ingest.post("/ingest/live/video.cmfv", file(V + "init.mp4"))); // track_ID 2
    RecordingExchange ex = ingest.post("/ingest/live/video.cmfv", file(A + "1.m4s")); // track_ID 1
    assertTrue(ex.status() == 400 || ex.status() == 412, ex.status() + " " + ex.text());
    Track t = registry.get("live").findTrack("video");
    assertEquals(0, t.segments().size(), "nothing appended");
    assertStatus(200, ingest.post("/ingest/live/video.cmfv", file(V + "1.m4s")));
    assertEquals(1, t.lastNumber());
  }
}
