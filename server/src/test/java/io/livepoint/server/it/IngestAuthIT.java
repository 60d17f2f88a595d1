package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.LiveStream;
import io.livepoint.testkit.Peer;
import io.livepoint.testkit.Shared;
import io.livepoint.testkit.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ingest authentication against real clients: FFmpeg answers Digest and Basic challenges from the
 * credentials in its URL, curl answers Digest with {@code --digest -u}. No credentials get 401 with the
 * challenge, wrong ones 403 (ingest 5.3), right ones get the stream live.
 */
@Tag("it")
class IngestAuthIT {
  static LiveServerFixture live;

  @BeforeAll
  static void start() throws Exception {
    Tools.require("ffmpeg");
    Tools.require("curl");
    live = new LiveServerFixture(LiveServerFixture.config(
        "ingest.auth.scheme", "digest", "ingest.auth.realm", "livepoint ingest", "ingest.auth.users.enc", "s3cret",
        "ingest.publishingPointAuth.basicpp.scheme", "basic", "ingest.publishingPointAuth.basicpp.users.cam", "pw2"));
  }

  @AfterAll
  static void stop() {
    if (live != null) {
      live.close();
    }
  }

  /** A 2 s GOP test pattern as one long chunked CMAF POST (spec 9.1), to {@code url}. */
  private static List<String> ffmpeg(String url, boolean realtime, int seconds, String... outputOptions) {
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "info"));
    if (realtime) {
      cmd.add("-re");
    }
    cmd.addAll(List.of("-f", "lavfi", "-i", "testsrc2=size=320x180:rate=25", "-t", String.valueOf(seconds),
        "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-g", "50", "-keyint_min", "50",
        "-sc_threshold", "0", "-pix_fmt", "yuv420p",
        "-f", "mp4", "-movflags", "empty_moov+separate_moof+default_base_moof+cmaf+frag_keyframe",
        "-frag_duration", "500000"));
    cmd.addAll(List.of(outputOptions));
    cmd.add(url);
    return cmd;
  }

  private static String url(String userPass, String stream) {
    return "http://" + userPass + "@127.0.0.1:" + live.server.httpPort() + "/ingest/" + stream + "/Streams(v.cmfv)";
  }

  /**
   * FFmpeg answers the 401 with Digest; the wrong password gets 403. FFmpeg sends its retry's body at
   * once unless told to wait for 100 Continue, so only then does it read (and print) the 403 before its
   * pipe breaks; either way it gives up and nothing is created.
   */
  @Test
  void ffmpegWithAWrongDigestPasswordIsRefused() throws Exception {
    Peer.Result r = Peer.run(Duration.ofSeconds(60),
        ffmpeg(url("enc:wrong", "dgbad"), false, 2, "-send_expect_100", "1").toArray(String[]::new));
    assertNotEquals(0, r.exitCode(), r.output());
    assertTrue(r.output().contains("403 Forbidden"), "FFmpeg reports the 403: " + r.output());
    Peer.Result plain = Peer.run(Duration.ofSeconds(60), ffmpeg(url("enc:wrong", "dgbad"), false, 2).toArray(String[]::new));
    assertNotEquals(0, plain.exitCode(), plain.output());
    assertNull(live.server.registry().get("dgbad"), "nothing created for a refused source");
  }

  @Test
  void ffmpegWithTheDigestPasswordGoesLive() throws Exception {
    try (Peer ffmpeg = Peer.start(ffmpeg(url("enc:s3cret", "dg"), true, 60))) {
      live.awaitLive("dg", 1, 2, Duration.ofSeconds(60));
      assertTrue(ffmpeg.isAlive(), "the encoder must still be sending: " + ffmpeg.output());
    }
  }

  @Test
  void ffmpegBasicOnAPublishingPointWithItsOwnCredentials() throws Exception {
    // the global Digest user is not a user of this publishing point
    Peer.Result wrong = Peer.run(Duration.ofSeconds(60),
        ffmpeg(url("enc:s3cret", "basicpp"), false, 2, "-send_expect_100", "1").toArray(String[]::new));
    assertNotEquals(0, wrong.exitCode(), wrong.output());
    assertTrue(wrong.output().contains("403 Forbidden"), wrong.output());
    assertNull(live.server.registry().get("basicpp"));
    try (Peer ffmpeg = Peer.start(ffmpeg(url("cam:pw2", "basicpp"), true, 60))) {
      live.awaitLive("basicpp", 1, 2, Duration.ofSeconds(60));
      assertTrue(ffmpeg.isAlive(), "the encoder must still be sending: " + ffmpeg.output());
    }
  }

  @Test
  void curlDigest() throws Exception {
    Path init = Shared.path("testdata/cmaf/livesim2-testpic_2s/V300/init.mp4");
    String target = live.ingest("curl") + "V300.cmfv";
    assertEquals("401", curl("--data-binary", "@" + init, target));
    var challenge = Peer.run(Duration.ofSeconds(30), "curl", "-s", "-o", "/dev/null", "-D", "-", "--data-binary",
        "@" + init, target);
    assertTrue(challenge.output().toLowerCase().contains(
        "www-authenticate: digest realm=\"livepoint ingest\", qop=\"auth\", algorithm=sha-256"),
        challenge.output());
    assertEquals("403", curl("--digest", "-u", "enc:wrong", "--data-binary", "@" + init, target));
    assertEquals("401", curl("--basic", "-u", "enc:s3cret", "--data-binary", "@" + init, target),
        "Basic where Digest is required is challenged, not accepted");
    assertNull(live.server.registry().get("curl"));
    assertEquals("200", curl("--digest", "-u", "enc:s3cret", "--data-binary", "@" + init, target));
    LiveStream s = live.server.registry().get("curl");
    assertNotNull(s);
    assertNotNull(s.findTrack("V300").header());
  }

  /** curl sends a gzip-coded body (Content-Encoding: gzip): it is inflated and ingested as the plain one. */
  @Test
  void curlGzipBody(@TempDir Path tmp) throws Exception {
    Path init = Shared.path("testdata/cmaf/livesim2-testpic_2s/V300/init.mp4");
    Path gz = tmp.resolve("init.mp4.gz");
    try (var out = new GZIPOutputStream(Files.newOutputStream(gz))) {
      Files.copy(init, out);
    }
    String target = live.ingest("gz") + "V300.cmfv";
    assertEquals("415", curl("--digest", "-u", "enc:s3cret", "-H", "Content-Encoding: br", "--data-binary", "@" + gz, target));
    assertEquals("200", curl("--digest", "-u", "enc:s3cret", "-H", "Content-Encoding: gzip", "--data-binary", "@" + gz, target));
    assertEquals("avc1.64001e", live.server.registry().get("gz").findTrack("V300").header().info().codecs());
  }

  /** The final status code of a curl POST. */
  private static String curl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-o", "/dev/null", "-w", "%{http_code}",
        "-H", "Content-Type: video/mp4"));
    cmd.addAll(List.of(args));
    Peer.Result r = Peer.run(Duration.ofSeconds(30), cmd.toArray(String[]::new));
    return r.output().trim();
  }
}
