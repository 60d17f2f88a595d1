package io.livepoint.packager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.store.ObjectKind;
import io.livepoint.core.store.StoredObject;
import io.livepoint.http.testing.RecordingExchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Interface-2 objects served back at /live/{stream}/{path}: bytes, types, caching, growing reads, the URL rule. */
class ObjectServingTest {
  private final Fixture f = new Fixture();

  @AfterEach
  void tearDown() {
    f.close();
  }

  StoredObject begin(String stream, String path, String type, ObjectKind kind) {
    return f.objects.begin(stream, path, type, kind, PooledByteBufAllocator.DEFAULT, -1);
  }

  static void append(StoredObject o, byte[] b, int from, int to) {
    ByteBuf piece = PooledByteBufAllocator.DEFAULT.directBuffer(to - from);
    piece.writeBytes(b, from, to - from);
    try {
      o.append(piece);
    } finally {
      piece.release();
    }
  }

  StoredObject put(String stream, String path, String type, ObjectKind kind, byte[] body) {
    StoredObject o = begin(stream, path, type, kind);
    append(o, body, 0, body.length);
    o.complete();
    return o;
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  @Test
  void aFinishedObjectIsServedByteIdenticalWithItsTypeAndCaching() throws Exception {
    byte[] seg = random(200_000, 1);
    put("enc", "v0/seg_00001.m4s", "video/iso.segment", ObjectKind.MEDIA, seg);
    byte[] playlist = "#EXTM3U\n#EXT-X-TARGETDURATION:2\n".getBytes(StandardCharsets.UTF_8);
    put("enc", "v0/stream.m3u8", "application/vnd.apple.mpegurl", ObjectKind.MANIFEST, playlist);
    RecordingExchange s = f.fetch("/live/enc/v0/seg_00001.m4s");
    assertEquals(200, s.status());
    assertFalse(s.isStreamed(), "a finished object goes in one response with its length");
    assertArrayEquals(seg, s.body());
    assertEquals("video/iso.segment", s.header("content-type"));
    assertEquals("max-age=30", s.header("cache-control"));
    assertEquals("nosniff", s.header("x-content-type-options"));
    RecordingExchange p = f.fetch("/live/enc/v0/stream.m3u8");
    assertArrayEquals(playlist, p.body());
    assertEquals("application/vnd.apple.mpegurl", p.header("content-type"));
    assertEquals("no-cache", p.header("cache-control"), "manifests change in place: revalidate");
    RecordingExchange head = f.request(HttpMethod.HEAD, "/live/enc/v0/seg_00001.m4s", null).awaitDone();
    assertEquals(200, head.status());
    assertEquals(0, head.body().length);
  }

  @Test
  void rangesAndRevalidation() throws Exception {
    byte[] seg = random(10_000, 5);
    put("r", "single.mp4", "video/mp4", ObjectKind.MEDIA, seg);
    RecordingExchange full = f.fetch("/live/r/single.mp4");
    String etag = full.header("etag");
    assertEquals("bytes", full.header("accept-ranges"));
    RecordingExchange part = f.request(HttpMethod.GET, "/live/r/single.mp4",
        new io.netty.handler.codec.http.DefaultHttpHeaders().set("range", "bytes=100-1099")).awaitDone();
    assertEquals(206, part.status());
    assertEquals("bytes 100-1099/10000", part.header("content-range"));
    assertArrayEquals(Arrays.copyOfRange(seg, 100, 1100), part.body());
    RecordingExchange tail = f.request(HttpMethod.GET, "/live/r/single.mp4",
        new io.netty.handler.codec.http.DefaultHttpHeaders().set("range", "bytes=-10")).awaitDone();
    assertArrayEquals(Arrays.copyOfRange(seg, 9990, 10000), tail.body());
    RecordingExchange beyond = f.request(HttpMethod.GET, "/live/r/single.mp4",
        new io.netty.handler.codec.http.DefaultHttpHeaders().set("range", "bytes=10000-")).awaitDone();
    assertEquals(416, beyond.status());
    assertEquals("bytes */10000", beyond.header("content-range"));
    RecordingExchange same = f.request(HttpMethod.GET, "/live/r/single.mp4",
        new io.netty.handler.codec.http.DefaultHttpHeaders().set("if-none-match", etag)).awaitDone();
    assertEquals(304, same.status());
    assertEquals(0, same.body().length);
    put("r", "single.mp4", "video/mp4", ObjectKind.MEDIA, random(10_000, 6)); // overwritten: a new validator
    RecordingExchange changed = f.request(HttpMethod.GET, "/live/r/single.mp4",
        new io.netty.handler.codec.http.DefaultHttpHeaders().set("if-none-match", etag)).awaitDone();
    assertEquals(200, changed.status());
    assertEquals(null, ObjectResponder.range("bytes=1-2,5-6", 100), "several ranges: the whole object");
    assertEquals(null, ObjectResponder.range("bytes=5-1", 100));
    assertEquals(null, ObjectResponder.range("items=1-2", 100));
    assertArrayEquals(new long[] {90, 99}, ObjectResponder.range("bytes=90-500", 100));
  }

  @Test
  void aGrowingObjectIsStreamedAsItArrivesAndEndsWithTheUpload() throws Exception {
    byte[] seg = random(150_000, 2);
    StoredObject o = begin("ll", "chunk-stream0-00007.m4s", "video/iso.segment", ObjectKind.MEDIA);
    append(o, seg, 0, 10_000);
    RecordingExchange ex = f.get("/live/ll/chunk-stream0-00007.m4s");
    f.sync();
    assertTrue(ex.isStreamed(), "a growing object is streamed");
    assertEquals("no-cache", ex.header("cache-control"));
    assertEquals(10_000, ex.body().length, "what arrived so far is sent at once");
    assertFalse(ex.isDone());
    append(o, seg, 10_000, 90_000);
    f.sync();
    assertEquals(90_000, ex.body().length, "each new piece is sent as it arrives");
    append(o, seg, 90_000, seg.length);
    o.complete();
    ex.awaitDone();
    assertTrue(ex.isFinished());
    assertFalse(ex.isAborted());
    assertArrayEquals(seg, ex.body());
  }

  @Test
  void aGrowingObjectWhoseUploadBreaksIsCutOffNeverShortButWhole() throws Exception {
    StoredObject o = begin("ll", "v/5.m4s", "video/iso.segment", ObjectKind.MEDIA);
    append(o, random(5000, 3), 0, 5000);
    RecordingExchange ex = f.get("/live/ll/v/5.m4s");
    f.sync();
    assertEquals(5000, ex.body().length);
    o.fail();
    ex.awaitDone();
    assertTrue(ex.isAborted(), "the reader sees an incomplete response");
    assertEquals(404, f.fetch("/live/ll/v/5.m4s").status(), "and the broken object is gone");
  }

  @Test
  void aSlowReaderWaitsForWritabilityAndLosesNothing() throws Exception {
    byte[] seg = random(300_000, 4);
    StoredObject o = begin("ll", "v/6.m4s", "video/iso.segment", ObjectKind.MEDIA);
    append(o, seg, 0, 100_000);
    RecordingExchange ex = f.exchange(HttpMethod.GET, "/live/ll/v/6.m4s", null);
    f.onLoop(() -> ex.writable(false));
    f.handle(ex);
    f.sync();
    assertEquals(0, ex.body().length, "nothing is written while the transport is full");
    append(o, seg, 100_000, seg.length);
    o.complete();
    f.onLoop(() -> ex.writable(true));
    ex.awaitDone();
    assertArrayEquals(seg, ex.body());
  }

  @Test
  void storedObjectsWinAtTheirPathExceptTheGeneratedStreamManifests() throws Exception {
    f.track("mix", "v", Fixture.video(640, 360, "avc1.64001e", 0, 0, List.of()));
    f.feed(f.registry.get("mix").findTrack("v"), 0, 2, 2, 90_000, 30);
    byte[] own = "<MPD>encoder's own</MPD>".getBytes(StandardCharsets.UTF_8);
    put("mix", "index.mpd", "application/dash+xml", ObjectKind.MANIFEST, own);
    put("mix", "manifest.mpd", "application/dash+xml", ObjectKind.MANIFEST, own);
    byte[] init = "encoder init".getBytes(StandardCharsets.UTF_8);
    put("mix", "v/init.mp4", "video/mp4", ObjectKind.INIT, init);
    RecordingExchange generated = f.fetch("/live/mix/index.mpd");
    assertTrue(generated.text().contains("<MPD") && !generated.text().contains("encoder's own"),
        "index.mpd stays the generated MPD while the stream has a model");
    assertArrayEquals(own, f.fetch("/live/mix/manifest.mpd").body());
    assertArrayEquals(init, f.fetch("/live/mix/v/init.mp4").body(), "an encoder's object wins at its exact path");
    RecordingExchange seg = f.fetch("/live/mix/v/1.m4s");
    assertEquals(200, seg.status(), "generated segments are still served where no object is");
    assertArrayEquals(f.registry.get("mix").findTrack("v").segment(1).chunks().stream()
        .map(c -> { ByteBuf b = c.retainedData(); byte[] a = io.netty.buffer.ByteBufUtil.getBytes(b); b.release(); return a; })
        .reduce(new byte[0], ObjectServingTest::concat), seg.body());
    // Without a model (TS-only HLS, say), an encoder's index.* is served at its name.
    put("tsonly", "index.m3u8", "application/vnd.apple.mpegurl", ObjectKind.MANIFEST, own);
    assertArrayEquals(own, f.fetch("/live/tsonly/index.m3u8").body());
  }

  @Test
  void encodedSlashesAndDotSegmentsNameNoObject() throws Exception {
    put("s", "a/b.m4s", "video/iso.segment", ObjectKind.MEDIA, new byte[] {1, 2, 3});
    assertEquals(200, f.fetch("/live/s/a/b.m4s").status());
    assertEquals(404, f.fetch("/live/s/a%2Fb.m4s").status());
    assertEquals(404, f.fetch("/live/s/a%2fb.m4s").status());
    assertEquals(404, f.fetch("/live/s/x/../a/b.m4s").status());
    assertEquals(404, f.fetch("/live/s/a//b.m4s").status());
    assertEquals(405, f.request(HttpMethod.PUT, "/live/s/a/b.m4s", null).awaitDone().status(), "outputs are read-only");
  }

  @Test
  void deletedOrEvictedObjectsAre404() throws Exception {
    put("s", "v/1.m4s", "video/iso.segment", ObjectKind.MEDIA, new byte[] {1});
    assertTrue(f.objects.delete("s", "v/1.m4s"));
    assertEquals(404, f.fetch("/live/s/v/1.m4s").status());
    assertEquals(404, f.fetch("/live/nostream/v/1.m4s").status());
    assertEquals(Arrays.asList(), f.objects.stream("s").paths());
  }
}
