package io.livepoint.packager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.StreamSettings;
import io.livepoint.core.Track;
import io.livepoint.http.Exchange;
import io.livepoint.http.testing.RecordingExchange;
import io.netty.handler.codec.http.HttpMethod;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class SegmentServingTest {
  private static final long CHUNK = 36_000; // 0.4 s at 90 kHz

  private Fixture f;
  private Track v;
  /** Bytes of each chunk appended, per segment (index 0 = segment 1). */
  private final List<List<byte[]>> sent = new ArrayList<>();
  private long next;

  @BeforeEach
  void setUp() {
    f = new Fixture();
    v = f.track("live", "v", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
    for (int s = 0; s < 3; s++) {
      for (int c = 0; c < 5; c++) {
        chunk();
      }
    }
    chunk();
    chunk(); // segment 4 is growing: 2 of 5 chunks in
  }

  @AfterEach
  void tearDown() throws Exception {
    f.close();
  }

  private void chunk() {
    boolean starts = next % (5 * CHUNK) == 0;
    if (starts) {
      sent.add(new ArrayList<>());
    }
    sent.get(sent.size() - 1).add(f.append(v, next, CHUNK, 10, starts, null));
    next += CHUNK;
  }

  private byte[] segmentBytes(int number) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    sent.get(number - 1).forEach(out::writeBytes);
    return out.toByteArray();
  }

  @Test
  void initSegmentIsTheStoredHeader() throws Exception {
    RecordingExchange ex = f.fetch("/live/live/v/init.mp4");
    assertEquals(200, ex.status());
    assertArrayEquals(Fixture.initBytes("v"), ex.body());
    assertEquals("video/mp4", ex.header("content-type"));
    assertEquals("no-cache", ex.header("cache-control"));
  }

  @Test
  void completeSegmentIsOneResponseWithItsLength() throws Exception {
    RecordingExchange ex = f.fetch("/live/live/v/2.m4s");
    assertEquals(200, ex.status());
    assertFalse(ex.isStreamed());
    assertArrayEquals(segmentBytes(2), ex.body());
    assertEquals(Integer.toString(segmentBytes(2).length), ex.header("content-length"));
    assertEquals("video/mp4", ex.header("content-type"));
    assertTrue(ex.header("cache-control").contains("immutable"));
    assertNull(ex.threadViolation());
  }

  @Test
  void growingSegmentIsStreamedChunkByChunk() throws Exception {
    RecordingExchange ex = f.get("/live/live/v/4.m4s");
    f.sync();
    assertTrue(ex.isStreamed());
    assertFalse(ex.isDone());
    assertEquals(2, ex.writes());
    assertEquals("no-cache", ex.header("cache-control"), "a growing segment is not cached as final");
    chunk();
    chunk();
    f.sync();
    assertEquals(4, ex.writes());
    assertFalse(ex.isDone());
    chunk();
    chunk(); // segment 5 starts: 4 is complete
    ex.awaitDone();
    assertTrue(ex.isFinished());
    assertArrayEquals(segmentBytes(4), ex.body());
    assertNull(ex.threadViolation());
  }

  @Test
  void nextSegmentIsAwaitedThenStreamed() throws Exception {
    RecordingExchange ex = f.get("/live/live/v/5.m4s");
    f.sync();
    assertFalse(ex.isDone());
    assertEquals(0, ex.status(), "nothing sent before the segment starts");
    for (int i = 0; i < 4; i++) {
      chunk(); // completes 4, starts 5 with one chunk
    }
    f.sync();
    assertEquals(200, ex.status());
    assertEquals(1, ex.writes());
    for (int i = 0; i < 5; i++) {
      chunk(); // rest of 5, start of 6
    }
    ex.awaitDone();
    assertArrayEquals(segmentBytes(5), ex.body());
  }

  @Test
  void farFutureAndEvictedSegmentsAre404() throws Exception {
    assertEquals(404, f.fetch("/live/live/v/7.m4s").status(), "three past the newest");
    assertEquals(404, f.fetch("/live/live/v/0.m4s").status());
    Fixture small = new Fixture(new StreamSettings(Duration.ofSeconds(2), Duration.ofSeconds(4),
        Duration.ofMillis(1500)), PackagerConfig.DEFAULTS);
    try {
      Track t = small.track("s", "v", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
      small.feed(t, 0, 6, 5, CHUNK, 10);
      assertTrue(t.segment(1) == null, "left the window");
      assertEquals(404, small.fetch("/live/s/v/1.m4s").status());
      assertEquals(404, small.fetch("/live/s/v/1.0.m4s").status());
      assertEquals(200, small.fetch("/live/s/v/5.m4s").status());
    } finally {
      small.close();
    }
  }

  @Test
  void segmentThatDoesNotStartInTimeIs404() throws Exception {
    Fixture quick = new Fixture(new StreamSettings(Duration.ofMillis(100), Duration.ofSeconds(1),
        Duration.ofMillis(300)), PackagerConfig.DEFAULTS);
    try {
      Track t = quick.track("s", "v", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
      quick.feed(t, 0, 2, 1, 9000, 2);
      RecordingExchange ex = quick.get("/live/s/v/3.m4s").awaitDone();
      assertEquals(404, ex.status());
    } finally {
      quick.close();
    }
  }

  @Test
  void partsAreChunks() throws Exception {
    RecordingExchange p = f.fetch("/live/live/v/3.2.m4s");
    assertEquals(200, p.status());
    assertArrayEquals(sent.get(2).get(2), p.body());
    assertTrue(p.header("cache-control").contains("immutable"));
    assertEquals(Integer.toString(sent.get(2).get(2).length), p.header("content-length"));
    assertEquals(404, f.fetch("/live/live/v/3.5.m4s").status(), "segment 3 has five parts");
    assertEquals(404, f.fetch("/live/live/v/4.9.m4s").status(), "too far ahead");
  }

  @Test
  void nextPartIsAwaited() throws Exception {
    RecordingExchange hinted = f.get("/live/live/v/4.2.m4s");
    RecordingExchange nextSegment = f.get("/live/live/v/5.0.m4s");
    f.sync();
    assertFalse(hinted.isDone());
    chunk();
    hinted.awaitDone();
    assertEquals(200, hinted.status());
    assertArrayEquals(sent.get(3).get(2), hinted.body());
    assertFalse(nextSegment.isDone());
    chunk();
    chunk();
    chunk(); // first chunk of segment 5
    nextSegment.awaitDone();
    assertArrayEquals(sent.get(4).get(0), nextSegment.body());
  }

  @Test
  void partThatNeverComesIs404WhenTheSegmentCompletes() throws Exception {
    RecordingExchange ex = f.get("/live/live/v/4.3.m4s");
    f.sync();
    v.completeSegment(); // segment 4 ends after two chunks
    ex.awaitDone();
    assertEquals(404, ex.status());
  }

  @Test
  void headSendsHeadersOnly() throws Exception {
    RecordingExchange complete = f.request(HttpMethod.HEAD, "/live/live/v/2.m4s", null).awaitDone();
    assertEquals(200, complete.status());
    assertEquals(0, complete.body().length);
    assertEquals(Integer.toString(segmentBytes(2).length), complete.header("content-length"));
    RecordingExchange growing = f.request(HttpMethod.HEAD, "/live/live/v/4.m4s", null).awaitDone();
    assertEquals(200, growing.status());
    assertEquals(0, growing.body().length);
    RecordingExchange mpd = f.request(HttpMethod.HEAD, "/live/live/index.mpd", null).awaitDone();
    assertEquals(200, mpd.status());
    assertEquals(0, mpd.body().length);
    assertTrue(Integer.parseInt(mpd.header("content-length")) > 0);
  }

  @Test
  void onlyGetAndHead() throws Exception {
    for (HttpMethod m : List.of(HttpMethod.POST, HttpMethod.PUT, HttpMethod.DELETE)) {
      RecordingExchange ex = f.request(m, "/live/live/v/2.m4s", null).awaitDone();
      assertEquals(405, ex.status(), m.name());
      assertEquals("GET, HEAD", ex.header("allow"));
    }
    assertEquals(405, f.request(HttpMethod.POST, "/time", null).awaitDone().status());
  }

  @Test
  void unknownStreamTrackOrPathIs404() throws Exception {
    assertEquals(404, f.fetch("/live/nope/v/1.m4s").status());
    assertEquals(404, f.fetch("/live/live/nope/1.m4s").status());
    assertEquals(404, f.fetch("/live/live/nope/init.mp4").status());
    assertEquals(404, f.fetch("/live/live/nope/index.m3u8").status());
    assertEquals(404, f.fetch("/live/live/v/x.m4s").status());
    assertEquals(404, f.fetch("/live/live/v/1.m4v").status());
    assertEquals(404, f.fetch("/live/live/v/1.2.3.m4s").status());
    assertEquals(404, f.fetch("/live/live").status());
    assertEquals(404, f.fetch("/live/live/a/b/c").status());
    assertEquals(404, f.fetch("/live/live/index.html").status());
  }

  @Test
  void clientAbortStopsStreaming() throws Exception {
    RecordingExchange ex = f.get("/live/live/v/4.m4s");
    f.sync();
    assertEquals(2, ex.writes());
    f.onLoop(ex::abort);
    chunk();
    chunk();
    f.sync();
    assertEquals(2, ex.writes(), "nothing written after the client left");
    RecordingExchange held = f.get("/live/live/v/6.m4s");
    f.sync();
    f.onLoop(held::abort);
    for (int i = 0; i < 10; i++) {
      chunk();
    }
    f.sync();
    assertEquals(0, held.writes());
  }

  @Test
  void slowReaderResumesWhenWritable() throws Exception {
    RecordingExchange ex = f.get("/live/live/v/4.m4s");
    f.sync();
    assertEquals(2, ex.writes());
    ex.writable(false);
    chunk(); // wakes the streamer on the loop (queued before the sync below), which finds no room
    chunk();
    f.sync();
    assertEquals(2, ex.writes(), "held back while the transport is full");
    ex.writable(true); // the writability event runs the waiting task on the loop
    f.sync();
    assertEquals(4, ex.writes(), "resumed once writable, with everything that arrived meanwhile");
    chunk();
    chunk(); // segment 5 starts: 4 is complete
    ex.awaitDone();
    assertTrue(ex.isFinished());
    assertArrayEquals(segmentBytes(4), ex.body());
  }

  @Test
  void lastChunkAndCompletionBetweenTheStreamersLooksAreNotCutOff() throws Exception {
    RecordingExchange ex = f.exchange(HttpMethod.GET, "/live/live/v/4.m4s", null);
    // The streamer wrote both chunks and looks for the third: ingest appends it and completes the
    // segment right then. A streamer that took "no chunk" and then "complete" would finish short.
    Interleave.Step last = Interleave.afterMissingChunk(v.segment(4), () -> ex.writes() == 2, () -> {
      chunk();
      v.completeSegment();
    });
    f.handle(ex);
    assertTrue(last.ran(), "ingest ran between the looks");
    ex.awaitDone();
    assertTrue(ex.isFinished());
    assertEquals(3, sent.get(3).size());
    assertArrayEquals(segmentBytes(4), ex.body(), "all three chunks of the segment");
  }

  @Test
  void segmentStartingAtTheRequestIsServed() throws Exception {
    for (int i = 0; i < 3; i++) {
      chunk(); // segment 4 complete
    }
    // Segment 5 starts between the packager's lookup of it and its look at the newest number: it must
    // be served, not answered 404 "left the time-shift window".
    Interleave.Step start = Interleave.afterMissingSegment(v, this::chunk);
    RecordingExchange ex = f.get("/live/live/v/5.m4s");
    assertTrue(start.ran(), "segment 5 started between the looks");
    f.sync();
    assertEquals(200, ex.status(), ex.text());
    for (int i = 0; i < 5; i++) {
      chunk(); // rest of 5, start of 6
    }
    ex.awaitDone();
    assertArrayEquals(segmentBytes(5), ex.body());
  }

  @Test
  void partArrivingWithTheCompletionIsServed() throws Exception {
    // Part 4.2 and the end of segment 4 land between the packager's look for the part and its look at
    // whether the segment is complete: the part exists, so it is served, not 404 "no such part".
    Interleave.Step arrive = Interleave.afterMissingChunk(v.segment(4), () -> true, () -> {
      chunk();
      v.completeSegment();
    });
    RecordingExchange ex = f.get("/live/live/v/4.2.m4s");
    assertTrue(arrive.ran(), "part and completion landed between the looks");
    ex.awaitDone();
    assertEquals(200, ex.status(), ex.text());
    assertArrayEquals(sent.get(3).get(2), ex.body());
  }

  @Test
  void oneHoldPerStreamedResponse() throws Exception {
    AtomicInteger doneTasks = new AtomicInteger();
    RecordingExchange inner = f.exchange(HttpMethod.GET, "/live/live/v/4.m4s", null);
    f.handle(countingOnDone(inner, doneTasks));
    f.sync();
    for (int i = 0; i < 3; i++) {
      chunk(); // each one awaited by the streamer
      f.sync();
    }
    assertEquals(5, inner.writes());
    chunk(); // segment 5 starts: 4 is complete
    inner.awaitDone();
    assertArrayEquals(segmentBytes(4), inner.body());
    assertEquals(1, doneTasks.get(), "one registration for the whole response, not one per awaited chunk");
  }

  /** {@code inner} behind a proxy that counts {@link Exchange#onDone} registrations. */
  private static Exchange countingOnDone(Exchange inner, AtomicInteger count) {
    return (Exchange) Proxy.newProxyInstance(Exchange.class.getClassLoader(), new Class<?>[] {Exchange.class},
        (proxy, method, args) -> {
          if (method.getName().equals("onDone")) {
            count.incrementAndGet();
          }
          try {
            return method.invoke(inner, args);
          } catch (InvocationTargetException e) {
            throw e.getCause();
          }
        });
  }

  @Test
  void timeIsUtcWithMilliseconds() throws Exception {
    RecordingExchange ex = f.fetch("/time");
    assertEquals(200, ex.status());
    assertEquals(Formats.dateTime(f.clock.now()), ex.text());
    assertTrue(ex.text().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
    assertEquals("no-store", ex.header("cache-control"));
    assertEquals(404, f.fetch("/time/x").status());
  }
}
