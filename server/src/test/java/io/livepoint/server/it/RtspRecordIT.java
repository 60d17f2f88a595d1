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
