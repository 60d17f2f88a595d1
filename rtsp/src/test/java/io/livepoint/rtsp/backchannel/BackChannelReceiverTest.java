package io.livepoint.rtsp.backchannel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.ManualClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BackChannelReceiverTest {
  private final ManualClock clock = new ManualClock(Instant.parse("2026-03-04T05:06:07Z"));

  @Test
  void pcmaOverUdpReorderedAndALostPacketFilledWithSilence(@TempDir Path dir) throws Exception {
    BackChannel back = BackChannel.of("file:" + dir.resolve("sub"), clock);
    BackChannelReceiver r = back.open("door/cam", "ABC");
    assertEquals(dir.resolve("sub").resolve("door_cam-20260304T050607Z-ABC.au"), r.path());
    byte[][] p = new byte[6][];
    Random random = new Random(3);
    for (int i = 0; i < p.length; i++) {
      p[i] = new byte[80];
      random.nextBytes(p[i]);
    }
    // order on the wire: 0 2 1 3 5 (4 lost), then a PCMU packet (type change: dropped) and garbage
    for (int i : new int[] {0, 2, 1, 3, 5}) {
      ByteBuf b = packet(8, 40000 + i, 0xfffffff0L + 80L * i, p[i]);
      r.packet(b, true);
      b.release();
    }
    ByteBuf other = packet(0, 40006, 0xfffffff0L + 480, p[0]);
    r.packet(other, true);
    other.release();
    ByteBuf junk = Unpooled.wrappedBuffer(new byte[] {1, 2, 3});
    r.packet(junk, true);
    junk.release();
    r.close();
    back.close();
    byte[] au = Files.readAllBytes(r.path());
    assertEquals(27, ByteBuffer.wrap(au).getInt(12), "8-bit A-law");
    byte[] silence = new byte[80];
    Arrays.fill(silence, (byte) 0xd5);
    byte[] expected = concat(p[0], p[1], p[2], p[3], silence, p[5]);
    assertEquals(expected.length, ByteBuffer.wrap(au).getInt(8));
    assertArrayEquals(expected, Arrays.copyOfRange(au, 24, au.length), "in order, across the timestamp wrap");
  }

  @Test
  void fuzzedPacketsAreDroppedOrTakenNeverThrown(@TempDir Path dir) throws Exception {
    BackChannel back = BackChannel.of("file:" + dir, clock);
    Random random = new Random(42);
    BackChannelReceiver r = back.open("fuzz", "F");
    java.util.List<ByteBuf> given = new java.util.ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      byte[] payload = new byte[random.nextInt(200)];
      random.nextBytes(payload);
      ByteBuf p = packet(random.nextInt(4) == 0 ? random.nextInt(128) : 0, i, 160L * i, payload);
      byte[] bytes = new byte[p.readableBytes()];
      p.readBytes(bytes);
      p.release();
      switch (random.nextInt(4)) {
        case 0 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8)); // a flipped bit
        case 1 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length + 1)); // truncated
        case 2 -> bytes[0] = (byte) random.nextInt(256); // version, padding, extension, CSRC count
        default -> { }
      }
      ByteBuf b = Unpooled.wrappedBuffer(bytes);
      r.packet(b, random.nextBoolean());
      b.release(); // the receiver keeps what it holds by retained slices
      if (bytes.length > 0) {
        given.add(b); // (an empty one is the shared EMPTY_BUFFER, never freed)
      }
    }
    r.close();
    back.close();
    java.util.List<Integer> held = new java.util.ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      if (given.get(i).refCnt() != 0) {
        held.add(i);
      }
    }
    assertEquals(java.util.List.of(), held, "every packet released once written or dropped");
    byte[] au = Files.readAllBytes(r.path());
    assertEquals(au.length - 24, ByteBuffer.wrap(au).getInt(8), "a consistent file");
  }

  @Test
  void sinkSettingIsChecked(@TempDir Path dir) throws Exception {
    assertTrue(assertThrows(IllegalArgumentException.class, () -> BackChannel.of("/tmp/x", clock)).getMessage()
        .startsWith("must be file:/path/to/directory"));
    Path file = Files.writeString(dir.resolve("f"), "x");
    assertThrows(IllegalArgumentException.class, () -> BackChannel.of("file:" + file, clock));
  }

  private static byte[] concat(byte[]... parts) {
    ByteBuffer b = ByteBuffer.allocate(Arrays.stream(parts).mapToInt(a -> a.length).sum());
    for (byte[] a : parts) {
      b.put(a);
    }
    return b.array();
  }

  static ByteBuf packet(int pt, int seq, long ts, byte[] payload) {
    ByteBuf b = Unpooled.buffer();
    b.writeByte(0x80).writeByte(pt).writeShort(seq).writeInt((int) ts).writeInt(0x5678).writeBytes(payload);
    return b;
  }
}
