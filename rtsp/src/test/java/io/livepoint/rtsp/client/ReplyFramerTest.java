package io.livepoint.rtsp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.livepoint.rtsp.InterleavedFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ReplyFramerTest {
  static final String REPLIES = "RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\nWWW-Authenticate: Basic realm=\"a\"\r\n"
      + "WWW-Authenticate: Digest realm=\"a\", nonce=\"n\"\r\n\r\n"
      + "RTSP/1.0 200 OK\r\nCSeq: 3\r\nContent-Length: 5\r\n\r\nv=0\r\n"
      + "GET_PARAMETER rtsp://c/ RTSP/1.0\r\nCSeq: 9\r\n\r\n";

  @Test
  void framesRepliesInterleavedDataAndSkipsServerRequestsAcrossAnySplit() {
    byte[] bytes = (REPLIES + "$\u0001\u0000\u0003abc").getBytes(StandardCharsets.ISO_8859_1);
    for (int split = 1; split < bytes.length; split++) {
      EmbeddedChannel ch = new EmbeddedChannel(new ReplyFramer());
      ch.writeInbound(Unpooled.wrappedBuffer(bytes, 0, split));
      ch.writeInbound(Unpooled.wrappedBuffer(bytes, split, bytes.length - split));
      RtspReply a = ch.readInbound();
      assertEquals(401, a.status());
      assertEquals(2, a.all("www-authenticate").size());
      RtspReply b = ch.readInbound();
      assertEquals(200, b.status());
      assertEquals("v=0\r\n", b.body());
      InterleavedFrame f = ch.readInbound();
      assertEquals(1, f.channel());
      assertEquals("abc", f.content().toString(StandardCharsets.US_ASCII));
      f.release();
      assertEquals(null, (Object) ch.readInbound());
      ch.finishAndReleaseAll();
    }
  }

  /** Mutated and truncated replies yield replies, frames or a DecoderException, never another failure or a leak. */
  @Test
  void fuzzedInputOnlyFailsWithDecoderException() {
    byte[] base = (REPLIES + "$\u0000\u0000\u0002xy").getBytes(StandardCharsets.ISO_8859_1);
    Random random = new Random(6_2326);
    for (int round = 0; round < 3000; round++) {
      byte[] b = base.clone();
      int len = random.nextInt(b.length + 1);
      for (int i = random.nextInt(6); i > 0; i--) {
        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
      }
      EmbeddedChannel ch = new EmbeddedChannel(new ReplyFramer());
      try {
        ch.writeInbound(Unpooled.wrappedBuffer(b, 0, len));
      } catch (DecoderException expected) {
        // the documented failure
      }
      for (Object m = ch.readInbound(); m != null; m = ch.readInbound()) {
        if (!(m instanceof RtspReply)) {
          assertInstanceOf(InterleavedFrame.class, m);
        }
        ReferenceCountUtil.release(m);
      }
      try {
        ch.finishAndReleaseAll();
      } catch (DecoderException expected) {
        // the documented failure, raised again when the connection ends
        ch.releaseInbound();
      }
    }
  }

  @Test
  void malformedStatusLineFails() {
    EmbeddedChannel ch = new EmbeddedChannel(new ReplyFramer());
    ByteBuf in = Unpooled.copiedBuffer("RTSP/1.0 abc OK\r\n\r\n", StandardCharsets.US_ASCII);
    try {
      ch.writeInbound(in);
      org.junit.jupiter.api.Assertions.fail("accepted a non-numeric status");
    } catch (DecoderException expected) {
      assertEquals(true, expected.getMessage().contains("malformed status line"));
    }
    ch.finishAndReleaseAll();
  }
}
