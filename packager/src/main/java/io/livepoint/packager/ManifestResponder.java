package io.livepoint.packager;

import io.livepoint.core.Chunk;
import io.livepoint.core.Clock;
import io.livepoint.core.LiveStream;
import io.livepoint.core.Segment;
import io.livepoint.core.Track;
import io.livepoint.http.Exchange;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves the MPD, the multivariant playlist and media playlists from the {@link ManifestCache}, and
 * holds LL-HLS blocking playlist requests ({@code _HLS_msn}, {@code _HLS_part}) until the playlist
 * holds what they ask for.
 */
final class ManifestResponder {
  private static final Logger LOG = LoggerFactory.getLogger(ManifestResponder.class);

  private final PackagerConfig config;
  private final Clock clock;
  private final ManifestCache cache;
  private final MpdWriter mpd;
  private final HlsMultivariantWriter multivariant = new HlsMultivariantWriter();
  private final HlsMediaPlaylistWriter media = new HlsMediaPlaylistWriter();
  private final ChangeSignals signals = new ChangeSignals();

  private final Consumer<Chunk> released;

  /** @param released told of the chunk that released a held playlist request (a blocking reload) */
  ManifestResponder(PackagerConfig config, Clock clock, ManifestCache cache, Consumer<Chunk> released) {
    this.config = config;
    this.released = released;
    this.clock = clock;
    this.cache = cache;
    this.mpd = new MpdWriter(config);
  }

  void mpd(Exchange ex, LiveStream stream) {
    String timeUrl = TimeUrl.of(ex);
    StreamSnapshot snap = cache.snapshot(stream);
    byte[] doc = cache.document(snap, new ManifestCache.Key(stream.name(), OutputPath.Kind.MPD, timeUrl),
        s -> mpd.write(s, clock.now(), timeUrl));
    if (doc == null) {
      MediaResponder.notFound(ex, "stream has no segment to list yet");
      return;
    }
    send(ex, MediaTypes.MPD, MediaTypes.NO_CACHE, doc);
  }

  void multivariant(Exchange ex, LiveStream stream) {
    StreamSnapshot snap = cache.snapshot(stream);
    byte[] doc = cache.document(snap, new ManifestCache.Key(stream.name(), OutputPath.Kind.MULTIVARIANT, ""),
        s -> multivariant.write(HlsTiming.of(s, config)));
    if (doc == null) {
      MediaResponder.notFound(ex, "stream has no audio or video yet");
      return;
    }
    send(ex, MediaTypes.M3U8, MediaTypes.NO_CACHE, doc);
  }

  /** A media playlist; with delivery directives, held until it holds the asked-for segment or part. */
  void mediaPlaylist(Exchange ex, LiveStream stream, Track track) {
    String msnText = ex.query(Hls.MSN);
    String partText = ex.query(Hls.PART_PARAM);
    String skipText = ex.query(Hls.SKIP_PARAM);
    boolean skip = "YES".equals(skipText) || "v2".equals(skipText);
    if (msnText == null) {
      if (partText != null) {
        badRequest(ex, Hls.PART_PARAM + " without " + Hls.MSN);
        return;
      }
      playlist(ex, cache.snapshot(stream), track, skip, MediaTypes.NO_CACHE);
      return;
    }
    long msn = OutputPath.number(msnText, Long.MAX_VALUE);
    long part = partText == null ? -1 : OutputPath.number(partText, Integer.MAX_VALUE);
    if (msn < 0 || (partText != null && part < 0)) {
      badRequest(ex, "malformed delivery directive " + Hls.MSN + "=" + msnText + " " + Hls.PART_PARAM + "=" + partText);
      return;
    }
    Directive want = new Directive(msn, (int) part);
    String tooFar = tooFarAhead(stream, track, want);
    if (tooFar != null) {
      badRequest(ex, tooFar);
      return;
    }
    StreamSnapshot snap = cache.snapshot(stream);
    if (answers(snap, track, want)) {
      playlist(ex, snap, track, skip, cacheControlFor(stream));
      return;
    }
    Hold hold = new Hold(ex);
    hold.deadline(MediaResponder.waitNanos(track, config.blockingReloadTimeout()), () -> {
      StreamSnapshot last = cache.snapshot(stream);
      if (answers(last, track, want)) {
        playlist(ex, last, track, skip, cacheControlFor(stream));
      } else {
        LOG.info("{} {}: blocking reload for {} timed out", ex.method(), ex.path(), want);
        ex.respond(HttpResponseStatus.SERVICE_UNAVAILABLE, MediaTypes.TEXT,
            "playlist did not reach " + want + " in time\n");
      }
    });
    awaitDirective(ex, hold, stream, track, skip, want, false);
  }

  /**
   * Waits for the stream's changes until its snapshot answers the directive. The decision is made on
   * the snapshot the answer is rendered from, never on the live track: the track may already hold a
   * chunk the stream's version does not count yet, and a playlist rendered from the cached snapshot
   * would then lack it.
   */
  private void awaitDirective(Exchange ex, Hold hold, LiveStream stream, Track track, boolean skip, Directive want,
      boolean waited) {
    CompletableFuture<Void> change = signals.next(stream); // before the check: no change slips by
    StreamSnapshot snap = cache.snapshot(stream);
    if (answers(snap, track, want)) {
      change.cancel(false);
      hold.release();
      playlist(ex, snap, track, skip, cacheControlFor(stream));
      if (waited) {
        reportRelease(track, want);
      }
      return;
    }
    hold.await(change, ignored -> awaitDirective(ex, hold, stream, track, skip, want, true));
  }

  /** Tells of the part a held request asked for, now that it went out listing it. */
  private void reportRelease(Track track, Directive want) {
    Segment seg = want.part() < 0 ? null : track.segment(want.msn());
    Chunk c = seg == null ? null : seg.chunk(want.part());
    if (c != null) {
      released.accept(c);
    }
  }

  /** Whether a blocking request can be answered from {@code snap}: it reached the directive, or ended. */
  private boolean answers(StreamSnapshot snap, Track track, Directive want) {
    TrackSnapshot t = HlsTiming.of(snap, config).track(track.id());
    if (t == null) {
      return track.isEnded(); // nothing listed: the answer is a 404 either way
    }
    return t.ended || reached(t, want);
  }

  /** Whether a snapshot's playlist shows what the directive asks for. */
  static boolean reached(TrackSnapshot t, Directive want) {
    SegmentSnapshot newest = t.segments.get(t.segments.size() - 1);
    if (newest.number() != want.msn()) {
      return newest.number() > want.msn();
    }
    return newest.complete() || (want.part() >= 0 && newest.chunks().size() > want.part());
  }

  /** RFC 8216bis 6.2.5.2: a directive too far past the playlist is answered 400 at once. */
  private String tooFarAhead(LiveStream stream, Track track, Directive want) {
    long last = track.lastNumber();
    Segment newest = last > 0 ? track.segment(last) : null;
    long lastComplete = newest != null && !newest.isComplete() ? last - 1 : last;
    if (want.msn() > lastComplete + Hls.MAX_MSN_AHEAD) {
      return Hls.MSN + "=" + want.msn() + " is more than " + Hls.MAX_MSN_AHEAD
          + " segments past the last one (" + lastComplete + ")";
    }
    if (want.part() >= 0) {
      HlsTiming timing = HlsTiming.of(cache.snapshot(stream), config);
      // Advance Part Limit: 3 parts, or 3 seconds' worth when parts are shorter than a second.
      double partTarget = timing.partTarget();
      long limit = partTarget > 0 && partTarget < 1 ? (long) Math.ceil(3 / partTarget) : 3;
      long ahead;
      if (want.msn() == last && newest != null && !newest.isComplete()) {
        ahead = want.part() - (newest.chunkCount() - 1);
      } else if (want.msn() > last) {
        ahead = want.part() + 1;
      } else {
        ahead = 0;
      }
      if (ahead > limit) {
        return Hls.PART_PARAM + "=" + want.part() + " is " + ahead + " parts past the last one";
      }
    }
    return null;
  }

  private void playlist(Exchange ex, StreamSnapshot snap, Track track, boolean skip, String cacheControl) {
    HlsTiming timing = HlsTiming.of(snap, config);
    TrackSnapshot t = timing.track(track.id());
    if (t == null) {
      MediaResponder.notFound(ex, "track has no playable media yet");
      return;
    }
    byte[] doc = cache.document(snap,
        new ManifestCache.Key(snap.stream.name(), OutputPath.Kind.MEDIA_PLAYLIST, track.id() + (skip ? "|skip" : "")),
        s -> media.write(s, timing, t, skip));
    send(ex, MediaTypes.M3U8, cacheControl, doc);
  }

  /** The answer to a blocking request names one playlist state: caches may keep it a while. */
  private static String cacheControlFor(LiveStream stream) {
    return MediaTypes.blockingPlaylist(stream.settings().targetSegmentDuration().toSeconds() * Hls.SKIP_BOUNDARY_TARGETS);
  }

  private static void send(Exchange ex, String contentType, String cacheControl, byte[] doc) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set(HttpHeaderNames.CONTENT_TYPE, contentType);
    h.set(HttpHeaderNames.CACHE_CONTROL, cacheControl);
    ex.respond(HttpResponseStatus.OK, h, Unpooled.wrappedBuffer(doc));
  }

  private static void badRequest(Exchange ex, String why) {
    LOG.info("{} {}: 400, {}", ex.method(), ex.path(), why);
    ex.respond(HttpResponseStatus.BAD_REQUEST, MediaTypes.TEXT, why + "\n");
  }

  /** An LL-HLS delivery directive: segment {@code msn}, and part {@code part} of it (or -1). */
  record Directive(long msn, int part) {
    @Override
    public String toString() {
      return part < 0 ? "msn " + msn : "msn " + msn + " part " + part;
    }
  }
}
