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

  /** @param delivered told of every chunk sent to a request that was waiting for it */
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
    long last = track.lastNumber();
    if (number <= last || number > last + SEGMENTS_AHEAD || track.isEnded()) {
      notFound(ex, number <= last ? "segment left the time-shift window" : "segment too far ahead");
      return;
    }
    Hold hold = new Hold(ex, waitNanos(track, config.segmentWaitTimeout()),
        () -> notFound(ex, "segment did not start in time"));
    hold.await(track.awaitSegment(number), started -> {
      hold.release();
      if (started == null) {
        notFound(ex, "segment gone");
      } else {
        send(ex, track, started);
      }
    });
  }

  void part(Exchange ex, Track track, long number, int part) {
    Segment seg = track.segment(number);
    if (seg != null) {
      Chunk c = seg.chunk(part);
      if (c != null) {
        sendChunk(ex, track, c);
        return;
      }
      if (seg.isComplete() || part > seg.chunkCount() + PARTS_AHEAD) {
        notFound(ex, seg.isComplete() ? "segment has no such part" : "part too far ahead");
        return;
      }
      awaitPart(ex, track, seg, part);
      return;
    }
    long last = track.lastNumber();
    if (number != last + 1 || part > PARTS_AHEAD || track.isEnded()) {
      notFound(ex, number <= last ? "segment left the time-shift window" : "part too far ahead");
      return;
    }
    Hold hold = new Hold(ex, waitNanos(track, config.segmentWaitTimeout()),
        () -> notFound(ex, "part did not arrive in time"));
    hold.await(track.awaitSegment(number), started -> {
      hold.release();
      if (started == null) {
        notFound(ex, "segment gone");
      } else {
        part(ex, track, number, part);
      }
    });
  }

  private void awaitPart(Exchange ex, Track track, Segment seg, int part) {
    Hold hold = new Hold(ex, waitNanos(track, config.segmentWaitTimeout()),
        () -> notFound(ex, "part did not arrive in time"));
    hold.await(seg.awaitChunk(part), c -> {
      hold.release();
      if (c == null) {
        notFound(ex, "segment completed without that part");
      } else {
        sendChunk(ex, track, c);
        delivered.accept(c);
      }
    });
  }

  /** A complete segment in one response with its length; a growing one streamed as it grows. */
  private void send(Exchange ex, Track track, Segment seg) {
    boolean complete = seg.isComplete(); // read before the chunks: if complete, they are final
    if (!complete) {
      new SegmentStreamer(ex, seg, waitNanos(track, config.blockingReloadTimeout()), delivered)
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
      for (Chunk c : chunks) {
        body.addComponent(true, c.retainedData());
      }
    } catch (IllegalReferenceCountException gone) {
      body.release();
      notFound(ex, "segment left the time-shift window");
      return;
    }
    ex.respond(HttpResponseStatus.OK, headers(track, immutable(track)), body);
  }

  private void sendChunk(Exchange ex, Track track, Chunk c) {
    ByteBuf data;
    try {
      data = c.retainedData();
    } catch (IllegalReferenceCountException gone) {
      notFound(ex, "part left the time-shift window");
      return;
    }
    ex.respond(HttpResponseStatus.OK, headers(track, immutable(track)), data);
  }

  private static HttpHeaders headers(Track track, String cacheControl) {
    HttpHeaders h = new DefaultHttpHeaders();
    TrackHeader header = track.header();
    h.set(HttpHeaderNames.CONTENT_TYPE, header == null ? "application/mp4" : MediaTypes.of(header.info()));
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
