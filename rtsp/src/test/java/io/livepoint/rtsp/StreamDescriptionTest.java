package io.livepoint.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Chunk;
import io.livepoint.core.LiveStream;
import io.livepoint.core.ManualClock;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.Track;
import io.livepoint.core.TrackHeader;
import io.livepoint.media.cmaf.CmafHeader;
import io.livepoint.testkit.Shared;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DESCRIBE's SDP for a stream made of a real encoder's CMAF tracks (livesim2 test picture, H.264 + AAC). */
class StreamDescriptionTest {
  private static void load(LiveStream stream, String id, Path dir) throws Exception {
    ByteBuf init = Unpooled.wrappedBuffer(Files.readAllBytes(dir.resolve("init.mp4")));
    Track t = stream.track(id);
    t.setHeader(new TrackHeader(init, CmafHeader.parse(init)));
    byte[] seg = Files.readAllBytes(dir.resolve("1.m4s"));
    t.append(new Chunk(Unpooled.wrappedBuffer(seg), 0, 1000, true, 1, 0, null), true, false);
  }

  @Test
  void sdpHasOneMediaPerTrackWithControlsAndLiveRange() throws Exception {
    Path dir = Shared.path("testdata/cmaf/livesim2-testpic_2s");
    try (StreamRegistry registry = new StreamRegistry(new ManualClock(Instant.parse("2026-01-01T00:00:00Z")))) {
      LiveStream stream = registry.getOrCreate("cam1");
      load(stream, "audio", dir.resolve("A48"));
      load(stream, "video", dir.resolve("V300"));
      StreamDescription d = StreamDescription.of(stream);
      assertEquals(List.of("track=video", "track=audio"), d.media().stream().map(MediaTrack::control).toList());
      String sdp = d.sdp("127.0.0.1", 42);
      List<String> lines = List.of(sdp.split("\r\n"));
      assertEquals("v=0", lines.get(0));
      assertTrue(lines.contains("o=- 42 " + stream.version() + " IN IP4 127.0.0.1"), sdp);
      assertTrue(lines.contains("s=cam1"), sdp);
      assertTrue(lines.contains("a=control:*"), sdp);
      assertTrue(lines.contains("a=range:npt=now-"), sdp);
      assertTrue(lines.contains("m=video 0 RTP/AVP 96"), sdp);
      assertTrue(lines.contains("a=rtpmap:96 H264/90000"), sdp);
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("a=fmtp:96 ") && l.contains("packetization-mode=1")
          && l.contains("sprop-parameter-sets=")), sdp);
      assertTrue(lines.contains("a=control:track=video"), sdp);
      assertTrue(lines.contains("m=audio 0 RTP/AVP 97"), sdp);
      assertTrue(lines.contains("a=rtpmap:97 mpeg4-generic/48000/2"), sdp);
      assertTrue(lines.stream().anyMatch(l -> l.startsWith("a=fmtp:97 ") && l.contains("mode=AAC-hbr")), sdp);
      assertTrue(lines.contains("a=control:track=audio"), sdp);
      assertTrue(lines.indexOf("m=video 0 RTP/AVP 96") < lines.indexOf("a=control:track=video"));
    }
  }

  @Test
  void streamWithoutPlayableTracksHasNoMedia() {
    try (StreamRegistry registry = new StreamRegistry(new ManualClock(Instant.EPOCH))) {
      LiveStream stream = registry.getOrCreate("empty");
      stream.track("video");
      assertTrue(StreamDescription.of(stream).media().isEmpty());
    }
  }
}
