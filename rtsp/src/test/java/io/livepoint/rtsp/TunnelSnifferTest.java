package io.livepoint.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/** The RTSP port's first-bytes switch between plain RTSP and the two halves of an HTTP tunnel. */
class TunnelSnifferTest {
  private static ByteBuf ascii(String s) {
    return Unpooled.copiedBuffer(s, StandardCharsets.ISO_8859_1);
  }

  private static String text(Object o) {
    ByteBuf b = (ByteBuf) o;
    try {
      return b.toString(StandardCharsets.ISO_8859_1);
    } finally {
      b.release();
    }
  }

  @Test
  void plainRtspPassesOnEvenWhenItStartsLikePost() {
    EmbeddedChannel ch = new EmbeddedChannel(new TunnelSniffer(new ConcurrentHashMap<>()), new RtspFramer());
    ch.writeInbound(ascii("P"));
    assertTrue(ch.inboundMessages().isEmpty());
    ch.writeInbound(ascii("LAY rtsp://h/cam RTSP/1.0\r\nCSeq: 3\r\n\r\n"));
    RtspRequest r = ch.readInbound();
    assertEquals("PLAY", r.methodToken());
    assertEquals("3", r.cseq());
    assertFalse(ch.finishAndReleaseAll());
  }

  @Test
  void getThenPostCarryRtspRequests() {
    ConcurrentHashMap<String, Channel> tunnels = new ConcurrentHashMap<>();
    EmbeddedChannel get = new EmbeddedChannel(new TunnelSniffer(tunnels), new RtspFramer());
    get.writeInbound(ascii("GET /cam HTTP/1.1\r\nX-SessionCookie: c00kie\r\nAccept: application/x-rtsp-tunnelled\r\n\r\n"));
    String head = text(get.readOutbound());
    assertTrue(head.startsWith("HTTP/1.0 200 OK\r\n") && head.contains("Content-Type: application/x-rtsp-tunnelled"), head);
    assertEquals(get, tunnels.get("c00kie"));

    EmbeddedChannel post = new EmbeddedChannel(new TunnelSniffer(tunnels), new RtspFramer());
    String a = Base64.getEncoder().encodeToString("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    String b = Base64.getEncoder().encodeToString("DESCRIBE rtsp://h/cam RTSP/1.0\r\nCSeq: 2\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    post.writeInbound(ascii("POST /cam HTTP/1.1\r\nx-sessioncookie: c00kie\r\nContent-Length: 32767\r\n\r\n" + a.substring(0, 10)));
    post.writeInbound(ascii(a.substring(10) + b));
    assertTrue(post.inboundMessages().isEmpty(), "the POST half itself carries no RTSP");
    get.runPendingTasks();
    RtspRequest first = get.readInbound();
    RtspRequest second = get.readInbound();
    assertEquals("OPTIONS", first.methodToken());
    assertEquals("DESCRIBE", second.methodToken());
    assertEquals("2", second.cseq());

    post.writeInbound(ascii("not*base64"));
    assertFalse(post.isActive(), "a POST body that is not base64 ends the POST");
    get.close();
    assertTrue(tunnels.isEmpty(), "a closed GET leaves the table");
    get.finishAndReleaseAll();
    post.finishAndReleaseAll();
  }

  @Test
  void tunnelHalvesWithoutCookieOrTunnelAreRefused() {
    ConcurrentHashMap<String, Channel> tunnels = new ConcurrentHashMap<>();
    EmbeddedChannel noCookie = new EmbeddedChannel(new TunnelSniffer(tunnels), new RtspFramer());
    noCookie.writeInbound(ascii("GET /cam HTTP/1.1\r\nHost: h\r\n\r\n"));
    assertTrue(text(noCookie.readOutbound()).startsWith("HTTP/1.0 400 "));
    assertFalse(noCookie.isActive());
    EmbeddedChannel orphan = new EmbeddedChannel(new TunnelSniffer(tunnels), new RtspFramer());
    orphan.writeInbound(ascii("POST /cam HTTP/1.1\r\nx-sessioncookie: none\r\n\r\nT1BU"));
    assertTrue(text(orphan.readOutbound()).startsWith("HTTP/1.0 404 "));
    assertFalse(orphan.isActive());
    noCookie.finishAndReleaseAll();
    orphan.finishAndReleaseAll();
  }

  @Test
  void fuzzedHeadsNeverThrow() {
    Random random = new Random(2326);
    String seed = "GET /cam HTTP/1.1\r\nx-sessioncookie: abc\r\nAccept: application/x-rtsp-tunnelled\r\n\r\n";
    for (int i = 0; i < 1000; i++) {
      byte[] b = seed.getBytes(StandardCharsets.US_ASCII);
      int cut = 4 + random.nextInt(b.length - 4);
      for (int j = 4 + random.nextInt(8); j < cut; j += 1 + random.nextInt(6)) {
        b[j] = (byte) random.nextInt(256);
      }
      ConcurrentHashMap<String, Channel> tunnels = new ConcurrentHashMap<>();
      EmbeddedChannel ch = new EmbeddedChannel(new TunnelSniffer(tunnels), new RtspFramer());
      ch.writeInbound(Unpooled.wrappedBuffer(b, 0, random.nextBoolean() ? cut : b.length));
      ch.finishAndReleaseAll();
    }
  }
}
