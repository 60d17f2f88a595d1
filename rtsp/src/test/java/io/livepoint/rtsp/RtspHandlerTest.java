package io.livepoint.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Chunk;
import io.livepoint.core.Clock;
import io.livepoint.core.LiveStream;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.Track;
import io.livepoint.core.TrackHeader;
import io.livepoint.media.cmaf.CmafHeader;
import io.livepoint.testkit.Shared;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The status each request gets from the handler (RFC 2326 7.1.1, 11), and the interleaved media after PLAY. */
class RtspHandlerTest {
  private static RtspRequest req(String method, String uri, String... headers) {
    Map<String, String> h = new java.util.HashMap<>();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      h.put(Rtsp.key(headers[i]), headers[i + 1]);
    }
    return new RtspRequest(method, uri, Rtsp.VERSION, h, new byte[0]);
  }

  @Test
  void statusCodesAndSessionLifecycle() throws Exception {
    Path dir = Shared.path("testdata/cmaf/livesim2-testpic_2s/V300");
    try (StreamRegistry registry = new StreamRegistry(Clock.SYSTEM)) {
      LiveStream stream = registry.getOrCreate("cam");
      ByteBuf init = Unpooled.wrappedBuffer(Files.readAllBytes(dir.resolve("init.mp4")));
      Track t = stream.track("video");
      t.setHeader(new TrackHeader(init, CmafHeader.parse(init)));
      t.append(new Chunk(Unpooled.wrappedBuffer(Files.readAllBytes(dir.resolve("1.m4s"))), 0, 1000, true, 1, 0, null),
          true, false);
      SessionTable sessions = new SessionTable();
      RtspConfig config = new RtspConfig("127.0.0.1", 0, Duration.ofSeconds(30), RtspConfig.DEFAULT_MAX_QUEUED);
      RtspHandler handler = new RtspHandler(registry, sessions, config, Clock.SYSTEM, null, null);
      EmbeddedChannel ch = new EmbeddedChannel(handler);
      String url = "rtsp://127.0.0.1/cam";
      assertEquals(Rtsp.Status.BAD_REQUEST, handler.answer(ch, req("OPTIONS", "*")).status());
      assertEquals(Rtsp.Status.OK, handler.answer(ch, req("OPTIONS", "*", "CSeq", "1")).status());
      assertEquals(Rtsp.Status.NOT_IMPLEMENTED, handler.answer(ch, req("FOO", url, "CSeq", "1")).status());
      assertEquals(Rtsp.Status.NOT_IMPLEMENTED, handler.answer(ch, req("RECORD", url, "CSeq", "1")).status());
      assertEquals(Rtsp.Status.NOT_FOUND, handler.answer(ch, req("DESCRIBE", "rtsp://h/none", "CSeq", "1")).status());
      assertEquals(Rtsp.Status.OPTION_NOT_SUPPORTED, handler.answer(ch,
          req("DESCRIBE", url, "CSeq", "1", "Require", "www.onvif.org/ver20/backchannel")).status());
      RtspResponse describe = handler.answer(ch, req("DESCRIBE", url, "CSeq", "2"));
      assertEquals(Rtsp.Status.OK, describe.status());
      assertEquals(url + "/", describe.header(Rtsp.CONTENT_BASE));
      assertEquals(Rtsp.Status.SESSION_NOT_FOUND, handler.answer(ch, req("PLAY", url, "CSeq", "3")).status());
      assertEquals(Rtsp.Status.SESSION_NOT_FOUND, handler.answer(ch, req("PLAY", url, "CSeq", "3", "Session", "NOPE")).status());
      assertEquals(Rtsp.Status.AGGREGATE_OPERATION_NOT_ALLOWED, handler.answer(ch,
          req("SETUP", url, "CSeq", "4", "Transport", "RTP/AVP/TCP;interleaved=0-1")).status());
      assertEquals(Rtsp.Status.NOT_FOUND, handler.answer(ch,
          req("SETUP", url + "/track=nope", "CSeq", "4", "Transport", "RTP/AVP/TCP;interleaved=0-1")).status());
      assertEquals(Rtsp.Status.UNSUPPORTED_TRANSPORT, handler.answer(ch,
          req("SETUP", url + "/track=video", "CSeq", "4", "Transport", "RTP/AVP;multicast")).status());
      RtspResponse setup = handler.answer(ch,
          req("SETUP", url + "/track=video", "CSeq", "5", "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"));
      assertEquals(Rtsp.Status.OK, setup.status());
      assertTrue(setup.header(Rtsp.TRANSPORT).startsWith("RTP/AVP/TCP;unicast;interleaved=0-1;ssrc="), setup.header(Rtsp.TRANSPORT));
      String session = setup.header(Rtsp.SESSION).split(";")[0];
      assertEquals(session + ";timeout=30", setup.header(Rtsp.SESSION));
      // PAUSE in Ready is allowed and keeps the session Ready (RFC 2326 A.2).
      assertEquals(Rtsp.Status.OK, handler.answer(ch, req("PAUSE", url, "CSeq", "6", "Session", session)).status());
      RtspResponse play = handler.answer(ch, req("PLAY", url, "CSeq", "7", "Session", session, "Range", "npt=now-"));
      assertEquals(Rtsp.Status.OK, play.status());
      assertTrue(play.header(Rtsp.RTP_INFO).matches("url=" + url + "/track=video;seq=\\d+;rtptime=\\d+"), play.header(Rtsp.RTP_INFO));
      // The stored segment went out as interleaved RTP on channel 0: $-header, then a version-2 packet.
      int frames = 0;
      Object out;
      while ((out = ch.readOutbound()) != null) {
        ByteBuf b = (ByteBuf) out;
        if (b.readableBytes() == 4 && b.getByte(0) == '$') {
          assertEquals(0, b.getByte(1));
          frames++;
        }
        ReferenceCountUtil.release(out);
      }
      assertTrue(frames > 10, frames + " frames");
      assertEquals(Rtsp.Status.METHOD_NOT_VALID_IN_THIS_STATE, handler.answer(ch,
          req("SETUP", url + "/track=video", "CSeq", "8", "Session", session, "Transport", "RTP/AVP/TCP")).status());
      assertEquals(Rtsp.Status.OK, handler.answer(ch, req("GET_PARAMETER", url, "CSeq", "9", "Session", session)).status());
      assertEquals(Rtsp.Status.OK, handler.answer(ch, req("PAUSE", url, "CSeq", "10", "Session", session)).status());
      assertEquals(Rtsp.Status.OK, handler.answer(ch, req("TEARDOWN", url, "CSeq", "11", "Session", session)).status());
      ch.runPendingTasks();
      assertEquals(0, sessions.size());
      assertEquals(Rtsp.Status.SESSION_NOT_FOUND,
          handler.answer(ch, req("PLAY", url, "CSeq", "12", "Session", session)).status());
      ch.finishAndReleaseAll();
    }
  }
}
