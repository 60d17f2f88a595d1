package io.livepoint.packager;

import io.livepoint.core.Chunk;
import io.livepoint.core.Segment;
import io.livepoint.core.Track;
import io.livepoint.core.TrackHeader;
import io.livepoint.http.Exchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.IllegalReferenceCountException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves a track's media: the init segment, segments (whole when complete, streamed while growing,
 * awaited when they are the next one or two) and LL-HLS parts (awaited when next). Bytes are the
 * stored chunks' retained duplicates: nothing is copied.
 */
final class MediaResponder {
  private static final Logger LOG = LoggerFactory.getLogger(MediaResponder.class);
  /** A segment this far past the newest is awaited (the next one or two); further is 404. */
  private static final int SEGMENTS_AHEAD = 2;
  /** A part this far past the newest chunk of its segment is awaited (preload hints ask early). */
  private static final int PARTS_AHEAD = 2;

  private final PackagerConfig config;
  private final Consumer<Chunk> delivered;
  private final InbandEvents inband = new InbandEvents();

  /** @param delivered told of every chunk sent to a request that was waiting for it, just before its write */
  MediaResponder(PackagerConfig config, Consumer<Chunk> delivered) {
    this.config = config;
    this.delivered = delivered;
  }

  void init(Exchange ex, Track track) {
    for (int attempt = 0; attempt < 2; attempt++) {
      TrackHeader h = track.header();
      if (h == null) {
        break;
      }
      ByteBuf data;
      try {
        data = h.retainedData();
      } catch (IllegalReferenceCountException replaced) {
        continue; // a new header replaced it just now: take that one
      }
      // The header may change (a new language, ingest 6.3): revalidate rather than keep it.
      ex.respond(HttpResponseStatus.OK, headers(track, MediaTypes.NO_CACHE), data);
      return;
    }
    notFound(ex, "no CMAF header yet");
  }

  void segment(Exchange ex, Track track, long number) {
    Segment seg = track.segment(number);
    if (seg != null) {
      send(ex, track, seg);
      return;
    }
    if (number > track.lastNumber() + SEGMENTS_AHEAD) {
      notFound(ex, "segment too far ahead");
      return;
    }
    whenStarted(ex, track, number, "segment did not start in time", (started, hold) -> {
      if (hold != null) {
        hold.release();
      }
      send(ex, track, started);
    });
  }

  void part(Exchange ex, Track track, long number, int part) {
    Segment seg = track.segment(number);
    if (seg != null) {
      part(ex, track, seg, part, null);
      return;
    }
    long last = track.lastNumber();
    if (number > last + 1 || (number == last + 1 && part > PARTS_AHEAD)) {
      notFound(ex, "part too far ahead");
      return;
    }
    whenStarted(ex, track, number, "part did not arrive in time",
        (started, hold) -> part(ex, track, started, part, hold));
  }

  /**
   * Goes on with segment {@code number} once it has started. Whether it started, has not yet, or left
   * the window is decided by {@link Track#awaitSegment} under the track's lock: a segment that started
   * just after the caller's lookup is found, not taken for one that left the window.
   *
   * @param then gets the segment and the hold that waited for it (its deadline still running), or null
   *     when there was no wait; on the exchange's executor
   */
  private void whenStarted(Exchange ex, Track track, long number, String timeoutWhy,
      BiConsumer<Segment, Hold> then) {
    CompletableFuture<Segment> started = track.awaitSegment(number);
    if (started.isDone()) {
      Segment s = started.getNow(null);
      if (s == null) {
        notFound(ex, "segment left the time-shift window");
      } else {
        then.accept(s, null);
      }
      return;
    }
    if (track.isEnded()) {
      started.cancel(false);
      notFound(ex, "track ended before that segment");
      return;
    }
    Hold hold = new Hold(ex);
    hold.deadline(waitNanos(track, config.segmentWaitTimeout()), () -> notFound(ex, timeoutWhy));
    hold.await(started, s -> {
      if (s == null) {
        hold.release();
        notFound(ex, "segment gone");
      } else {
        then.accept(s, hold);
      }
    });
  }

  /** Part {@code part} of a segment that has started: sent, awaited when it is next, else 404. */
  private void part(Exchange ex, Track track, Segment seg, int part, Hold waiting) {
    // Completeness first: complete before the look for the chunk means a missing chunk never comes.
    // The other order would answer 404 when the chunk and the completion land in between.
    boolean complete = seg.isComplete();
    Chunk c = seg.chunk(part);
    if (c == null && !complete && part <= seg.chunkCount() + PARTS_AHEAD) {
      Hold hold = waiting != null ? waiting : new Hold(ex);
      if (waiting == null) { // else the deadline of the wait for the segment goes on
        hold.deadline(waitNanos(track, config.segmentWaitTimeout()), () -> notFound(ex, "part did not arrive in time"));
      }
      hold.await(seg.awaitChunk(part), arrived -> {
        hold.release();
        if (arrived == null) {
          notFound(ex, "segment completed without that part");
        } else {
          delivered.accept(arrived); // as its first byte leaves
          sendChunk(ex, track, seg, part, arrived);
        }
      });
      return;
    }
    if (waiting != null) {
      waiting.release();
    }
    if (c != null) {
      sendChunk(ex, track, seg, part, c);
    } else if (!complete) {
      notFound(ex, "part too far ahead");
    } else {
      notFound(ex, seg.chunkCount() == 0 ? "part left the time-shift window" : "segment has no such part");
    }
  }

  /** A complete segment in one response with its length; a growing one streamed as it grows. */
  private void send(Exchange ex, Track track, Segment seg) {
    boolean complete = seg.isComplete(); // read before the chunks: if complete, they are final
    if (!complete) {
      new SegmentStreamer(ex, seg, waitNanos(track, config.blockingReloadTimeout()), delivered, this::bytes)
          .start(headers(track, MediaTypes.NO_CACHE));
      return;
    }
    List<Chunk> chunks = seg.chunks();
    if (chunks.isEmpty()) {
      notFound(ex, "segment left the time-shift window");
      return;
    }
    CompositeByteBuf body = ex.alloc().compositeBuffer(Math.max(16, chunks.size()));
    try {
      for (int i = 0; i < chunks.size(); i++) {
        body.addComponent(true, bytes(seg, i, chunks.get(i), ex.alloc()));
      }
    } catch (IllegalReferenceCountException gone) {
      body.release();
      notFound(ex, "segment left the time-shift window");
      return;
    }
    ex.respond(HttpResponseStatus.OK, headers(track, immutable(track)), body);
  }

  private void sendChunk(Exchange ex, Track track, Segment seg, int index, Chunk c) {
    ByteBuf data;
    try {
      data = bytes(seg, index, c, ex.alloc());
    } catch (IllegalReferenceCountException gone) {
      notFound(ex, "part left the time-shift window");
      return;
    }
    ex.respond(HttpResponseStatus.OK, headers(track, immutable(track)), data);
  }

  /**
   * Chunk {@code index} of a segment as served, a buffer the caller owns: the stored bytes, and in the
   * first chunk the stream's events inband when configured (see {@link InbandEvents}).
   *
   * @throws IllegalReferenceCountException when the chunk left the window
   */
  ByteBuf bytes(Segment seg, int index, Chunk c, io.netty.buffer.ByteBufAllocator alloc) {
    return index == 0 && config.inbandEvents() && InbandEvents.carries(seg.track())
        ? inband.firstChunk(seg, c, alloc) : c.retainedData();
  }

  private static HttpHeaders headers(Track track, String cacheControl) {
    HttpHeaders h = new DefaultHttpHeaders();
    TrackHeader header = track.header();
    h.set(HttpHeaderNames.CONTENT_TYPE, header == null ? MediaTypes.MP4 : MediaTypes.of(header.info()));
    h.set(HttpHeaderNames.CACHE_CONTROL, cacheControl);
    return h;
  }

  /** Segments and parts never change under their URL while the window holds them. */
  private static String immutable(Track track) {
    return MediaTypes.immutable(track.stream().settings().timeShiftWindow().toSeconds());
  }

  static long waitNanos(Track track, double targetDurations) {
    return (long) (track.stream().settings().targetSegmentDuration().toNanos() * targetDurations);
  }

  static void notFound(Exchange ex, String why) {
    LOG.debug("{} {}: 404, {}", ex.method(), ex.path(), why);
    ex.respond(HttpResponseStatus.NOT_FOUND, MediaTypes.TEXT, why + "\n");
  }
}
