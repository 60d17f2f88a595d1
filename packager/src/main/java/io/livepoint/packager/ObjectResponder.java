package io.livepoint.packager;

import io.livepoint.core.LiveStream;
import io.livepoint.core.store.ObjectKind;
import io.livepoint.core.store.ObjectStore;
import io.livepoint.core.store.StoredObject;
import io.livepoint.http.Exchange;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.IllegalReferenceCountException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves Interface-2 objects back as the source sent them (the pass-through origin): a finished object
 * in one response with its length, one still being uploaded streamed as it grows. Content-Type is the
 * one the ingest side stored (Table 6 of DASH-IF ingest); manifests must be revalidated, finished media
 * may be cached for the store's retention.
 */
final class ObjectResponder {
  /**
   * How long a growing object may go without a byte before its reader is cut off. A stalled upload is
   * ended by the HTTP idle timeout (which fails the object and cuts its readers off); this is the net
   * under that.
   */
  static final long GROWTH_IDLE_NANOS = TimeUnit.SECONDS.toNanos(30);

  private static final Logger LOG = LoggerFactory.getLogger(ObjectResponder.class);
  private static final int MAX_WARNED = 10_000;

  private final ObjectStore store;
  /** stream/track pairs warned about by {@link #shadows}. */
  private final Set<String> warned = ConcurrentHashMap.newKeySet();

  ObjectResponder(ObjectStore store) {
    this.store = store;
  }

  /**
   * Warns once per track when an encoder's object sits at a path the generated outputs of that track
   * use ({track}/init.mp4, {track}/{n}.m4s, {track}/index.m3u8): the object is served there, so the
   * generated manifests are only right if the encoder numbers its segments as the model does.
   */
  void shadows(OutputPath p, LiveStream stream) {
    if (stream == null || stream.findTrack(p.track()) == null || warned.size() > MAX_WARNED
        || !warned.add(p.stream() + "/" + p.track())) {
      return;
    }
    LOG.warn("stream {}: the encoder's objects use the generated output names of track {} (e.g. {}); they are "
        + "served as sent, so generated manifests of that track are right only if its segment numbers match",
        p.stream(), p.track(), p.stream() + "/" + p.track() + "/...");
  }

  /** The object at {@code path} of {@code stream}, or null. */
  StoredObject find(String stream, String path) {
    return store.get(stream, path);
  }

  void serve(Exchange ex, StoredObject o) {
    boolean complete = o.isComplete(); // read first: if complete, the bytes are final
    if (!complete) {
      new ObjectStreamer(ex, o, GROWTH_IDLE_NANOS).start(headers(o, MediaTypes.NO_CACHE));
      return;
    }
    ByteBuf body;
    try {
      body = o.retainedContent();
    } catch (IllegalReferenceCountException gone) {
      MediaResponder.notFound(ex, "object deleted");
      return;
    }
    ex.respond(HttpResponseStatus.OK, headers(o, cacheControl(o)), body);
  }

  private String cacheControl(StoredObject o) {
    return o.kind() == ObjectKind.MEDIA || o.kind() == ObjectKind.INIT
        ? "max-age=" + Math.max(1, store.limits().retention().toSeconds())
        : MediaTypes.NO_CACHE;
  }

  private static HttpHeaders headers(StoredObject o, String cacheControl) {
    HttpHeaders h = new DefaultHttpHeaders();
    h.set(HttpHeaderNames.CONTENT_TYPE, o.contentType());
    h.set(HttpHeaderNames.CACHE_CONTROL, cacheControl);
    // Served exactly as a source sent it: never let a browser guess it into something active.
    h.set("X-Content-Type-Options", "nosniff");
    return h;
  }
}
