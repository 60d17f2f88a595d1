package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.testkit.Peer;
import io.livepoint.testkit.Tools;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** FFmpeg as the live encoder (Interface-1), players as the viewers. */
@Tag("it")
class FfmpegIngestIT {
  static LiveServerFixture live;

  @BeforeAll
  static void start() throws Exception {
    Tools.require("ffmpeg");
    live = new LiveServerFixture();
  }

  @AfterAll
  static void stop() {
    if (live != null) {
      live.close();
    }
  }

  /** A 30 fps test pattern and a tone, 2 s GOPs, as a real-time encoder (0.5 s = 15 frames). */
  static List<String> encoderInputs() {
    return List.of("ffmpeg", "-hide_banner", "-loglevel", "warning", "-re",
        "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30",
        "-f", "lavfi", "-i", "sine=frequency=1000:sample_rate=48000");
  }

  static List<String> videoCodec() {
    return List.of("-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency", "-g", "60",
        "-keyint_min", "60", "-sc_threshold", "0", "-b:v", "800k", "-pix_fmt", "yuv420p");
  }

  /** 0.5 s fragments (-frag_duration is in microseconds), and a new one at every key frame. */
  static final List<String> CMAF_MP4 = List.of("-f", "mp4", "-movflags",
      "empty_moov+separate_moof+default_base_moof+cmaf+frag_keyframe", "-frag_duration", "500000",
      "-write_prft", "wallclock");

  /** Spec 9.1: FFmpeg -f mp4, one long chunked POST per track to Streams(name), at {@code publishingPoint}. */
  static List<String> longChunkedPost(String publishingPoint) {
    List<String> cmd = new ArrayList<>(encoderInputs());
    cmd.addAll(List.of("-map", "0:v"));
    cmd.addAll(videoCodec());
    cmd.addAll(CMAF_MP4);
    cmd.add(publishingPoint + "Streams(video.cmfv)");
    cmd.addAll(List.of("-map", "1:a", "-c:a", "aac", "-b:a", "96k"));
    cmd.addAll(CMAF_MP4);
    cmd.add(publishingPoint + "Streams(audio.cmfa)");
    return cmd;
  }

  @Test
  void longChunkedPostPlaysWithLowLatency() throws Exception {
    try (Peer ffmpeg = Peer.start(longChunkedPost(live.ingest("ffmp4")))) {
      live.awaitLive("ffmp4", 2, 2, Duration.ofSeconds(30));
      live.assertPlaysInBothPlayers("ffmp4", "ffmpeg -f mp4 long POST");
      var probe = Peer.run(Duration.ofSeconds(30), "ffprobe", "-v", "error", "-show_entries",
          "stream=codec_name", "-of", "csv=p=0", live.base() + "/live/ffmp4/index.m3u8");
      assertEquals(0, probe.exitCode(), probe.output());
      assertTrue(probe.output().contains("h264") && probe.output().contains("aac"), probe.output());
      assertTrue(ffmpeg.isAlive(), "the encoder must still be sending: " + ffmpeg.output());
      // The operations view shows FFmpeg on both tracks, sending, with no errors.
      var api = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          java.net.URI.create(live.base() + "/api/ingest")).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
      assertEquals(200, api.statusCode());
      for (String track : List.of("video", "audio")) {
        assertTrue(api.body().matches("(?s).*\\{\"stream\":\"ffmp4\",\"track\":\"" + track
            + "\",\"source\":\"[^\"]+\",\"userAgent\":\"Lavf[^\"]*\",\"requests\":1,\"activeRequests\":1,[^}]*\"errors\":\\{\\},.*"),
            track + " in " + api.body());
      }
    }
  }

  /** FFmpeg's DASH muxer in low-latency streaming mode, PUT with persistent connections. */
  @Test
  void lowLatencyDashIngestPlays() throws Exception {
    List<String> cmd = new ArrayList<>(encoderInputs());
    cmd.addAll(List.of("-map", "0:v", "-map", "1:a"));
    cmd.addAll(videoCodec());
    cmd.addAll(List.of("-c:a", "aac", "-b:a", "96k",
        "-f", "dash", "-streaming", "1", "-ldash", "1", "-seg_duration", "2", "-frag_type", "duration",
        "-frag_duration", "0.5", "-use_template", "1", "-use_timeline", "0", "-window_size", "5",
        "-method", "PUT", "-http_persistent", "1", "-write_prft", "1",
        "-init_seg_name", "init-$RepresentationID$.m4s",
        "-media_seg_name", "chunk-$RepresentationID$-$Number%05d$.m4s",
        live.ingest("ffdash") + "manifest.mpd"));
    try (Peer ffmpeg = Peer.start(cmd)) {
      live.awaitLive("ffdash", 2, 2, Duration.ofSeconds(30));
      live.assertPlaysInBothPlayers("ffdash", "ffmpeg -f dash -ldash PUT");
      assertTrue(ffmpeg.isAlive(), "the encoder must still be sending: " + ffmpeg.output());
    }
  }
}
