package io.livepoint.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.media.cmaf.TrackInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TrackTest {
  static final long TS = 1000; // ms timescale keeps the arithmetic readable
  ManualClock clock;
  StreamRegistry registry;
  Track track;

  @BeforeEach
  void setUp() {
    clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    registry = new StreamRegistry(clock, n -> new StreamSettings(Duration.ofSeconds(2), Duration.ofSeconds(6),
        Duration.ofSeconds(1)));
    track = registry.getOrCreate("s").track("video");
    assertEquals(Track.HeaderChange.NEW, track.setHeader(header(1)));
  }

  @AfterEach
  void tearDown() {
    registry.close();
  }

  static ByteBuf bytes(int n, int fill) {
    ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(n);
    for (int i = 0; i < n; i++) {
      b.writeByte(fill);
    }
    return b;
  }

  static TrackHeader header(int fill) {
    TrackInfo info = new TrackInfo(1, "vide", TS, "und", null, "avc1", "avc1.64001f", 640, 360, 0, 0, 0, 0,
        List.of(), 0, 0);
    return new TrackHeader(bytes(16, fill), info);
  }

  Chunk chunk(long t, boolean independent) {
    return new Chunk(bytes(100, (int) (t / 500)), t, 500, independent, t / 500, clock.nanoTime(), null);
  }

  @Test
  void cutsSegmentsOnTheGridAtIndependentChunks() {
    for (long t = 0; t < 6000; t += 500) {
      assertTrue(track.append(chunk(t, t % 2000 == 0), false, false));
    }
    List<Segment> segs = track.segments();
    assertEquals(3, segs.size());
    assertEquals(List.of(0L, 2000L, 4000L), segs.stream().map(Segment::startTime).toList());
    assertTrue(segs.get(0).isComplete());
    assertFalse(segs.get(2).isComplete());
    assertEquals(4, segs.get(1).chunkCount());
    assertEquals(2000, segs.get(1).duration());
    assertSame(segs.get(2), track.openSegment());
    assertEquals(3, track.lastNumber());
  }

  @Test
  void dropsRetransmittedChunksAndIdenticalHeaders() {
    track.append(chunk(0, true), true, false);
    track.append(chunk(500, false), false, false);
    assertFalse(track.append(chunk(0, true), true, false));
    assertFalse(track.append(chunk(500, false), false, false));
    assertEquals(1, track.segments().size());
    assertEquals(2, track.segments().get(0).chunkCount());
    assertEquals(2, track.duplicatesDropped());
    assertEquals(Track.HeaderChange.IDENTICAL, track.setHeader(header(1)));
    assertEquals(Track.HeaderChange.CHANGED, track.setHeader(header(2)));
  }

  @Test
  void waitersCompleteWhenMediaArrives() throws Exception {
    CompletableFuture<Segment> seg2 = track.awaitSegment(2);
    track.append(chunk(0, true), true, false);
    assertFalse(seg2.isDone());
    Segment first = track.segment(1);
    CompletableFuture<Chunk> second = first.awaitChunk(1);
    CompletableFuture<Chunk> never = first.awaitChunk(5);
    track.append(chunk(500, false), false, false);
    assertEquals(500, second.get().baseMediaDecodeTime());
    track.append(chunk(1000, true), true, false);
    assertEquals(2, seg2.get().number());
    assertNull(never.get(), "a segment that completes without the chunk answers null");
    assertTrue(first.isComplete());
  }

  @Test
  void evictsOutsideTheWindowAndReleasesBytes() {
    Chunk firstChunk = chunk(0, true);
    track.append(firstChunk, true, false);
    ByteBuf held = firstChunk.retainedData(); // a reader still holding the bytes
    for (long t = 2000; t <= 12000; t += 2000) {
      track.append(chunk(t, true), true, false);
    }
    assertNull(track.segment(1));
    assertTrue(track.segments().get(0).startTime() >= 4000);
    assertEquals(100, held.readableBytes(), "a reader's duplicate outlives eviction");
    held.release();
  }

  @Test
  void audioFollowsTheVideoSegmentStarts() {
    Track audio = registry.get("s").track("audio");
    audio.setHeader(new TrackHeader(bytes(16, 9), new TrackInfo(2, "soun", TS, "und", null, "mp4a", "mp4a.40.2",
        0, 0, 48000, 2, 0, 0, List.of(), 0, 0)));
    // Video has a key frame every 1.5 s, off the 2 s grid; audio chunks are all independent.
    for (long t = 0; t < 6000; t += 500) {
      track.append(chunk(t, t % 1500 == 0), false, false);
      audio.append(chunk(t, true), false, false);
    }
    // Video: first key frame past each 2 s grid line; audio: the same starts, not its own grid.
    assertEquals(List.of(0L, 3000L, 4500L), track.segments().stream().map(Segment::startTime).toList());
    assertEquals(List.of(0L, 3000L, 4500L), audio.segments().stream().map(Segment::startTime).toList());
  }

  @Test
  void anchorsTheStreamAtTheFirstChunk() {
    track.append(chunk(10_000, true), true, false);
    LiveStream s = registry.get("s");
    assertNotNull(s.availabilityStartTime());
    assertEquals(clock.now(), s.wallClock(track, 10_500));
    assertEquals(1, s.playableTracks().size());
  }
}
