package io.livepoint.core.store;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.ManualClock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.util.IllegalReferenceCountException;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ObjectStoreTest {
  final ManualClock clock = new ManualClock(Instant.parse("2024-05-01T12:00:00Z"));
  ObjectStore store = new ObjectStore(clock, new ObjectStore.Limits(1 << 20, Duration.ofSeconds(30)));

  @AfterEach
  void close() {
    store.close();
  }

  static byte[] random(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  StoredObject put(String path, ObjectKind kind, byte[] body) {
    StoredObject o = store.begin("s", path, "video/mp4", kind, PooledByteBufAllocator.DEFAULT, body.length);
    append(o, body, 0, body.length);
    assertTrue(o.complete());
    return o;
  }

  static void append(StoredObject o, byte[] body, int from, int to) {
    ByteBuf piece = PooledByteBufAllocator.DEFAULT.directBuffer(Math.max(1, to - from));
    piece.writeBytes(body, from, to - from);
    try {
      o.append(piece);
    } finally {
      piece.release();
    }
  }

  static byte[] content(StoredObject o) {
    ByteBuf all = o.retainedContent();
    try {
      return ByteBufUtil.getBytes(all);
    } finally {
      all.release();
    }
  }

  /** Reads a growing object the way a streamed response does, piece by piece from an offset. */
  static byte[] readFrom(StoredObject o, long offset) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ByteBuf b = o.read(offset); b != null; b = o.read(offset)) {
      offset += b.readableBytes();
      out.writeBytes(ByteBufUtil.getBytes(b));
      b.release();
    }
    return out.toByteArray();
  }

  @Test
  void bytesComeBackIdenticalAcrossBlocksWhateverThePieces() {
    byte[] body = random(300_000, 1); // several 64 KiB blocks
    StoredObject o = store.begin("s", "v/seg-1.m4s", "video/iso.segment", ObjectKind.MEDIA,
        PooledByteBufAllocator.DEFAULT, -1);
    Random r = new Random(2);
    for (int at = 0; at < body.length; ) {
      int n = Math.min(body.length - at, 1 + r.nextInt(20_000));
      append(o, body, at, at + n);
      at += n;
    }
    assertNull(o.retainedContent(), "not complete yet");
    o.complete();
    assertArrayEquals(body, content(o));
    assertArrayEquals(body, readFrom(o, 0));
    assertEquals(body.length, o.size());
    assertEquals(body.length, store.stream("s").bytes());
    assertEquals("video/iso.segment", o.contentType());
  }

  @Test
  void aGrowingObjectIsReadableWhileItArrivesAndWakesItsReaders() {
    byte[] body = random(100_000, 3);
    StoredObject o = store.begin("s", "v/seg-2.m4s", "video/mp4", ObjectKind.MEDIA, PooledByteBufAllocator.DEFAULT, -1);
    CompletableFuture<Void> first = o.awaitBeyond(0);
    assertFalse(first.isDone());
    append(o, body, 0, 1000);
    assertTrue(first.isDone(), "bytes arrived");
    byte[] seen = readFrom(o, 0);
    assertArrayEquals(java.util.Arrays.copyOf(body, 1000), seen);
    CompletableFuture<Void> next = o.awaitBeyond(1000);
    assertFalse(next.isDone());
    append(o, body, 1000, body.length);
    assertTrue(next.isDone());
    byte[] rest = readFrom(o, 1000);
    CompletableFuture<Void> end = o.awaitBeyond(body.length);
    assertFalse(end.isDone());
    o.complete();
    assertTrue(end.isDone(), "completion wakes a reader at the end");
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(seen);
    all.writeBytes(rest);
    assertArrayEquals(body, all.toByteArray());
  }

  @Test
  void samePathOverwritesAndReadersKeepWhatTheyHold() {
    StoredObject a = put("manifest.mpd", ObjectKind.MANIFEST, "first".getBytes());
    ByteBuf held = a.retainedContent();
    StoredObject b = put("manifest.mpd", ObjectKind.MANIFEST, "second version".getBytes());
    assertSame(b, store.get("s", "manifest.mpd"));
    assertEquals(StoredObject.State.RELEASED, a.state());
    assertThrows(IllegalReferenceCountException.class, a::retainedContent);
    assertEquals("first", held.toString(java.nio.charset.StandardCharsets.US_ASCII), "a reader keeps its slices");
    held.release();
    assertEquals("second version".length(), store.stream("s").bytes(), "the replaced bytes are no longer counted");
    assertEquals(List.of("manifest.mpd"), store.stream("s").paths());
  }

  @Test
  void anUnfinishedObjectReplacedCutsItsUploadAndReadersOff() {
    StoredObject a = store.begin("s", "v/1.m4s", "video/mp4", ObjectKind.MEDIA, PooledByteBufAllocator.DEFAULT, -1);
    append(a, random(10, 4), 0, 10);
    CompletableFuture<Void> waiting = a.awaitBeyond(10);
    StoredObject b = store.begin("s", "v/1.m4s", "video/mp4", ObjectKind.MEDIA, PooledByteBufAllocator.DEFAULT, -1);
    assertTrue(waiting.isDone(), "the reader wakes and finds the object gone");
    assertThrows(IllegalReferenceCountException.class, () -> a.read(0));
    assertThrows(IllegalStateException.class, () -> append(a, new byte[3], 0, 3));
    assertFalse(a.complete());
    b.fail();
    assertNull(store.get("s", "v/1.m4s"));
  }

  @Test
  void deleteRemovesTheObjectAndItsEmptiedFoldersButNeverTheRoot() {
    put("a/b/1.m4s", ObjectKind.MEDIA, new byte[10]);
    put("a/b/2.m4s", ObjectKind.MEDIA, new byte[10]);
    put("a/x.m3u8", ObjectKind.MANIFEST, new byte[10]);
    put("top.m3u8", ObjectKind.MANIFEST, new byte[10]);
    PublishedObjects s = store.stream("s");
    assertEquals(Set.of("a", "a/b"), s.folders());
    assertTrue(store.delete("s", "a/b/1.m4s"));
    assertEquals(Set.of("a", "a/b"), s.folders(), "a/b still holds 2.m4s");
    assertTrue(store.delete("s", "a/b/2.m4s"));
    assertEquals(Set.of("a"), s.folders(), "the emptied folder went");
    assertFalse(store.delete("s", "a/b/2.m4s"), "already gone");
    assertTrue(store.delete("s", "a/x.m3u8"));
    assertEquals(Set.of(), s.folders());
    assertEquals(List.of("top.m3u8"), s.paths(), "the root keeps its file");
    assertEquals(10, s.bytes());
    assertFalse(store.delete("nowhere", "x.m4s"));
  }

  @Test
  void aManifestUploadOvertakenByItsOwnDeleteIsNotKeptForLong() {
    put("manifest.mpd", ObjectKind.MANIFEST, "v1".getBytes());
    assertTrue(store.delete("s", "manifest.mpd"));
    assertNull(store.begin("s", "manifest.mpd", "application/dash+xml", ObjectKind.MANIFEST,
        PooledByteBufAllocator.DEFAULT, 2), "the crossed upload is not kept");
    put("chunk-1.m4s", ObjectKind.MEDIA, new byte[1]);
    assertTrue(store.delete("s", "chunk-1.m4s"));
    put("chunk-1.m4s", ObjectKind.MEDIA, new byte[1]);
    assertNotNull(store.get("s", "chunk-1.m4s"), "only manifests are shadowed by a DELETE: a media re-upload is kept");
    clock.advance(Duration.ofSeconds(3));
    assertNotNull(put("manifest.mpd", ObjectKind.MANIFEST, "v2".getBytes()), "later, a new manifest is kept");
    assertEquals("v2", new String(content(store.get("s", "manifest.mpd"))));
  }

  @Test
  void mediaOlderThanTheRetentionIsEvictedManifestsAndHeadersStay() {
    put("index.m3u8", ObjectKind.MANIFEST, new byte[5]);
    put("v/init.mp4", ObjectKind.INIT, new byte[5]);
    put("v/1.m4s", ObjectKind.MEDIA, new byte[5]);
    clock.advance(Duration.ofSeconds(20));
    put("v/2.m4s", ObjectKind.MEDIA, new byte[5]);
    clock.advance(Duration.ofSeconds(15)); // 1.m4s is 35 s old, 2.m4s 15 s
    put("v/3.m4s", ObjectKind.MEDIA, new byte[5]); // a write evicts on the way
    assertEquals(List.of("index.m3u8", "v/init.mp4", "v/2.m4s", "v/3.m4s"), store.stream("s").paths());
    clock.advance(Duration.ofSeconds(31));
    assertEquals(List.of(), store.sweep(Duration.ofSeconds(60)), "not idle for 60 s yet");
    assertEquals(List.of("index.m3u8", "v/init.mp4"), store.stream("s").paths());
    assertEquals(3, store.stream("s").evicted());
    clock.advance(Duration.ofSeconds(30));
    assertEquals(List.of("s"), store.sweep(Duration.ofSeconds(60)), "idle publishing points are dropped");
    assertNull(store.stream("s"));
  }

  @Test
  void theByteBudgetEvictsTheOldestMediaAndRefusesWhatCannotFit() {
    store = new ObjectStore(clock, new ObjectStore.Limits(100_000, Duration.ofHours(1)));
    put("index.m3u8", ObjectKind.MANIFEST, new byte[10_000]);
    for (int i = 1; i <= 5; i++) {
      put("v/" + i + ".m4s", ObjectKind.MEDIA, random(20_000, i));
    }
    PublishedObjects s = store.stream("s");
    assertEquals(List.of("index.m3u8", "v/2.m4s", "v/3.m4s", "v/4.m4s", "v/5.m4s"), s.paths());
    assertTrue(s.bytes() <= 100_000, "bytes " + s.bytes());
    StoredObject big = store.begin("s", "v/6.m4s", "video/mp4", ObjectKind.MEDIA, PooledByteBufAllocator.DEFAULT, -1);
    assertThrows(ObjectStoreFullException.class, () -> append(big, new byte[95_000], 0, 95_000));
    assertEquals(StoredObject.State.FAILED, big.state());
    assertEquals(List.of("index.m3u8"), s.paths(), "all media was evicted trying, then the upload failed");
    assertEquals(10_000, s.bytes());
  }

  @Test
  void anUploadUnderWayKeepsItsPublishingPointFromTheSweep() {
    StoredObject o = store.begin("s", "v/1.m4s", "video/mp4", ObjectKind.MEDIA, PooledByteBufAllocator.DEFAULT, -1);
    clock.advance(Duration.ofMinutes(5));
    assertEquals(List.of(), store.sweep(Duration.ofSeconds(60)));
    o.complete();
    assertEquals(List.of(), store.sweep(Duration.ofSeconds(60)), "the upload just ended");
    clock.advance(Duration.ofSeconds(61));
    assertEquals(List.of("s"), store.sweep(Duration.ofSeconds(60)));
  }

  @Test
  void pathRules() {
    for (String bad : List.of("", "/a", "a/", "a//b", "../a", "a/../b", "./a", "a/.", "a\\b", "a\u0000b", "a\nb",
        "x".repeat(ObjectPath.MAX_LENGTH + 1))) {
      assertNotNull(ObjectPath.problem(bad), "should be refused: " + bad);
      assertThrows(IllegalArgumentException.class,
          () -> store.begin("s", bad, "video/mp4", ObjectKind.MEDIA, PooledByteBufAllocator.DEFAULT, -1));
    }
    for (String good : List.of("a", "a/b/c.m4s", "..a/b..", ".hidden", "chunk-stream0-00001.m4s", "a b/é.m4s")) {
      assertNull(ObjectPath.problem(good), good);
    }
    assertEquals("a/b", ObjectPath.folder("a/b/c.m4s"));
    assertEquals("", ObjectPath.folder("c.m4s"));
  }

  @Test
  void emptyAppendsAndUnpooledSourcesAreFine() {
    StoredObject o = store.begin("s", "k.key", "application/octet-stream", ObjectKind.OTHER,
        PooledByteBufAllocator.DEFAULT, 16);
    o.append(Unpooled.EMPTY_BUFFER);
    o.append(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
    o.complete();
    assertArrayEquals(new byte[] {1, 2, 3}, content(o));
  }
}
