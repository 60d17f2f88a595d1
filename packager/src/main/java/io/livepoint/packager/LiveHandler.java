package io.livepoint.packager;

import io.livepoint.core.LiveStream;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.Track;
import io.livepoint.http.Exchange;
import io.livepoint.http.RequestHandler;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.CharsetUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One request below {@code /live/}: finds the stream and track its path names and hands it on. */
final class LiveHandler implements RequestHandler {
  private static final Logger LOG = LoggerFactory.getLogger(LiveHandler.class);

  private final StreamRegistry registry;
  private final ManifestResponder manifests;
  private final MediaResponder media;

  LiveHandler(StreamRegistry registry, ManifestResponder manifests, MediaResponder media) {
    this.registry = registry;
    this.manifests = manifests;
    this.media = media;
  }

  @Override
  public void onRequest(Exchange ex) {
    if (!allowed(ex)) {
      return;
    }
    OutputPath p = OutputPath.parse(ex.subPath());
    if (p == null) {
      MediaResponder.notFound(ex, "no such output");
      return;
    }
    LiveStream stream = registry.get(p.stream());
    if (stream == null) {
      MediaResponder.notFound(ex, "no stream '" + p.stream() + "'");
      return;
    }
    switch (p.kind()) {
      case MPD -> manifests.mpd(ex, stream);
      case MULTIVARIANT -> manifests.multivariant(ex, stream);
      default -> {
        Track track = stream.findTrack(p.track());
        if (track == null || track.header() == null) {
          MediaResponder.notFound(ex, "no track '" + p.track() + "' in stream '" + p.stream() + "'");
          return;
        }
        switch (p.kind()) {
          case MEDIA_PLAYLIST -> manifests.mediaPlaylist(ex, stream, track);
          case INIT -> media.init(ex, track);
          case SEGMENT -> media.segment(ex, track, p.number());
          case PART -> media.part(ex, track, p.number(), p.part());
          default -> throw new IllegalStateException(p.kind().toString());
        }
      }
    }
  }

  @Override
  public void onAbort(Exchange ex, Throwable cause) {
    // Held requests notice through exchange.done(); streamed chunks are released by the exchange.
    LOG.debug("{} {}: client went away ({})", ex.method(), ex.path(), cause.toString());
  }

  /** Only GET and HEAD read outputs: anything else is 405 with an Allow header. */
  static boolean allowed(Exchange ex) {
    HttpMethod m = ex.method();
    if (HttpMethod.GET.equals(m) || HttpMethod.HEAD.equals(m)) {
      return true;
    }
    LOG.info("{} {}: 405, outputs are read-only", m, ex.path());
    HttpHeaders h = new DefaultHttpHeaders();
    h.set(HttpHeaderNames.ALLOW, "GET, HEAD");
    h.set(HttpHeaderNames.CONTENT_TYPE, MediaTypes.TEXT);
    h.set(HttpHeaderNames.CACHE_CONTROL, MediaTypes.NO_STORE);
    ex.respond(HttpResponseStatus.METHOD_NOT_ALLOWED, h,
        Unpooled.copiedBuffer(m + " not allowed; use GET or HEAD\n", CharsetUtil.UTF_8));
    return false;
  }
}
