package io.livepoint.packager;

import io.livepoint.core.LiveStream;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.Track;
import io.livepoint.core.store.ObjectPath;
import io.livepoint.core.store.StoredObject;
import io.livepoint.http.Exchange;
import io.livepoint.http.RequestHandler;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.CharsetUtil;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request below {@code /live/}: finds what its path names (a generated output of the live model,
 * or an object an encoder published by Interface-2) and hands it on.
 *
 * <p>Where both could answer, the rule is: a stored object is served at its exact path, except at the
 * two stream-level names the server generates, {@code index.mpd} and {@code index.m3u8}, which stay the
 * generated manifests while the stream has a live model (an encoder's own manifest of that name is
 * stored and served only while there is no model, e.g. an HLS stream of TS segments). So what an
 * encoder PUT is what a player GETs at every other path, and the documented generated URLs never change
 * meaning. Encoders should name their manifests otherwise (FFmpeg: {@code manifest.mpd},
 * {@code master.m3u8}) to have both.
 */
final class LiveHandler implements RequestHandler {
  private static final Logger LOG = LoggerFactory.getLogger(LiveHandler.class);
  private static final Pattern ENCODED_SEPARATOR = Pattern.compile("%(2[fF]|5[cC]|00)");

  private final StreamRegistry registry;
  private final ManifestResponder manifests;
  private final MediaResponder media;
  /** Interface-2 objects, or null when the server stores none. */
  private final ObjectResponder objects;

  LiveHandler(StreamRegistry registry, ManifestResponder manifests, MediaResponder media, ObjectResponder objects) {
    this.registry = registry;
    this.manifests = manifests;
    this.media = media;
    this.objects = objects;
  }

  @Override
  public void onRequest(Exchange ex) {
    if (!allowed(ex)) {
      return;
    }
    OutputPath p = OutputPath.parse(ex.subPath());
    boolean streamLevel = p != null && (p.kind() == OutputPath.Kind.MPD || p.kind() == OutputPath.Kind.MULTIVARIANT);
    if (!(streamLevel && registry.get(p.stream()) != null)) {
      StoredObject o = storedObject(ex);
      if (o != null) {
        if (p != null && p.track() != null) {
          objects.shadows(p, registry.get(p.stream()));
        }
        objects.serve(ex, o);
        return;
      }
    }
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

  /** The stored object the request path names, or null (no store, no such object, or not an object path). */
  private StoredObject storedObject(Exchange ex) {
    if (objects == null) {
      return null;
    }
    String raw = ex.request().uri();
    int q = raw.indexOf('?');
    if (ENCODED_SEPARATOR.matcher(q < 0 ? raw : raw.substring(0, q)).find()) {
      return null; // an encoded slash names no object: objects are stored under plain paths only
    }
    String sub = ex.subPath();
    int slash = sub.indexOf('/');
    if (slash <= 0 || !ObjectPath.valid(sub.substring(slash + 1))) {
      return null;
    }
    return objects.find(sub.substring(0, slash), sub.substring(slash + 1));
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
