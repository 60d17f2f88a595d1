package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.store.PublishedObjects;
import io.livepoint.core.store.StoredObject;
import io.livepoint.testkit.Peer;
import io.livepoint.testkit.Tools;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DASH-IF ingest Interface-2 with FFmpeg's DASH and HLS muxers as the encoder: every object is served
 * back byte-identical at /live/{stream}/{its path} and plays through the encoder's own manifests in
 * dash.js and hls.js; the CMAF among them also feeds the live model, whose generated index.mpd and
 * index.m3u8 play too; DELETEs (window_size, -remove_at_exit, +delete_segments) remove objects.
 *
 * <p>What FFmpeg sent is known from a second output of the same encode: the tee muxer feeds identical
 * packets to an HTTP output and to a local directory, and the muxers write identical bytes.
 */
@Tag("it")
class InterfaceTwoIT {
  static LiveServerFixture live;
  static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  @BeforeAll
  static void start() throws Exception {
    Tools.require("ffmpeg");
    // A long retention: objects that disappear here were deleted by the encoder, not evicted.
    live = new LiveServerFixture("ingest.objects.retention", "10m");
  }

  @AfterAll
  static void stop() {
    if (live != null) {
      live.close();
    }
  }

  /** Video and audio as one real-time encode, with global headers (the tee muxer needs them). */
  static List<String> encode() {
    List<String> cmd = new ArrayList<>(FfmpegIngestIT.encoderInputs());
    cmd.addAll(List.of("-map", "0:v", "-map", "1:a"));
    cmd.addAll(FfmpegIngestIT.videoCodec());
    cmd.addAll(List.of("-c:a", "aac", "-b:a", "96k", "-flags", "+global_header"));
    return cmd;
  }

  /** Waits for the live model, telling on failure what the encoder said and what was stored. */
  void awaitLive(String stream, int tracks, int segments, Peer ffmpeg) throws Exception {
    try {
      live.awaitLive(stream, tracks, segments, Duration.ofSeconds(40));
    } catch (AssertionError e) {
      var s = live.server.registry().get(stream);
      throw new AssertionError(e.getMessage() + "\ntracks: " + (s == null ? "none" : s.tracks().stream()
          .map(t -> t.id() + "(header " + (t.header() != null) + ", segments " + t.lastNumber() + ")").toList())
          + "\nobjects: " + (objects(stream) == null ? "none" : objects(stream).paths())
          + "\nffmpeg: " + ffmpeg.output(), e);
    }
  }

  /** A value inside a tee slave's [options]: its ':' escaped for both levels of the tee muxer's parsing. */
  static String teeEscape(String value) {
    return value.replace(":", "\\\\:");
  }

  static HttpResponse<byte[]> get(String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create(live.base() + path)).timeout(Duration.ofSeconds(20)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  PublishedObjects objects(String stream) {
    return live.server.objects().stream(stream);
  }

  boolean stored(String stream, String path) {
    return live.server.objects().get(stream, path) != null;
  }

  /**
   * Compares every local file the encoder finished (all but the newest segment of each name pattern,
   * which may still be written) with what the server serves at the same relative path; returns how
   * many media objects matched.
   */
  static int assertServedAsSent(String stream, Path local, String... mediaGlobs) throws Exception {
    int compared = 0;
    List<Path> files;
    try (Stream<Path> walk = Files.walk(local)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    for (String glob : mediaGlobs) {
      var matcher = local.getFileSystem().getPathMatcher("glob:" + glob);
      List<Path> media = files.stream().filter(f -> matcher.matches(local.relativize(f))).toList();
      // The newest is skipped: it may be under way; the oldest may already be deleted by the encoder.
      for (Path f : media.subList(Math.min(1, media.size()), Math.max(0, media.size() - 1))) {
        String rel = local.relativize(f).toString();
        HttpResponse<byte[]> r = get("/live/" + stream + "/" + rel);
        if (r.statusCode() == 404 && !Files.exists(f)) {
          continue; // deleted by the encoder meanwhile, on both sides
        }
        assertEquals(200, r.statusCode(), rel);
        assertArrayEquals(Files.readAllBytes(f), r.body(), rel + " must be served exactly as FFmpeg wrote it");
        compared++;
      }
    }
    return compared;
  }

  @Test
  void ffmpegDashPostWithWindowPlaysPassThroughAndGeneratedAndDeletesOldSegments(@TempDir Path dir) throws Exception {
    String options = "f=dash:seg_duration=2:use_template=1:use_timeline=0:window_size=5:extra_window_size=2"
        + ":utc_timing_url=" + teeEscape(live.base() + "/time");
    List<String> cmd = encode();
    cmd.addAll(List.of("-f", "tee",
        "[" + options + ":method=POST:http_persistent=1]" + live.ingest("dpost") + "manifest.mpd"
            + "|[" + options + "]" + dir.resolve("manifest.mpd")));
    try (Peer ffmpeg = Peer.start(cmd)) {
      awaitLive("dpost", 2, 3, ffmpeg);
      HttpResponse<byte[]> mpd = get("/live/dpost/manifest.mpd");
      assertEquals(200, mpd.statusCode());
      assertEquals("application/dash+xml", mpd.headers().firstValue("content-type").orElse(""));
      assertEquals("no-cache", mpd.headers().firstValue("cache-control").orElse(""));
      for (String init : List.of("init-stream0.m4s", "init-stream1.m4s")) {
        HttpResponse<byte[]> r = get("/live/dpost/" + init);
        assertEquals("video/iso.segment", r.headers().firstValue("content-type").orElse(""));
        assertArrayEquals(Files.readAllBytes(dir.resolve(init)), r.body(), init);
      }
      assertTrue(assertServedAsSent("dpost", dir, "chunk-stream0-*.m4s", "chunk-stream1-*.m4s") >= 2);

      // FFmpeg's MPD asks for suggestedPresentationDelay = one segment, too close to the edge for segments
      // that exist only once complete: the viewer holds three segments, as a deployment would configure it.
      live.assertPlaysAt("/live/dpost/manifest.mpd", "ffmpeg -f dash POST, its own MPD passed through", "dash", 6);
      live.assertPlaysInBothPlayers("dpost", "ffmpeg -f dash POST, generated outputs");
      assertTrue(ffmpeg.isAlive(), "the encoder must still be sending: " + ffmpeg.output());

      // By now (30+ s) the window of 5 (+2 extra) segments has moved on: FFmpeg DELETEd the first ones.
      assertFalse(stored("dpost", "chunk-stream0-00001.m4s"), "deleted by the encoder: " + objects("dpost").paths());
      assertEquals(404, get("/live/dpost/chunk-stream0-00001.m4s").statusCode());
      assertEquals(0, objects("dpost").evicted(), "nothing was evicted: the encoder deleted it");
      String metrics = new String(get("/metrics").body(), java.nio.charset.StandardCharsets.UTF_8);
      assertTrue(metrics.contains("livepoint_objects_bytes{stream=\"dpost\"} "), metrics);
    }
  }

  /**
   * -remove_at_exit 1: when FFmpeg ends its session it DELETEs everything it published. The encode ends
   * by itself (12 s of output): stopped by SIGTERM, FFmpeg was seen to exit within 40 ms having sent only
   * some of its DELETEs (its I/O interrupt callback fires once a signal arrived), which would prove
   * nothing about the server.
   */
  @Test
  void ffmpegDashRemoveAtExitDeletesEverything() throws Exception {
    List<String> cmd = encode();
    cmd.addAll(List.of("-t", "12", "-f", "dash", "-seg_duration", "2", "-use_template", "1", "-use_timeline", "1",
        "-window_size", "3", "-extra_window_size", "1", "-remove_at_exit", "1", "-method", "POST",
        "-http_persistent", "1", live.ingest("dexit") + "live/manifest.mpd"));
    try (Peer ffmpeg = Peer.start(cmd)) {
      LiveServerFixture.awaitTrue(() -> stored("dexit", "live/manifest.mpd") && stored("dexit", "live/init-stream0.m4s")
          && objects("dexit").paths().stream().anyMatch(p -> p.startsWith("live/chunk-stream1-")),
          Duration.ofSeconds(30), "manifest, headers and segments published");
      assertEquals(java.util.Set.of("live"), objects("dexit").folders());
      assertEquals(0, ffmpeg.waitFor(Duration.ofSeconds(60)), ffmpeg.output());
      // FFmpeg does not wait for the answers to its DELETEs: the last ones may still be on their way.
      LiveServerFixture.awaitTrue(() -> objects("dexit").paths().isEmpty(), Duration.ofSeconds(5),
          "FFmpeg's DELETEs of everything it published");
      assertEquals(java.util.Set.of(), objects("dexit").folders(), "and so its folder (7.1.1 1b)");
      assertEquals(404, get("/live/dexit/live/manifest.mpd").statusCode());
      assertEquals(0, objects("dexit").evicted());
    }
  }

  @Test
  void ffmpegLowLatencyDashPutIsReadableWhileSegmentsGrow() throws Exception {
    List<String> cmd = encode();
    cmd.addAll(List.of("-f", "dash", "-streaming", "1", "-ldash", "1", "-seg_duration", "2", "-frag_type", "duration",
        "-frag_duration", "0.5", "-use_template", "1", "-use_timeline", "0", "-window_size", "5",
        "-target_latency", "2", "-method", "PUT", "-http_persistent", "1",
        "-utc_timing_url", live.base() + "/time", live.ingest("dput") + "manifest.mpd"));
    try (Peer ffmpeg = Peer.start(cmd)) {
      awaitLive("dput", 2, 2, ffmpeg);
      // Catch segments while FFmpeg is still uploading them, and read them through: HTTP/1.1 (chunked
      // transfer) and HTTP/2 (DATA frames, h2c by prior knowledge after an upgrade).
      assertReadableWhileGrowing(HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build(),
          HttpClient.Version.HTTP_1_1);
      assertReadableWhileGrowing(HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build(),
          HttpClient.Version.HTTP_2);

      live.assertPlaysAt("/live/dput/manifest.mpd", "ffmpeg -f dash -ldash PUT, its own MPD passed through", "dash");
      assertTrue(ffmpeg.isAlive(), "the encoder must still be sending: " + ffmpeg.output());
    }
  }

  void assertReadableWhileGrowing(HttpClient client, HttpClient.Version version) throws Exception {
    StoredObject growing = null;
    long end = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (growing == null && System.nanoTime() < end) {
      for (String p : objects("dput").paths()) {
        StoredObject o = live.server.objects().get("dput", p);
        if (o != null && p.startsWith("chunk-stream0-") && o.state() == StoredObject.State.WRITING && o.size() > 0) {
          growing = o;
        }
      }
      Thread.sleep(20);
    }
    assertNotNull(growing, "a segment under upload: " + objects("dput").paths());
    HttpResponse<InputStream> r = client.send(HttpRequest.newBuilder(
        URI.create(live.base() + "/live/dput/" + growing.path())).build(), HttpResponse.BodyHandlers.ofInputStream());
    boolean stillGrowingAtHeaders = growing.state() == StoredObject.State.WRITING;
    byte[] body;
    try (InputStream in = r.body()) {
      body = in.readAllBytes();
    }
    assertEquals(200, r.statusCode());
    assertEquals(version, r.version());
    assertTrue(stillGrowingAtHeaders, "the response started while the upload ran");
    assertTrue(r.headers().firstValue("content-length").isEmpty(), "a growing object has no length yet");
    if (version == HttpClient.Version.HTTP_1_1) {
      assertEquals("chunked", r.headers().firstValue("transfer-encoding").orElse(""));
    }
    assertTrue(growing.isComplete(), "the response ended with the upload");
    HttpResponse<byte[]> whole = get("/live/dput/" + growing.path());
    assertArrayEquals(whole.body(), body, "streamed while growing = the finished object");
    assertTrue(body.length > 1000);
  }

  @Test
  void ffmpegHlsFmp4PutPlaysPassThroughAndGeneratedAndDeletesOldSegments(@TempDir Path dir) throws Exception {
    String options = "f=hls:hls_segment_type=fmp4:hls_time=2:hls_list_size=5:hls_flags=+delete_segments"
        + ":var_stream_map=v\\\\:0,agroup\\\\:aud a\\\\:0,agroup\\\\:aud:master_pl_name=master.m3u8"
        + ":hls_fmp4_init_filename=init.mp4";
    String url = live.ingest("hls");
    List<String> cmd = encode();
    cmd.addAll(List.of("-f", "tee",
        "[" + options + ":method=PUT:http_persistent=1:hls_segment_filename=" + teeEscape(url) + "v%v/seg_%05d.m4s]"
            + url + "v%v/stream.m3u8"
            + "|[" + options + ":hls_segment_filename=" + dir + "/v%v/seg_%05d.m4s]" + dir + "/v%v/stream.m3u8"));
    try (Peer ffmpeg = Peer.start(cmd)) {
      awaitLive("hls", 2, 3, ffmpeg);
      LiveServerFixture.awaitTrue(() -> stored("hls", "master.m3u8"), Duration.ofSeconds(20), "master playlist");
      HttpResponse<byte[]> master = get("/live/hls/master.m3u8");
      assertEquals("application/vnd.apple.mpegurl", master.headers().firstValue("content-type").orElse(""));
      assertArrayEquals(Files.readAllBytes(dir.resolve("master.m3u8")), master.body());
      for (String init : List.of("v0/init_0.mp4", "v1/init_1.mp4")) {
        assertArrayEquals(Files.readAllBytes(dir.resolve(init)), get("/live/hls/" + init).body(), init);
      }
      assertTrue(assertServedAsSent("hls", dir, "v0/seg_*.m4s", "v1/seg_*.m4s") >= 2);
      assertEquals(List.of("v0", "v1"), live.server.registry().get("hls").playableTracks().stream()
          .map(t -> t.id()).sorted().toList(), "the CMAF segments fed the live model, one track per variant folder");

      live.assertPlaysAt("/live/hls/master.m3u8", "ffmpeg -f hls fmp4 PUT, its own playlists passed through", "hls");
      live.assertPlaysInBothPlayers("hls", "ffmpeg -f hls fmp4 PUT, generated outputs");
      assertTrue(ffmpeg.isAlive(), "the encoder must still be sending: " + ffmpeg.output());

      assertFalse(stored("hls", "v0/seg_00000.m4s"), "+delete_segments removed it: " + objects("hls").paths());
      assertEquals(404, get("/live/hls/v0/seg_00000.m4s").statusCode());
      assertNull(live.server.objects().get("hls", "v1/seg_00000.m4s"));
      assertEquals(0, objects("hls").evicted(), "nothing was evicted: the encoder deleted it");
    }
  }
}
