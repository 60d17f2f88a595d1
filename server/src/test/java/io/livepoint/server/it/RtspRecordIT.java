package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Track;
import io.livepoint.testkit.Peer;
import io.livepoint.testkit.Tools;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** RTSP ANNOUNCE/RECORD ingest against a real publisher: FFmpeg {@code -f rtsp} feeds a stream that plays in hls.js. */
@Tag("it")
class RtspRecordIT {

  @Test
  void ffmpegRtspPublisherOverTcpPlaysInHlsJs() throws Exception {
    publishAndPlay("tcp", "pub");
  }

  @Test
  void ffmpegRtspPublisherOverUdpPlaysInHlsJs() throws Exception {
    publishAndPlay("udp", "pubudp");
  }

  /**
   * A second FFmpeg publishing to a stream that is being published is refused (455, the stream's state)
   * while the first goes on; once the first is gone, a new publisher takes the stream.
   */
  @Test
  void aSecondPublisherIsRefusedUntilTheFirstEnds() throws Exception {
    Tools.require("ffmpeg");
    try (LiveServerFixture live = new LiveServerFixture()) {
      Peer first = Peer.start(publisher(live, "one"));
      try {
        live.awaitLive("one", 1, 2, Duration.ofSeconds(60));
        Track video = live.server.registry().get("one").findTrack("video");
        long before = video.lastNumber();
        try (Peer second = Peer.start(publisher(live, "one"))) {
          assertTrue(second.waitFor(Duration.ofSeconds(20)) != 0, "the second publisher must fail: " + second.output());
          assertTrue(second.output().contains("455"), second.output());
        }
        live.awaitLive("one", 1, (int) (before + 2), Duration.ofSeconds(30)); // the first still feeds it
        assertTrue(first.isAlive(), "the first publisher goes on: " + first.output());
      } finally {
        first.close();
      }
      try (Peer third = Peer.start(publisher(live, "one"))) {
        long after = live.server.registry().get("one").findTrack("video").lastNumber();
        live.awaitLive("one", 1, (int) (after + 2), Duration.ofSeconds(60));
        assertTrue(third.isAlive(), "a new publisher took the stream: " + third.output());
      }
    }
  }

  private static List<String> publisher(LiveServerFixture live, String stream) {
    List<String> cmd = new ArrayList<>(FfmpegIngestIT.encoderInputs());
    cmd.addAll(List.of("-map", "0:v"));
    cmd.addAll(FfmpegIngestIT.videoCodec());
    cmd.addAll(List.of("-f", "rtsp", "-rtsp_transport", "tcp", live.rtsp(stream)));
    return cmd;
  }

  private static void publishAndPlay(String transport, String stream) throws Exception {
    Tools.require("ffmpeg");
    try (LiveServerFixture live = new LiveServerFixture()) {
      List<String> cmd = new ArrayList<>(FfmpegIngestIT.encoderInputs());
      cmd.addAll(List.of("-map", "0:v", "-map", "1:a"));
      cmd.addAll(FfmpegIngestIT.videoCodec());
      cmd.addAll(List.of("-c:a", "aac", "-b:a", "96k", "-f", "rtsp", "-rtsp_transport", transport, live.rtsp(stream)));
      try (Peer ffmpeg = Peer.start(cmd)) {
        live.awaitLive(stream, 2, 2, Duration.ofSeconds(60));
        assertEquals(List.of("audio", "video"),
            live.server.registry().get(stream).playableTracks().stream().map(Track::id).sorted().toList());
        live.assertPlays(stream, "ffmpeg -f rtsp ANNOUNCE/RECORD over " + transport, "hls");
        assertTrue(ffmpeg.isAlive(), "ffmpeg still publishing: " + ffmpeg.output());
      }
    }
  }
}
