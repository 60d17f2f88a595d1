package io.livepoint.rtsp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.DecoderException;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** What one WebSocket message carries: exactly one RTSP response or interleaved frame, however the bytes came. */
class RtspMessageSplitterTest {
  @Test
  void splitsResponsesAndFramesAtAnyChunking() throws Exception {
    Random random = new Random(11);
    List<byte[]> messages = new ArrayList<>();
    messages.add("RTSP/1.0 200 OK\r\nCSeq: 1\r\nPublic: OPTIONS\r\n\r\n".getBytes(StandardCharsets.UTF_8));
    String sdp = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=x\r\n";
    messages.add(("RTSP/1.0 200 OK\r\nCSeq: 2\r\nContent-Type: application/sdp\r\ncontent-length: " + sdp.length()
        + "\r\n\r\n" + sdp).getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < 40; i++) {
      byte[] payload = new byte[random.nextInt(i == 0 ? 1 : 1500)];
      random.nextBytes(payload);
      byte[] f = new byte[4 + payload.length];
      f[0] = '$';
      f[1] = (byte) (i % 4);
      f[2] = (byte) (payload.length >> 8);
      f[3] = (byte) payload.length;
      System.arraycopy(payload, 0, f, 4, payload.length);
      messages.add(f);
    }
    messages.add("RTSP/1.0 200 OK\r\nCSeq: 3\r\nSession: AB;timeout=60\r\n\r\n".getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] m : messages) {
      all.write(m);
    }
    byte[] stream = all.toByteArray();
    for (int round = 0; round < 20; round++) {
      EmbeddedChannel ch = new EmbeddedChannel(new RtspMessageSplitter());
      for (int at = 0; at < stream.length; ) {
        int n = Math.min(stream.length - at, 1 + random.nextInt(round % 2 == 0 ? 7 : 3000));
        ch.writeInbound(Unpooled.wrappedBuffer(stream, at, n));
        at += n;
      }
      for (byte[] want : messages) {
        ByteBuf got = ch.readInbound();
        byte[] b = new byte[got.readableBytes()];
        got.readBytes(b);
        got.release();
        assertArrayEquals(want, b);
      }
      assertNull(ch.readInbound());
      ch.finishAndReleaseAll();
    }
  }

  @Test
  void aHeadWithoutEndIsAnError() {
    EmbeddedChannel ch = new EmbeddedChannel(new RtspMessageSplitter());
    byte[] junk = new byte[RtspMessageSplitter.MAX_HEAD + 10];
    java.util.Arrays.fill(junk, (byte) 'a');
    assertThrows(DecoderException.class, () -> ch.writeInbound(Unpooled.wrappedBuffer(junk)));
    ch.finishAndReleaseAll();
  }
}
