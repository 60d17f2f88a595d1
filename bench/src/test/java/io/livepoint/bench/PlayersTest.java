package io.livepoint.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Chunk;
import io.livepoint.core.Clock;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.Track;
import io.livepoint.core.TrackHeader;
import io.livepoint.media.cmaf.TrackInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The players against a live track of the core model, their HTTP side played by hand: which request
 * follows which answer, and which chunk deliveries they time.
 */
class PlayersTest {
  private static final TrackInfo VIDEO = new TrackInfo(1, "vide", 90_000, "und", null, "avc1", "avc1.64001f",
      1280, 720, 0, 0, 4_000_000, 4_000_000, List.of(), 0, 0);

  private StreamRegistry registry;
  private Track track;
  private long tfdt;
  private long sequence;

  @BeforeEach
  void live() {
    registry = new StreamRegistry(Clock.SYSTEM);
    track = registry.getOrCreate("s").track("v");
    track.setHeader(new TrackHeader(Unpooled.copiedBuffer("init", StandardCharsets.US_ASCII), VIDEO));
  }

  @AfterEach
  void close() {
    registry.close();
  }

  /** Appends a chunk of {@code size} bytes, 0.5 s long, arrived now. */
  private void chunk(int size, boolean startsSegment) {
    track.append(new Chunk(Unpooled.buffer(size).writeZero(size), tfdt, 45_000, startsSegment, ++sequence,
        System.nanoTime(), null), startsSegment ? Track.Cut.START : Track.Cut.CONTINUE, false);
    tfdt += 45_000;
  }

  @Test
  void dashPlayerTimesEachChunkAtItsLastByteThenAsksForTheNextSegment() {
    LoadStats stats = new LoadStats();
    stats.start();
    chunk(100, true);
    EmbeddedChannel ch = new EmbeddedChannel(new DashPlayer(stats, track, "s"));
    assertEquals("GET /live/s/v/1.m4s", requestLine(ch));
    ch.writeInbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
    ch.writeInbound(body(60));
    assertEquals(0, stats.delivery.count(), "chunk 0 is not all in yet");
    ch.writeInbound(body(40));
    assertEquals(1, stats.delivery.count());
    chunk(50, false);
    ch.writeInbound(body(30));
    ch.writeInbound(new DefaultLastHttpContent(Unpooled.buffer(20).writeZero(20)));
    assertEquals(2, stats.delivery.count());
    assertEquals(150, stats.bytes());
    assertEquals("GET /live/s/v/2.m4s", requestLine(ch));
    assertEquals(0, stats.errors());
    ch.finishAndReleaseAll();
  }

  @Test
  void hlsPlayerReloadsForTheNextPartFetchesItAndMovesToTheNextSegmentWhenThePlaylistSaysSo() {
    LoadStats stats = new LoadStats();
    stats.start();
    chunk(100, true);
    EmbeddedChannel ch = new EmbeddedChannel(new HlsPlayer(stats, track, "s"));
    assertEquals("GET /live/s/v/index.m3u8?_HLS_msn=1&_HLS_part=1", requestLine(ch));
    chunk(80, false);
    answer(ch, "#EXT-X-PART:DURATION=0.5,URI=\"1.0.m4s\"\n#EXT-X-PART:DURATION=0.5,URI=\"1.1.m4s\"\n");
    assertEquals("GET /live/s/v/1.1.m4s", requestLine(ch));
    answer(ch, "x".repeat(80));
    assertEquals(1, stats.delivery.count(), "part 1.1 timed");
    assertEquals("GET /live/s/v/index.m3u8?_HLS_msn=1&_HLS_part=2", requestLine(ch));
    // Segment 1 ended after two parts: the playlist lists 2.0, not 1.2.
    chunk(90, true);
    answer(ch, "URI=\"1.1.m4s\"\n#EXTINF:1.0,\n1.m4s\n#EXT-X-PART:DURATION=0.5,URI=\"2.0.m4s\",INDEPENDENT=YES\n");
    assertEquals("GET /live/s/v/2.0.m4s", requestLine(ch));
    answer(ch, "y".repeat(90));
    assertEquals(2, stats.delivery.count());
    assertEquals("GET /live/s/v/index.m3u8?_HLS_msn=2&_HLS_part=1", requestLine(ch));
    // Neither 2.1 nor 3.0 listed (the server ended segment 2 early): ask for segment 3's first part.
    answer(ch, "#EXTINF:0.5,\n2.m4s\n");
    assertEquals("GET /live/s/v/index.m3u8?_HLS_msn=3&_HLS_part=0", requestLine(ch));
    assertEquals(0, stats.errors());
    ch.finishAndReleaseAll();
  }

  @Test
  void anErrorAnswerCountsAndTheNextRequestIsNotSentAtOnce() {
    LoadStats stats = new LoadStats();
    stats.start();
    chunk(10, true);
    EmbeddedChannel ch = new EmbeddedChannel(new DashPlayer(stats, track, "s"));
    requestLine(ch);
    ch.writeInbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.NOT_FOUND));
    ch.writeInbound(LastHttpContent.EMPTY_LAST_CONTENT);
    assertEquals(1, stats.errors());
    Object next = ch.readOutbound();
    assertNull(next, "the player waits before it re-joins");
    ch.finishAndReleaseAll();
  }

  private static DefaultHttpContent body(int n) {
    return new DefaultHttpContent(Unpooled.buffer(n).writeZero(n));
  }

  private static void answer(EmbeddedChannel ch, String body) {
    ch.writeInbound(new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK));
    ch.writeInbound(new DefaultLastHttpContent(Unpooled.copiedBuffer(body, StandardCharsets.US_ASCII)));
  }

  /** The request line the player wrote (and that the request is complete and well-formed). */
  private static String requestLine(EmbeddedChannel ch) {
    ByteBuf b = ch.readOutbound();
    try {
      String req = b.toString(StandardCharsets.US_ASCII);
      assertTrue(req.endsWith("\r\n\r\n"), req);
      assertTrue(req.contains("\r\nHost: "), req);
      return req.substring(0, req.indexOf(" HTTP/1.1\r\n"));
    } finally {
      b.release();
    }
  }
}
