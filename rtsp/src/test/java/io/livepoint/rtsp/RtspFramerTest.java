package io.livepoint.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCountUtil;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RtspFramerTest {
  private static final String DESCRIBE = "DESCRIBE rtsp://h:8554/demo RTSP/1.0\r\nCSeq: 2\r\nAccept: application/sdp\r\n\r\n";
  private static final String SET_PARAMETER =
      "SET_PARAMETER rtsp://h/demo RTSP/1.0\r\nCSeq: 3\r\nContent-Length: 5\r\nsession: ABC;timeout=60\r\n\r\nx: yz";

  private static byte[] stream() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.writeBytes(DESCRIBE.getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(new byte[] {'$', 1, 0, 3, (byte) 0x80, (byte) 0xc9, 0}); // an RTCP frame on channel 1
    b.writeBytes(SET_PARAMETER.getBytes(StandardCharsets.US_ASCII));
    b.writeBytes(new byte[] {'$', 0, 0, 0}); // empty frame on channel 0
    return b.toByteArray();
  }

  /** Feeds {@code bytes} cut at {@code cuts} and returns every message framed. */
  private static List<Object> frame(byte[] bytes, int... cuts) {
    EmbeddedChannel ch = new EmbeddedChannel(new RtspFramer());
    int at = 0;
    for (int cut : cuts) {
      ch.writeInbound(Unpooled.wrappedBuffer(bytes, at, cut - at));
      at = cut;
    }
    ch.writeInbound(Unpooled.wrappedBuffer(bytes, at, bytes.length - at));
    List<Object> out = new ArrayList<>();
    Object m;
    while ((m = ch.readInbound()) != null) {
      out.add(m);
    }
    ch.finishAndReleaseAll();
    return out;
  }

  private static void check(List<Object> out) {
    try {
      assertEquals(4, out.size(), out.toString());
      RtspRequest d = assertInstanceOf(RtspRequest.class, out.get(0));
      assertEquals(Rtsp.Method.DESCRIBE, d.method());
      assertEquals("rtsp://h:8554/demo", d.uri());
      assertEquals("2", d.cseq());
      InterleavedFrame f = assertInstanceOf(InterleavedFrame.class, out.get(1));
      assertEquals(1, f.channel());
      assertEquals(3, f.content().readableBytes());
      RtspRequest s = assertInstanceOf(RtspRequest.class, out.get(2));
      assertEquals(Rtsp.Method.SET_PARAMETER, s.method());
      assertEquals("ABC", s.sessionId());
      assertEquals("x: yz", s.bodyText());
      InterleavedFrame empty = assertInstanceOf(InterleavedFrame.class, out.get(3));
      assertEquals(0, empty.content().readableBytes());
    } finally {
      out.forEach(ReferenceCountUtil::release);
    }
  }

  @Test
  void framesRequestsAndInterleavedFramesSplitAnywhere() {
    byte[] bytes = stream();
    check(frame(bytes));
    for (int cut = 1; cut < bytes.length; cut++) {
      check(frame(bytes, cut));
    }
    int[] each = new int[bytes.length - 1];
    for (int i = 0; i < each.length; i++) {
      each[i] = i + 1;
    }
    check(frame(bytes, each));
  }

  @Test
  void garbageIsRejectedOnceWith400() {
    List<Object> out = frame("HELLO\r\n\r\nDESCRIBE x RTSP/1.0\r\nCSeq: 1\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals(1, out.size(), out.toString());
    assertEquals(Rtsp.Status.BAD_REQUEST, assertInstanceOf(RtspParseException.class, out.get(0)).status());
    List<Object> big = frame(("OPTIONS * RTSP/1.0\r\nX: " + "a".repeat(RtspFramer.MAX_HEAD)).getBytes(StandardCharsets.US_ASCII));
    assertEquals(Rtsp.Status.REQUEST_ENTITY_TOO_LARGE, assertInstanceOf(RtspParseException.class, big.get(0)).status());
    List<Object> badLength = frame("OPTIONS * RTSP/1.0\r\nCSeq: 1\r\nContent-Length: -4\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    assertEquals(Rtsp.Status.BAD_REQUEST, assertInstanceOf(RtspParseException.class, badLength.get(0)).status());
  }

  /** Seeded mutations and truncations yield only requests, frames or one RtspParseException. */
  @Test
  void fuzzedInputYieldsOnlyDocumentedOutcomes() {
    Random random = new Random(0x5eed);
    byte[] base = stream();
    for (int round = 0; round < 3000; round++) {
      byte[] b = base.clone();
      int mutations = 1 + random.nextInt(8);
      for (int i = 0; i < mutations; i++) {
        b[random.nextInt(b.length)] = (byte) random.nextInt(256);
      }
      int length = random.nextInt(4) == 0 ? random.nextInt(b.length + 1) : b.length;
      byte[] cut = java.util.Arrays.copyOf(b, length);
      int split = cut.length == 0 ? 0 : random.nextInt(cut.length + 1);
      List<Object> out = frame(cut, split);
      int failures = 0;
      for (Object m : out) {
        assertTrue(m instanceof RtspRequest || m instanceof InterleavedFrame || m instanceof RtspParseException,
            String.valueOf(m));
        if (m instanceof RtspParseException) {
          failures++;
        }
        ReferenceCountUtil.release(m);
      }
      assertTrue(failures <= 1);
      if (failures == 1) {
        assertInstanceOf(RtspParseException.class, out.get(out.size() - 1), "nothing is framed after a rejection");
      }
    }
  }

  @Test
  void interleavedFrameIsARetainedSliceReleasedWithTheFrame() {
    EmbeddedChannel ch = new EmbeddedChannel(new RtspFramer());
    ByteBuf in = Unpooled.buffer().writeBytes(new byte[] {'$', 0, 0, 2, 7, 9});
    ch.writeInbound(in);
    InterleavedFrame f = ch.readInbound();
    assertEquals(7, f.content().getByte(0));
    f.release();
    assertEquals(0, in.refCnt());
    ch.finishAndReleaseAll();
  }
}
