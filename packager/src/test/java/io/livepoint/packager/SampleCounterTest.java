package io.livepoint.packager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.livepoint.core.Chunk;
import io.livepoint.core.Track;
import io.livepoint.core.TrackHeader;
import io.livepoint.media.cmaf.TrackInfo;
import io.livepoint.testkit.Shared;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class SampleCounterTest {

  private static long count(byte[] bytes) {
    ByteBuf b = Unpooled.wrappedBuffer(bytes);
    try {
      return SampleCounter.count(b);
    } finally {
      b.release();
    }
  }

  @Test
  void countsTrunSamplesOfEveryMoof() {
    byte[] one = Fmp4.chunk(1, 0, 12, 120, (byte) 1);
    byte[] two = Fmp4.chunk(2, 12, 7, 70, (byte) 2);
    assertEquals(12, count(one));
    assertEquals(19, count(Fmp4.concat(Fmp4.box("styp", new byte[8]), one, two)));
  }

  @Test
  void largeSizeBoxesAndTruncationAreHandled() {
    byte[] chunk = Fmp4.chunk(1, 0, 5, 50, (byte) 1);
    // The same moof written with a 64-bit size.
    int moofSize = ByteBuffer.wrap(chunk, 0, 4).getInt();
    ByteBuffer large = ByteBuffer.allocate(chunk.length + 8);
    large.putInt(1).put(chunk, 4, 4).putLong(moofSize + 8L).put(chunk, 8, chunk.length - 8);
    assertEquals(5, count(large.array()));
    assertEquals(0, count(java.util.Arrays.copyOf(chunk, 20)), "cut inside the moof: nothing readable");
    assertEquals(0, count(new byte[] {0, 0, 0, 3, 'm', 'o', 'o', 'f'}), "size below the header");
  }

  /** The livesim2 2 s capture: 60 frames per video segment, 94 AAC frames per audio segment. */
  @Test
  void realCaptureSampleCounts() throws Exception {
    Path dir = Shared.path("testdata/cmaf/livesim2-testpic_2s");
    for (int n = 1; n <= 4; n++) {
      assertEquals(60, count(Files.readAllBytes(dir.resolve("V300/" + n + ".m4s"))), "V300/" + n);
    }
    assertEquals(94, count(Files.readAllBytes(dir.resolve("A48/1.m4s"))));
  }

  /** Real segments through the model: the MPD states their frame rate and the bytes come back unchanged. */
  @Test
  void realCaptureThroughThePackager() throws Exception {
    Path dir = Shared.path("testdata/cmaf/livesim2-testpic_2s/V300");
    try (Fixture f = new Fixture()) {
      byte[] init = Files.readAllBytes(dir.resolve("init.mp4"));
      long timescale = mdhdTimescale(init);
      TrackInfo info = new TrackInfo(1, "vide", timescale, "und", null, "avc1", "avc1.64001e", 640, 360, 0, 0,
          0, 0, List.of(), 0, 0);
      Track t = f.registry.getOrCreate("cap").track("V300");
      t.setHeader(new TrackHeader(Fixture.buffer(init), info));
      byte[][] segments = new byte[4][];
      long[] tfdt = new long[4];
      for (int n = 0; n < 4; n++) {
        segments[n] = Files.readAllBytes(dir.resolve((n + 1) + ".m4s"));
        tfdt[n] = tfdt(segments[n]);
      }
      for (int n = 0; n < 4; n++) {
        long duration = n < 3 ? tfdt[n + 1] - tfdt[n] : tfdt[n] - tfdt[n - 1];
        t.append(new Chunk(Fixture.buffer(segments[n]), tfdt[n], duration, true, n + 1, f.clock.nanoTime(), null),
            true, false);
      }
      Mpd mpd = new Mpd(f.fetch("/live/cap/index.mpd").body());
      assertEquals("30", mpd.representation("V300").getAttribute("frameRate"));
      long expected = (long) Math.ceil(segments[2].length * 8 * (double) timescale / (tfdt[3] - tfdt[2]));
      assertEquals(Long.toString(Math.max(expected,
          (long) Math.ceil(segments[1].length * 8 * (double) timescale / (tfdt[2] - tfdt[1])))),
          mpd.representation("V300").getAttribute("bandwidth"));
      assertArrayEquals(segments[1], f.fetch("/live/cap/V300/2.m4s").body());
      assertArrayEquals(init, f.fetch("/live/cap/V300/init.mp4").body());
    }
  }

  private static long mdhdTimescale(byte[] init) {
    int at = find(init, "mdhd");
    int version = init[at + 8];
    return ByteBuffer.wrap(init, at + 8 + (version == 1 ? 20 : 12), 4).getInt() & 0xffffffffL;
  }

  private static long tfdt(byte[] segment) {
    int at = find(segment, "tfdt");
    int version = segment[at + 8];
    ByteBuffer b = ByteBuffer.wrap(segment, at + 12, 8);
    return version == 1 ? b.getLong() : b.getInt() & 0xffffffffL;
  }

  /** Offset of the size field of the first box of this type (naive scan, fine for known captures). */
  private static int find(byte[] data, String type) {
    byte[] t = type.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    for (int i = 4; i + 4 <= data.length; i++) {
      if (data[i] == t[0] && data[i + 1] == t[1] && data[i + 2] == t[2] && data[i + 3] == t[3]) {
        return i - 4;
      }
    }
    throw new IllegalArgumentException("no " + type);
  }
}
