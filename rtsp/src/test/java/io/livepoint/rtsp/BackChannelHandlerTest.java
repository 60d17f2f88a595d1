package io.livepoint.rtsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Chunk;
import io.livepoint.core.Clock;
import io.livepoint.core.LiveStream;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.Track;
import io.livepoint.core.TrackHeader;
import io.livepoint.media.cmaf.CmafHeader;
import io.livepoint.rtsp.backchannel.BackChannel;
import io.livepoint.testkit.Shared;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The ONVIF audio back channel through the handler: SDP, SETUP, PLAY, interleaved PCMU into the .au file. */
class BackChannelHandlerTest {
  private static final String URL = "rtsp://127.0.0.1/cam";
  private static final String REQUIRE = "Require: www.onvif.org/ver20/backchannel\r\n";

  private static StreamRegistry registry() throws Exception {
    Path dir = Shared.path("testdata/cmaf/livesim2-testpic_2s/V300");
    StreamRegistry registry = new StreamRegistry(Clock.SYSTEM);
    LiveStream stream = registry.getOrCreate("cam");
    ByteBuf init = Unpooled.wrappedBuffer(Files.readAllBytes(dir.resolve("init.mp4")));
    Track t = stream.track("video");
    t.setHeader(new TrackHeader(init, CmafHeader.parse(init)));
    t.append(new Chunk(Unpooled.wrappedBuffer(Files.readAllBytes(dir.resolve("1.m4s"))), 0, 1000, true, 1, 0, null),
        true, false);
    return registry;
  }

  /** Sends a request, returns the response text; media frames written meanwhile are released. */
  private static String send(EmbeddedChannel ch, String request) {
    ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8));
    StringBuilder out = new StringBuilder();
    for (Object o; (o = ch.readOutbound()) != null; ) {
      ByteBuf b = (ByteBuf) o;
      out.append(b.toString(StandardCharsets.ISO_8859_1));
      b.release();
    }
    int at = out.indexOf(Rtsp.VERSION + " ");
    return at < 0 ? "" : out.substring(at);
  }

  private static EmbeddedChannel channel(StreamRegistry registry, BackChannel back) {
    RtspConfig config = new RtspConfig("127.0.0.1", 0, Duration.ofSeconds(30), RtspConfig.DEFAULT_MAX_QUEUED);
    return new EmbeddedChannel(new RtspFramer(),
        new RtspHandler(registry, new SessionTable(), config, Clock.SYSTEM, null, null).backChannel(back));
  }

  @Test
  void disabledAnswers551WithUnsupported() throws Exception {
    try (StreamRegistry registry = registry()) {
      EmbeddedChannel ch = channel(registry, null);
      String r = send(ch, "DESCRIBE " + URL + " RTSP/1.0\r\nCSeq: 1\r\n" + REQUIRE + "\r\n");
      assertTrue(r.startsWith("RTSP/1.0 551 Option not supported\r\n"), r);
      assertTrue(r.contains("Unsupported: www.onvif.org/ver20/backchannel\r\n"), r);
      ch.finishAndReleaseAll();
    }
  }

  @Test
  void pcmuSentInterleavedEndsUpInTheAuFile(@TempDir Path dir) throws Exception {
    BackChannel back = BackChannel.of("file:" + dir, Clock.SYSTEM);
    byte[] sent;
    try (StreamRegistry registry = registry()) {
      EmbeddedChannel ch = channel(registry, back);
      String unknown = send(ch, "DESCRIBE " + URL + " RTSP/1.0\r\nCSeq: 1\r\nRequire: x.example/other, "
          + "www.onvif.org/ver20/backchannel\r\n\r\n");
      assertTrue(unknown.startsWith("RTSP/1.0 551 ") && unknown.contains("Unsupported: x.example/other\r\n"), unknown);
      String plain = send(ch, "DESCRIBE " + URL + " RTSP/1.0\r\nCSeq: 2\r\n\r\n");
      assertTrue(!plain.contains("sendonly") && !plain.contains("recvonly"), plain);
      String d = send(ch, "DESCRIBE " + URL + " RTSP/1.0\r\nCSeq: 3\r\n" + REQUIRE + "\r\n");
      assertTrue(d.startsWith("RTSP/1.0 200 OK"), d);
      String sdp = d.substring(d.indexOf("v=0"));
      // ONVIF Streaming 5.3.2: the server's media recvonly, the back channel last and sendonly, PCMU and PCMA offered
      assertTrue(sdp.matches("(?s).*m=video [^\r]*\r\n(.*\r\n)?a=recvonly\r\n"
          + "m=audio 0 RTP/AVP 0 8\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=control:track=backchannel\r\n"
          + "a=sendonly\r\n"), sdp);
      String setupVideo = send(ch, "SETUP " + URL + "/track=video RTSP/1.0\r\nCSeq: 4\r\n" + REQUIRE
          + "Transport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n");
      Matcher m = Pattern.compile("Session: ([0-9A-F]+);timeout=30").matcher(setupVideo);
      assertTrue(m.find(), setupVideo);
      String session = m.group(1);
      String setupBack = send(ch, "SETUP " + URL + "/track=backchannel RTSP/1.0\r\nCSeq: 5\r\n" + REQUIRE
          + "Session: " + session + "\r\nTransport: RTP/AVP/TCP;unicast;interleaved=0-1\r\n\r\n");
      assertTrue(setupBack.startsWith("RTSP/1.0 200 OK"), setupBack);
      assertTrue(setupBack.contains("Transport: RTP/AVP/TCP;unicast;interleaved=2-3\r\n"), "0-1 is taken: " + setupBack);
      String again = send(ch, "SETUP " + URL + "/track=backchannel RTSP/1.0\r\nCSeq: 5\r\n" + REQUIRE
          + "Session: " + session + "\r\nTransport: RTP/AVP/TCP;unicast\r\n\r\n");
      assertTrue(again.startsWith("RTSP/1.0 455 "), "one back channel per session: " + again);
      // Before PLAY the client must not send (ONVIF Streaming 5.3.2): such packets are not taken.
      ch.writeInbound(frame(2, packet(0, 1, 0, new byte[] {1, 2, 3})));
      assertTrue(send(ch, "PLAY " + URL + " RTSP/1.0\r\nCSeq: 6\r\n" + REQUIRE + "Session: " + session + "\r\n\r\n")
          .startsWith("RTSP/1.0 200 OK"));
      Random random = new Random(7);
      ByteArrayOutputStream expected = new ByteArrayOutputStream();
      int seq = 100;
      long ts = 5000;
      for (int i = 0; i < 50; i++) {
        byte[] samples = new byte[160];
        random.nextBytes(samples);
        expected.write(samples);
        ch.writeInbound(frame(2, packet(0, seq++, ts, samples)));
        ts += 160;
      }
      // a packet of a type not offered, and RTCP on channel 3: dropped, no harm
      ch.writeInbound(frame(2, packet(96, seq, ts, new byte[] {9, 9})));
      ch.writeInbound(frame(3, Unpooled.wrappedBuffer(new byte[] {(byte) 0x80, (byte) 201, 0, 1, 0, 0, 0, 1})));
      sent = expected.toByteArray();
      assertTrue(send(ch, "TEARDOWN " + URL + " RTSP/1.0\r\nCSeq: 7\r\n" + REQUIRE + "Session: " + session + "\r\n\r\n")
          .startsWith("RTSP/1.0 200 OK"));
      ch.runPendingTasks();
      ch.finishAndReleaseAll();
    } finally {
      back.close(); // waits for the writer
    }
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.toList();
    }
    assertEquals(1, files.size(), files.toString());
    assertTrue(files.get(0).getFileName().toString().matches("cam-\\d{8}T\\d{6}Z-[0-9A-F]{16}\\.au"), files.toString());
    byte[] au = Files.readAllBytes(files.get(0));
    ByteBuffer h = ByteBuffer.wrap(au);
    assertEquals(0x2e736e64, h.getInt(0), ".snd");
    assertEquals(24, h.getInt(4), "data offset");
    assertEquals(sent.length, h.getInt(8), "data size completed at close");
    assertEquals(1, h.getInt(12), "8-bit mu-law");
    assertEquals(8000, h.getInt(16));
    assertEquals(1, h.getInt(20));
    assertArrayEquals(sent, java.util.Arrays.copyOfRange(au, 24, au.length), "the samples as sent");
  }

  static ByteBuf packet(int pt, int seq, long ts, byte[] payload) {
    ByteBuf b = Unpooled.buffer();
    b.writeByte(0x80).writeByte(pt).writeShort(seq).writeInt((int) ts).writeInt(0x1234).writeBytes(payload);
    return b;
  }

  static ByteBuf frame(int channel, ByteBuf packet) {
    ByteBuf b = Unpooled.buffer();
    b.writeByte('$').writeByte(channel).writeShort(packet.readableBytes()).writeBytes(packet);
    packet.release();
    return b;
  }
}
