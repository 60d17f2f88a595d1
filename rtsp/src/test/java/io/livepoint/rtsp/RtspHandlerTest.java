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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import io.livepoint.media.rtp.Rtcp;
import io.livepoint.media.rtp.RtcpPacket;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
      Matcher info = Pattern.compile("seq=(\\d+);rtptime=(\\d+)").matcher(play.header(Rtsp.RTP_INFO));
      assertTrue(info.find());
      // Nothing is sent before the PLAY response is.
      assertTrue(ch.outboundMessages().isEmpty());
      play.sent();
      // Then: a sender report on channel 1 mapping the first packet's timestamp, and the stored segment as
      // interleaved RTP on channel 0 whose first packet has RTP-Info's seq and rtptime.
      List<ByteBuf[]> frames = frames(ch);
      try {
        assertTrue(frames.size() > 10, frames.size() + " frames");
        assertEquals(1, frames.get(0)[0].getByte(1));
        RtcpPacket.SenderReport sr = (RtcpPacket.SenderReport) Rtcp.parse(frames.get(0)[1]).get(0);
        assertEquals(Long.parseLong(info.group(2)), sr.rtpTimestamp());
        ByteBuf first = frames.get(1)[1];
        assertEquals(0, frames.get(1)[0].getByte(1));
        assertEquals(Integer.parseInt(info.group(1)), first.getUnsignedShort(2));
        assertEquals(Long.parseLong(info.group(2)), first.getUnsignedInt(4));
        assertEquals(sr.ssrc(), first.getUnsignedInt(8));
        for (int i = 2; i < frames.size(); i++) {
          assertEquals(0, frames.get(i)[0].getByte(1));
          assertEquals((first.getUnsignedShort(2) + i - 1) & 0xffff, frames.get(i)[1].getUnsignedShort(2));
        }
      } finally {
        frames.forEach(f -> { f[0].release(); f[1].release(); });
      }
      assertEquals(Rtsp.Status.METHOD_NOT_VALID_IN_THIS_STATE, handler.answer(ch,
          req("SETUP", url + "/track=video", "CSeq", "8", "Session", session, "Transport", "RTP/AVP/TCP")).status());
      assertEquals(Rtsp.Status.OK, handler.answer(ch, req("GET_PARAMETER", url, "CSeq", "9", "Session", session)).status());
      assertEquals(Rtsp.Status.OK, handler.answer(ch, req("PAUSE", url, "CSeq", "10", "Session", session)).status());
      assertEquals(Rtsp.Status.OK, handler.answer(ch, req("TEARDOWN", url, "CSeq", "11", "Session", session)).status());
      ch.runPendingTasks();
      assertEquals(0, sessions.size());
      // TEARDOWN ended the source with an RTCP BYE (RFC 3550 6.6) after a last sender report.
      List<ByteBuf[]> bye = frames(ch);
      try {
        assertEquals(1, bye.size());
        List<RtcpPacket> compound = Rtcp.parse(bye.get(0)[1]);
        assertTrue(compound.get(0) instanceof RtcpPacket.SenderReport, compound.toString());
        long ssrc = ((RtcpPacket.SenderReport) compound.get(0)).ssrc();
        assertTrue(compound.get(compound.size() - 1) instanceof RtcpPacket.Goodbye g && g.ssrcs().equals(List.of(ssrc)),
            compound.toString());
      } finally {
        bye.forEach(f -> { f[0].release(); f[1].release(); });
      }
      assertEquals(Rtsp.Status.SESSION_NOT_FOUND,
          handler.answer(ch, req("PLAY", url, "CSeq", "12", "Session", session)).status());
      ch.finishAndReleaseAll();
    }
  }

  @Test
  void anEndedStreamEndsThePlayingSessionWithBye() throws Exception {
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
      RtspResponse setup = handler.answer(ch,
          req("SETUP", url + "/track=video", "CSeq", "1", "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"));
      String session = setup.header(Rtsp.SESSION).split(";")[0];
      RtspResponse play = handler.answer(ch, req("PLAY", url, "CSeq", "2", "Session", session));
      play.sent();
      frames(ch).forEach(f -> { f[0].release(); f[1].release(); });
      assertTrue(ch.isActive());
      t.end(); // the encoder ended its track: nothing more will come
      ch.runPendingTasks();
      List<ByteBuf[]> bye = frames(ch);
      try {
        assertEquals(1, bye.size());
        List<RtcpPacket> compound = Rtcp.parse(bye.get(0)[1]);
        assertTrue(compound.get(compound.size() - 1) instanceof RtcpPacket.Goodbye g
            && Rtsp.BYE_END_OF_STREAM.equals(g.reason()), compound.toString());
      } finally {
        bye.forEach(f -> { f[0].release(); f[1].release(); });
      }
      assertTrue(!ch.isActive(), "the interleaved connection ends with its session");
      ch.finishAndReleaseAll();
    }
  }

  /** The first sample's decode time and the samples' total duration of a stored fragment. */
  private static long[] span(ByteBuf chunk, io.livepoint.media.cmaf.TrackInfo info) throws Exception {
    List<io.livepoint.media.cmaf.Sample> samples = io.livepoint.media.cmaf.SampleReader.read(chunk, info);
    long first = samples.get(0).decodeTime();
    long duration = samples.stream().mapToLong(io.livepoint.media.cmaf.Sample::duration).sum();
    samples.forEach(io.livepoint.media.cmaf.Sample::release);
    return new long[] {first, duration};
  }

  @Test
  void playStartsAtTheNewestGopOfTheNewestSegment() throws Exception {
    Path dir = Shared.path("testdata/cmaf/livesim2-testpic_2s/V300");
    try (StreamRegistry registry = new StreamRegistry(Clock.SYSTEM)) {
      LiveStream stream = registry.getOrCreate("cam");
      ByteBuf init = Unpooled.wrappedBuffer(Files.readAllBytes(dir.resolve("init.mp4")));
      Track t = stream.track("video");
      io.livepoint.media.cmaf.TrackInfo info = CmafHeader.parse(init);
      t.setHeader(new TrackHeader(init, info));
      ByteBuf gop1 = Unpooled.wrappedBuffer(Files.readAllBytes(dir.resolve("1.m4s")));
      ByteBuf gop2 = Unpooled.wrappedBuffer(Files.readAllBytes(dir.resolve("2.m4s")));
      long[] s1 = span(gop1, info);
      long[] s2 = span(gop2, info);
      // One segment of two GOPs, each an independent chunk.
      t.append(new Chunk(gop1, s1[0], s1[1], true, 1, 0, null), true, false);
      t.append(new Chunk(gop2, s2[0], s2[1], true, 2, 0, null), Track.Cut.CONTINUE, false);
      assertEquals(1, t.segments().size());
      SessionTable sessions = new SessionTable();
      RtspConfig config = new RtspConfig("127.0.0.1", 0, Duration.ofSeconds(30), RtspConfig.DEFAULT_MAX_QUEUED);
      RtspHandler handler = new RtspHandler(registry, sessions, config, Clock.SYSTEM, null, null);
      EmbeddedChannel ch = new EmbeddedChannel(handler);
      String url = "rtsp://127.0.0.1/cam";
      RtspResponse setup = handler.answer(ch,
          req("SETUP", url + "/track=video", "CSeq", "1", "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1"));
      String session = setup.header(Rtsp.SESSION).split(";")[0];
      RtspResponse play = handler.answer(ch, req("PLAY", url, "CSeq", "2", "Session", session));
      play.sent();
      List<ByteBuf[]> frames = frames(ch);
      try {
        long first = -1;
        long last = -1;
        int packets = 0;
        for (ByteBuf[] f : frames) {
          if (f[0].getByte(1) == 0) {
            long ts = f[1].getUnsignedInt(4);
            first = first < 0 ? ts : first;
            last = ts;
            packets++;
          }
        }
        // Only the second GOP went out: the RTP timestamps (90 kHz) span less than it.
        long gop = s2[1] * 90000 / info.timescale();
        assertTrue(packets > 10, packets + " packets");
        long spanned = (last - first) & 0xffffffffL;
        assertTrue(spanned < gop, "sent " + spanned + " ticks of RTP time, a GOP is " + gop);
        assertTrue(spanned > gop / 2, "sent " + spanned + " ticks of RTP time, a GOP is " + gop);
      } finally {
        frames.forEach(f -> { f[0].release(); f[1].release(); });
      }
      ch.finishAndReleaseAll();
    }
  }

  /** The interleaved frames written so far: each a 4-byte $ header and its packet. */
  private static List<ByteBuf[]> frames(EmbeddedChannel ch) {
    List<ByteBuf[]> out = new ArrayList<>();
    Object o;
    while ((o = ch.readOutbound()) != null) {
      ByteBuf header = (ByteBuf) o;
      assertEquals(4, header.readableBytes());
      assertEquals('$', header.getByte(0));
      ByteBuf packet = (ByteBuf) ch.readOutbound();
      assertEquals(header.getUnsignedShort(2), packet.readableBytes());
      out.add(new ByteBuf[] {header, packet});
    }
    return out;
  }
}
