package io.livepoint.push;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class DashWsCodecTest {
  private static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

  private static ByteBuf bytes(String s) {
    ByteBuf b = ALLOC.buffer();
    b.writeCharSequence(s, StandardCharsets.UTF_8);
    return b;
  }

  @Test
  void segmentReceivedRoundTripsWithItsPayloadUncopied() throws Exception {
    ByteBuf payload = bytes("moof+mdat");
    DashWsMessage m = new DashWsMessage(DashWsMessage.Type.SEGMENT_RECEIVED, 0x80000001L, "video/7.m4s", null,
        "urn:mpeg:dash:fdh:2016:push-next;2", 200, "video/mp4", true, null, payload);
    ByteBuf frame = DashWsCodec.encode(ALLOC, m);
    try {
      assertEquals(0x82, frame.getUnsignedByte(0));
      assertEquals(0x80000001L, frame.getUnsignedInt(1));
      String json = frame.toString(9, (int) frame.getUnsignedInt(5), StandardCharsets.UTF_8);
      assertEquals("{\"url\":\"video/7.m4s\",\"pushAck\":\"urn:mpeg:dash:fdh:2016:push-next;2\",\"status\":200,"
          + "\"contentType\":\"video/mp4\",\"last\":true}", json);
      DashWsMessage d = DashWsCodec.decode(frame);
      try {
        assertEquals(DashWsMessage.Type.SEGMENT_RECEIVED, d.type());
        assertEquals(0x80000001L, d.streamId());
        assertEquals("video/7.m4s", d.url());
        assertEquals(200, d.status());
        assertTrue(d.last());
        assertNull(d.pushDirective());
        assertEquals("moof+mdat", d.payload().toString(StandardCharsets.UTF_8));
      } finally {
        d.release();
      }
    } finally {
      frame.release();
    }
    assertEquals(0, payload.refCnt(), "the frame owned the payload");
  }

  @Test
  void requestsCarryTheirDirective() throws Exception {
    ByteBuf frame = DashWsCodec.encode(ALLOC, DashWsCodec.message(DashWsMessage.Type.SEGMENT_REQUEST, 5,
        "audio/\"x\"\\1.m4s\n", "urn:mpeg:dash:fdh:2016:push-next;3"));
    DashWsMessage d = DashWsCodec.decode(frame);
    frame.release();
    assertEquals("audio/\"x\"\\1.m4s\n", d.url());
    assertEquals("urn:mpeg:dash:fdh:2016:push-next;3", d.pushDirective());
    assertFalse(d.payload().isReadable());
    d.release();
  }

  @Test
  void readsJsonAnotherWriterProduced() throws Exception {
    byte[] json = " { \"url\" : \"a\\u00e9\\/b\", \"extra\": null, \"n\": -3, \"ok\": false } ".getBytes(StandardCharsets.UTF_8);
    ByteBuf frame = Unpooled.buffer().writeByte(0x01).writeInt(9).writeInt(json.length).writeBytes(json);
    DashWsMessage d = DashWsCodec.decode(frame);
    assertEquals("a\u00e9/b", d.url());
    assertEquals(DashWsMessage.Type.MPD_REQUEST, d.type());
    d.release();
  }

  @Test
  void rejectsBadMessages() {
    List<String> jsons = List.of("", "{", "{}", "{\"url\":1}", "{\"url\":\"a\",}", "{\"url\":\"a\"} x",
        "{\"url\":\"a\",\"url\":\"b\"}", "{\"url\":[\"a\"]}", "{\"url\":\"a\",\"status\":1.5}", "{\"url\":\"\\q\"}");
    for (String j : jsons) {
      byte[] b = j.getBytes(StandardCharsets.UTF_8);
      ByteBuf frame = Unpooled.buffer().writeByte(0x02).writeInt(1).writeInt(b.length).writeBytes(b);
      assertThrows(DashWsFormatException.class, () -> DashWsCodec.decode(frame), j);
    }
    assertThrows(DashWsFormatException.class, () -> DashWsCodec.decode(Unpooled.wrappedBuffer(new byte[] {1, 0, 0})));
    ByteBuf unknown = Unpooled.buffer().writeByte(0x7f).writeInt(1).writeInt(2).writeBytes("{}".getBytes(StandardCharsets.UTF_8));
    assertThrows(DashWsFormatException.class, () -> DashWsCodec.decode(unknown));
    byte[] noStatus = "{\"url\":\"v/1.m4s\"}".getBytes(StandardCharsets.UTF_8);
    ByteBuf received = Unpooled.buffer().writeByte(0x82).writeInt(1).writeInt(noStatus.length).writeBytes(noStatus);
    assertThrows(DashWsFormatException.class, () -> DashWsCodec.decode(received));
  }

  /** Mutations and truncations of valid messages decode or yield DashWsFormatException; nothing leaks. */
  @Test
  void fuzzOnlyYieldsTheDocumentedException() {
    List<DashWsMessage> seeds = List.of(
        DashWsCodec.message(DashWsMessage.Type.MPD_REQUEST, 1, "index.mpd", "urn:mpeg:dash:fdh:2016:fast-start;2"),
        DashWsCodec.message(DashWsMessage.Type.SEGMENT_CANCEL, 7, null, null),
        new DashWsMessage(DashWsMessage.Type.SEGMENT_RECEIVED, 3, "v/1.m4s", null, null, 200, "video/mp4", false, null,
            Unpooled.wrappedBuffer(new byte[] {0, 0, 0, 8, 'm', 'd', 'a', 't'})),
        new DashWsMessage(DashWsMessage.Type.END_OF_STREAM, 0, null, null, null, -1, null, false, "stream \u00e9nded",
            Unpooled.EMPTY_BUFFER));
    List<byte[]> encoded = seeds.stream().map(m -> {
      ByteBuf f = DashWsCodec.encode(Unpooled.buffer().alloc(), m);
      byte[] b = ByteBufUtil.getBytes(f);
      f.release();
      return b;
    }).toList();
    Random r = new Random(2300968);
    int decoded = 0;
    for (int i = 0; i < 30_000; i++) {
      byte[] b = encoded.get(r.nextInt(encoded.size())).clone();
      int len = b.length;
      for (int e = 0, n = 1 + r.nextInt(3); e < n; e++) {
        switch (r.nextInt(3)) {
          case 0 -> len = r.nextInt(len + 1);
          case 1 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
          default -> b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        }
      }
      ByteBuf frame = ALLOC.buffer(len).writeBytes(b, 0, len);
      try {
        DashWsMessage m = DashWsCodec.decode(frame);
        decoded++;
        ByteBuf again = DashWsCodec.encode(ALLOC, m);
        DashWsMessage back;
        try {
          back = DashWsCodec.decode(again);
        } catch (DashWsFormatException ex) {
          throw new AssertionError("re-encoded message does not decode", ex);
        }
        assertEquals(m.url(), back.url());
        assertArrayEquals(ByteBufUtil.getBytes(m.payload()), ByteBufUtil.getBytes(back.payload()));
        back.release();
        again.release();
      } catch (DashWsFormatException expected) {
        // the documented outcome
      } finally {
        frame.release();
      }
    }
    System.out.println("fuzz: " + decoded + " of 30000 mutated messages still decoded");
  }
}
