package io.livepoint.rtsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The pieces of RTSP over HTTP: the POST body's streaming base64 and the /rtsp/ mount of request URIs. */
class TunnelCodecTest {
  private static byte[] decode(Base64Stream d, byte[][] pieces) throws Exception {
    ByteBuf out = Unpooled.buffer();
    try {
      for (byte[] p : pieces) {
        ByteBuf in = Unpooled.wrappedBuffer(p);
        d.decode(in, out);
        assertEquals(0, in.readableBytes());
      }
      return ByteBufUtil.getBytes(out);
    } finally {
      out.release();
    }
  }

  @Test
  void requestsEncodedOneByOneDecodeWhereverThePiecesAreCut() throws Exception {
    String a = "OPTIONS rtsp://h/rtsp/cam RTSP/1.0\r\nCSeq: 1\r\n\r\n";
    String b = "DESCRIBE rtsp://h/rtsp/cam RTSP/1.0\r\nCSeq: 22\r\n\r\n";
    byte[] wire = (Base64.getEncoder().encodeToString(a.getBytes(StandardCharsets.US_ASCII)) + "\r\n"
        + Base64.getMimeEncoder().encodeToString(b.getBytes(StandardCharsets.US_ASCII))).getBytes(StandardCharsets.US_ASCII);
    byte[] expected = (a + b).getBytes(StandardCharsets.US_ASCII);
    for (int cut = 0; cut <= wire.length; cut++) {
      byte[] p1 = java.util.Arrays.copyOfRange(wire, 0, cut);
      byte[] p2 = java.util.Arrays.copyOfRange(wire, cut, wire.length);
      assertArrayEquals(expected, decode(new Base64Stream(), new byte[][] {p1, p2}), "cut at " + cut);
    }
  }

  @Test
  void fuzzedBodiesDecodeOrFailWithTheDocumentedException() {
    Random random = new Random(6);
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=\r\n";
    for (int i = 0; i < 2000; i++) {
      byte[] body = new byte[random.nextInt(64)];
      for (int j = 0; j < body.length; j++) {
        body[j] = random.nextInt(10) == 0 ? (byte) random.nextInt(256) : (byte) alphabet.charAt(random.nextInt(alphabet.length()));
      }
      try {
        decode(new Base64Stream(), new byte[][] {body});
      } catch (Base64Stream.Base64Exception expected) {
        // the one documented failure
      } catch (Exception e) {
        throw new AssertionError("body " + java.util.HexFormat.of().formatHex(body), e);
      }
    }
    assertThrows(Base64Stream.Base64Exception.class, () -> decode(new Base64Stream(), new byte[][] {"QU*=".getBytes()}));
  }

  @Test
  void theMountIsDroppedFromRequestUris() {
    TunnelMount m = new TunnelMount(HttpTunnel.ROUTE);
    assertEquals("rtsp://h:8080/cam", m.unmount("rtsp://h:8080/rtsp/cam"));
    assertEquals("rtsp://h:8080/cam/track=video", m.unmount("rtsp://h:8080/rtsp/cam/track=video"));
    assertEquals("rtsp://h:8080/cam/track=audio", m.unmount("rtsp://h:8080/cam/track=audio"));
    assertEquals("/cam", m.unmount("/rtsp/cam"));
    assertEquals("*", m.unmount("*"));
    assertEquals("rtsp://h", m.unmount("rtsp://h"));
    assertEquals("rtsp://h/rtspcam", m.unmount("rtsp://h/rtspcam"));
  }
}
