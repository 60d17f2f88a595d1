package io.livepoint.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.media.cmaf.TrackInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.IllegalReferenceCountException;
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
    // The store released its copy: the chunk hands out nothing more, only the reader's reference is left.
    assertThrows(IllegalReferenceCountException.class, firstChunk::retainedData);
    assertEquals(1, held.refCnt(), "only the reader's reference remains");
    assertEquals(100, held.readableBytes(), "a reader's duplicate outlives eviction");
    held.release();
    assertEquals(0, held.refCnt());
    // The size is the chunk's own: the released pooled buffer may already serve another allocation.
    ByteBuf reuse = PooledByteBufAllocator.DEFAULT.directBuffer(100);
    assertEquals(100, firstChunk.size());
    reuse.release();
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

  @Test
  void anExplicitAnchorWinsOverTheFirstChunk() {
    LiveStream s = registry.get("s");
    s.anchorTimeline(java.time.Instant.EPOCH); // a source publishing a backlog on an epoch timeline
    track.append(chunk(10_000, true), true, false);
    assertEquals(java.time.Instant.EPOCH.plusMillis(10_500), s.wallClock(track, 10_500));
    s.anchorTimeline(clock.now()); // only the first anchor counts
    assertEquals(java.time.Instant.EPOCH, s.availabilityStartTime());
  }

  // ---- one request, one segment ----

  /** A chunk whose buffer the test can still look at after handing it over. */
  record Sent(Chunk chunk, ByteBuf data) {}

  Sent sent(long t, boolean independent) {
    Chunk c = chunk(t, independent);
    ByteBuf peek = c.retainedData();
    peek.release(); // an unretained view of the stored buffer, for refCnt checks only
    return new Sent(c, peek);
  }

  @Test
  void overlappingRequestsEachCompleteOnlyTheirOwnSegment() {
    // Request A sends segment 1 in 500 ms chunks; request B starts segment 2 while A is still sending.
    Segment a = track.append(chunk(0, true), Track.Cut.START, false);
    Segment b = track.append(chunk(1000, true), Track.Cut.START, false);
    assertEquals(2, b.number());
    assertTrue(a.isComplete(), "only the newest segment may grow");
    // A's late chunk cannot go into a complete segment: it is dropped, and said so (null).
    assertNull(track.append(chunk(500, false), Track.Cut.CONTINUE, false));
    // A's request ends: it completes its own segment, never B's.
    assertFalse(track.complete(a));
    assertFalse(b.isComplete());
    assertSame(b, track.append(chunk(1500, false), Track.Cut.CONTINUE, false));
    assertEquals(2, track.lastNumber(), "B's chunk continued B's segment");
    assertEquals(2, b.chunkCount());
    assertTrue(track.complete(b));
    assertTrue(b.isComplete());
  }

  @Test
  void continueWithNothingOpenStartsASegmentOnlyWhenIndependent() {
    Segment first = track.append(chunk(0, true), Track.Cut.START, false);
    track.complete(first);
    Sent notSync = sent(500, false);
    ChunkRejectedException e = assertThrows(ChunkRejectedException.class,
        () -> track.append(notSync.chunk(), Track.Cut.CONTINUE, false));
    assertEquals(ChunkRejectedException.Reason.NOT_INDEPENDENT, e.reason());
    assertEquals(0, notSync.data().refCnt(), "a rejected chunk is released");
    assertEquals(1, track.lastNumber(), "no segment starting on a non-sync sample");
    Segment next = track.append(chunk(1000, true), Track.Cut.CONTINUE, false);
    assertEquals(2, next.number());
    assertEquals(1000, next.startTime());
  }

  @Test
  void appendOwnsTheChunkOnEveryPath() {
    Track bare = registry.get("s").track("no-header");
    Sent early = sent(0, true);
    ChunkRejectedException e = assertThrows(ChunkRejectedException.class,
        () -> bare.append(early.chunk(), Track.Cut.START, false));
    assertEquals(ChunkRejectedException.Reason.NO_HEADER, e.reason());
    assertEquals(0, early.data().refCnt(), "released when refused for lack of a header");
    track.append(chunk(0, true), Track.Cut.START, false);
    Sent again = sent(0, true);
    assertNull(track.append(again.chunk(), Track.Cut.START, false));
    assertEquals(0, again.data().refCnt(), "released when dropped as a repeat");
  }

  // ---- restarts ----

  @Test
  void aSourceRestartingEarlierAfterTheEndStartsANewTimeline() {
    for (long t = 0; t < 4000; t += 1000) {
      track.append(chunk(t, true), Track.Cut.START, false);
    }
    assertNull(track.append(chunk(2000, true), Track.Cut.START, false), "running: a retransmission");
    track.end();
    // The encoder restarted from zero: kept, as segment 5 (numbers keep increasing).
    Segment restarted = track.append(chunk(0, true), Track.Cut.START, false);
    assertEquals(5, restarted.number());
    assertEquals(0, restarted.startTime());
    assertFalse(track.isEnded());
    assertEquals(1, track.discontinuities());
    Segment more = track.append(chunk(500, false), Track.Cut.CONTINUE, false);
    assertSame(restarted, more);
    assertNull(track.append(chunk(0, true), Track.Cut.START, false), "running again: repeats are dropped");
    assertEquals(2, track.duplicatesDropped());

    // A changed header (a new encoder configuration) allows a new timeline too; an identical one does not.
    assertEquals(Track.HeaderChange.IDENTICAL, track.setHeader(header(1)));
    assertNull(track.append(chunk(0, true), Track.Cut.START, false));
    assertEquals(Track.HeaderChange.CHANGED, track.setHeader(header(2)));
    Sent midGop = sent(250, false);
    assertThrows(ChunkRejectedException.class, () -> track.append(midGop.chunk(), Track.Cut.AUTO, false),
        "a new timeline must start on a sync sample");
    assertEquals(0, midGop.data().refCnt());
    Segment again = track.append(chunk(250, true), Track.Cut.AUTO, false);
    assertEquals(6, again.number());
    assertEquals(2, track.discontinuities());
    assertTrue(restarted.isComplete());
  }

  @Test
  void aRestartStartsATimelineWithItsOwnWallClockOriginAndGapsCountAsDiscontinuities() {
    LiveStream s = registry.get("s");
    Instant start = clock.now();
    for (long t = 0; t < 4000; t += 500) {
      track.append(chunk(t, true), t % 1000 == 0 ? Track.Cut.START : Track.Cut.CONTINUE, false);
      clock.advance(Duration.ofMillis(500));
    }
    assertEquals(start.minusMillis(500), s.availabilityStartTime(), "the first chunk's end is the live edge");
    assertEquals(0, track.segment(4).discontinuity());
    // A forward gap of 3 s (the source was away): same timeline, one discontinuity for HLS.
    Segment afterGap = track.append(chunk(7000, true), Track.Cut.START, false);
    assertEquals(0, afterGap.timeline());
    assertEquals(1, afterGap.discontinuity());
    track.append(chunk(7500, false), Track.Cut.CONTINUE, false);
    Segment next = track.append(chunk(8000, true), Track.Cut.START, false);
    assertEquals(1, next.discontinuity(), "contiguous: no new discontinuity");
    // The encoder restarts from zero ten seconds later: timeline 1, anchored where its first chunk ends.
    track.end();
    clock.advance(Duration.ofSeconds(10));
    Instant restartedAt = clock.now();
    Segment restarted = track.append(chunk(0, true), Track.Cut.START, false);
    assertEquals(1, restarted.timeline());
    assertEquals(2, restarted.discontinuity());
    assertEquals(1, s.latestTimeline());
    assertEquals(restartedAt.minusMillis(500), s.timelineOrigin(1));
    assertEquals(restartedAt.minusMillis(500), s.wallClock(restarted, 0));
    assertEquals(start.minusMillis(500).plusMillis(8000), s.wallClock(next, 8000), "old segments keep their origin");
    assertEquals(restartedAt, s.wallClock(track, 500), "a track's own time is on its newest timeline");
    // A track that appears after the restart is on the new timeline from its first segment.
    Track audio = s.track("audio");
    audio.setHeader(header(3));
    assertEquals(1, audio.append(chunk(0, true), Track.Cut.START, false).timeline());
  }

  @Test
  void slatFillerIsReplacedByRealMediaForTheSameTimeOnceThatIsComplete() {
    track.append(chunk(0, true), Track.Cut.START, false);
    Sent fillerChunk = sent(1000, true);
    Segment filler = track.append(fillerChunk.chunk(), Track.Cut.START, true); // the source lost its input
    track.append(chunk(1500, true), Track.Cut.CONTINUE, true);
    track.append(chunk(2000, true), Track.Cut.START, false);
    assertTrue(filler.isComplete() && filler.isFiller());
    // A redundant source has the real media for that time.
    Segment real = track.append(chunk(1000, true), Track.Cut.START, false);
    assertNotNull(real, "not dropped as a repeat");
    assertNotSame(filler, real);
    assertSame(filler, track.segment(2), "the filler is served until the real segment is whole");
    assertSame(real, track.append(chunk(1500, false), Track.Cut.CONTINUE, false));
    assertTrue(track.join(real));
    assertTrue(track.leave(real));
    assertSame(real, track.segment(2));
    assertFalse(real.isFiller());
    assertEquals(1000, real.duration());
    assertEquals(0, fillerChunk.data().refCnt(), "the filler's bytes are released");
    assertEquals(List.of(1L, 2L, 3L), track.segments().stream().map(Segment::number).toList());
    assertNull(track.append(chunk(1000, true), Track.Cut.START, false), "real media is not replaced again");

    // A replacement whose source stops half-way is dropped; the filler stays.
    Segment filler2 = track.append(chunk(2500, true), Track.Cut.START, true);
    track.append(chunk(3000, true), Track.Cut.CONTINUE, true);
    track.append(chunk(3500, true), Track.Cut.START, false);
    Sent halfChunk = sent(2500, true);
    Segment half = track.append(halfChunk.chunk(), Track.Cut.START, false);
    assertTrue(track.join(half));
    assertTrue(track.leave(half));
    assertSame(filler2, track.segment(4));
    assertEquals(0, halfChunk.data().refCnt(), "its bytes are released");
  }

  @Test
  void oldSegmentsLeaveTheWindowAfterATimelineJumpBack() {
    long late = 3_600_000; // an hour in
    for (long t = late; t < late + 6000; t += 2000) {
      track.append(chunk(t, true), Track.Cut.START, false);
    }
    track.end();
    for (long t = 0; t <= 12000; t += 2000) {
      track.append(chunk(t, true), Track.Cut.START, false);
    }
    // 6 s window: the old timeline went out like any other media, despite its larger times.
    assertTrue(track.segments().stream().allMatch(s -> s.startTime() < late), "old timeline evicted");
    assertTrue(track.segments().get(0).startTime() >= 4000);
  }

  @Test
  void zeroDurationChunksRepeatOnlyAtTheSameStart() {
    track.append(new Chunk(bytes(10, 1), 0, 0, true, 1, 0, null), Track.Cut.START, false);
    assertNull(track.append(new Chunk(bytes(10, 1), 0, 0, true, 1, 0, null), Track.Cut.CONTINUE, false));
    assertNotNull(track.append(chunk(0, false), Track.Cut.CONTINUE, false), "real media at the same time");
    assertEquals(2, track.segment(1).chunkCount());
  }

  // ---- waiters ----

  @Test
  void cancelledWaitersAreSkippedAndPruned() throws Exception {
    track.append(chunk(0, true), Track.Cut.START, false);
    Segment open = track.segment(1);
    for (int i = 0; i < 1000; i++) {
      track.awaitSegment(2).cancel(false);
      open.awaitChunk(1).cancel(false);
    }
    assertTrue(track.segmentWaiterCount() <= 2 * Segment.PRUNE_MIN, "held: " + track.segmentWaiterCount());
    assertTrue(open.waiterCount() <= 2 * Segment.PRUNE_MIN, "held: " + open.waiterCount());
    CompletableFuture<Segment> live = track.awaitSegment(2);
    CompletableFuture<Chunk> liveChunk = open.awaitChunk(1);
    CompletableFuture<Segment> gaveUp = track.awaitSegment(2);
    gaveUp.cancel(false);
    track.append(chunk(500, false), Track.Cut.CONTINUE, false);
    assertEquals(500, liveChunk.get().baseMediaDecodeTime());
    track.append(chunk(1000, true), Track.Cut.START, false);
    assertEquals(2, live.get().number());
    assertTrue(gaveUp.isCancelled());
    assertEquals(0, track.segmentWaiterCount());
    assertEquals(0, open.waiterCount());
  }

  @Test
  void aWokenWaiterSeesTheNewVersion() throws Exception {
    LiveStream s = registry.get("s");
    List<String> seen = new java.util.ArrayList<>();
    long before = s.version();
    track.awaitSegment(1).thenRun(() -> seen.add("segment " + (s.version() > before)));
    Segment first = track.append(chunk(0, true), Track.Cut.START, false);
    long afterFirst = s.version();
    first.awaitChunk(1).thenRun(() -> seen.add("chunk " + (s.version() > afterFirst)));
    track.append(chunk(500, false), Track.Cut.CONTINUE, false);
    long afterSecond = s.version();
    first.awaitChunk(2).thenRun(() -> seen.add("complete " + (s.version() > afterSecond)));
    track.complete(first);
    assertEquals(List.of("segment true", "chunk true", "complete true"), seen);
  }

  @Test
  void aThrowingListenerDoesNotBreakIngest() {
    LiveStream s = registry.get("s");
    List<String> told = new java.util.ArrayList<>();
    s.addListener(new StreamListener() {
      @Override
      public void changed(LiveStream stream) {
        throw new IllegalStateException("broken listener");
      }

      @Override
      public void chunkArrived(Track t, Chunk c) {
        throw new IllegalStateException("broken listener");
      }
    });
    s.addListener(new StreamListener() {
      @Override
      public void chunkArrived(Track t, Chunk c) {
        told.add("chunk " + c.baseMediaDecodeTime());
      }
    });
    Segment seg = track.append(chunk(0, true), Track.Cut.START, false);
    assertNotNull(seg);
    assertTrue(track.complete(seg));
    assertEquals(Track.HeaderChange.CHANGED, track.setHeader(header(3)));
    assertEquals(List.of("chunk 0"), told);
  }

  // ---- registry ----

  @Test
  void removeIdleDropsSilentStreamsAndTellsListeners() {
    List<String> removed = new java.util.ArrayList<>();
    registry.addRemovalListener(st -> removed.add(st.name()));
    Track quiet = registry.getOrCreate("quiet").track("v");
    quiet.setHeader(header(4)); // a header only, no media yet: alive while recent
    track.append(chunk(0, true), Track.Cut.START, false);
    clock.advance(Duration.ofSeconds(40));
    track.append(chunk(500, false), Track.Cut.CONTINUE, false);
    assertEquals(List.of(), registry.removeIdle(Duration.ofSeconds(60)));
    clock.advance(Duration.ofSeconds(30));
    assertEquals(List.of("quiet"), registry.removeIdle(Duration.ofSeconds(60)));
    assertEquals(List.of("quiet"), removed);
    assertNull(registry.get("quiet"));
    assertNull(quiet.header(), "its media was released");
    assertNotNull(registry.get("s"));
    track.end(); // an ended stream goes once it has been silent as long
    clock.advance(Duration.ofSeconds(61));
    assertEquals(List.of("s"), registry.removeIdle(Duration.ofSeconds(60)));
    assertTrue(registry.all().isEmpty());
  }
}
