package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.testkit.Peer;
import io.livepoint.testkit.Shared;
import io.livepoint.testkit.Tools;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/**
 * The error cases of ingest spec 5.3 as real clients see them. FFmpeg uploads raw bytes with
 * {@code -f data}, waiting for {@code 100 Continue} ({@code -send_expect_100 1}): it reports a status
 * the receiver gives before the body (404, 403, 415). FFmpeg never reads the final response of a chunked
 * POST (its http_shutdown only drains it), so the statuses that need the body (400, 412) are checked
 * with curl, also with {@code Expect: 100-continue}.
 */
@Tag("it")
class IngestErrorsIT {
  static LiveServerFixture live;
  static Path video;

  @BeforeAll
  static void start() throws Exception {
    Tools.require("ffmpeg");
    video = Shared.path("testdata/cmaf/livesim2-testpic_2s/V300");
    live = new LiveServerFixture("ingest.publishingPoints", "allowed");
  }

  @AfterAll
  static void stop() {
    if (live != null) {
      live.close();
    }
  }

  static String upload(Path file, String url, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-nostdin", "-f", "data", "-i",
        file.toString(), "-map", "0", "-c", "copy", "-f", "data", "-send_expect_100", "1"));
    cmd.addAll(List.of(extra));
    cmd.add(url);
    return Peer.run(Duration.ofSeconds(30), cmd.toArray(String[]::new)).output();
  }

  /** curl's view: the status of an upload with Expect: 100-continue and chunked transfer. */
  static int curl(Path file, String url) throws Exception {
    var r = Peer.run(Duration.ofSeconds(30), "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
        "-H", "Expect: 100-continue", "-H", "Transfer-Encoding: chunked", "--data-binary", "@" + file, url);
    return Integer.parseInt(r.output().trim());
  }

  static void assertStatus(String ffmpegOutput, int status) {
    // FFmpeg's forms: "HTTP error 404 Not Found", "Server returned 404 Not Found".
    assertTrue(ffmpegOutput.contains("HTTP error " + status) || ffmpegOutput.contains("Server returned " + status),
        "FFmpeg should report HTTP " + status + ":\n" + ffmpegOutput);
  }

  @Test
  void unknownPublishingPointIs404() throws Exception {
    assertStatus(upload(video.resolve("init.mp4"), live.ingest("elsewhere") + "Streams(v.cmfv)"), 404);
  }

  @Test
  void pathEscapingThePublishingPointIs403() throws Exception {
    assertStatus(upload(video.resolve("init.mp4"), live.ingest("allowed") + "..%2F..%2Fetc/Streams(v.cmfv)"), 403);
  }

  @Test
  void mediaBeforeAnyHeaderIs412() throws Exception {
    assertEquals(412, curl(video.resolve("2.m4s"), live.ingest("allowed") + "Streams(noheader.cmfv)"));
  }

  @Test
  void unsupportedMediaTypeIs415() throws Exception {
    assertStatus(upload(video.resolve("init.mp4"), live.ingest("allowed") + "Streams(html.cmfv)",
        "-content_type", "text/html"), 415);
  }

  @Test
  void malformedBodyIs400(@TempDir Path dir) throws Exception {
    Path junk = dir.resolve("junk.cmfv");
    Files.writeString(junk, "this is not an ISO BMFF box stream at all, just text\n".repeat(20),
        StandardCharsets.US_ASCII);
    assertEquals(400, curl(junk, live.ingest("allowed") + "Streams(junk.cmfv)"));
  }

  @Test
  void validHeaderIsAcceptedOnTheSamePublishingPoint() throws Exception {
    String out = upload(video.resolve("init.mp4"), live.ingest("allowed") + "Streams(ok.cmfv)");
    assertTrue(!out.contains("HTTP error") && !out.contains("Server returned"), out);
    assertTrue(live.server.registry().get("allowed").findTrack("ok").header() != null);
  }
}
