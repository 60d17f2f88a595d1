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
    HttpHeaders h = headers(o, cacheControl(o));
    String etag = etag(o);
    h.set(HttpHeaderNames.ETAG, etag);
    h.set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
    if (matches(ex.headers().get(HttpHeaderNames.IF_NONE_MATCH), etag)) {
      ex.respond(HttpResponseStatus.NOT_MODIFIED, h, null); // a CDN in front revalidates cheaply
      return;
    }
    ByteBuf body;
    try {
      body = o.retainedContent();
    } catch (IllegalReferenceCountException gone) {
      MediaResponder.notFound(ex, "object deleted");
      return;
    }
    long[] range = range(ex.headers().get(HttpHeaderNames.RANGE), body.readableBytes());
    if (range == null) {
      ex.respond(HttpResponseStatus.OK, h, body);
    } else if (range.length == 0) {
      body.release();
      h.set(HttpHeaderNames.CONTENT_RANGE, "bytes */" + o.size());
      ex.respond(HttpResponseStatus.REQUESTED_RANGE_NOT_SATISFIABLE, h, null);
    } else {
      // Byte ranges (HLS EXT-X-BYTERANGE, DASH SegmentBase): a slice of the one stored copy.
      int from = (int) range[0];
      int length = (int) (range[1] - range[0] + 1);
      ByteBuf part = body.retainedSlice(from, length);
      body.release();
      h.set(HttpHeaderNames.CONTENT_RANGE, "bytes " + range[0] + "-" + range[1] + "/" + o.size());
      ex.respond(HttpResponseStatus.PARTIAL_CONTENT, h, part);
    }
  }

  /** A strong validator that changes whenever the path is written again. */
  static String etag(StoredObject o) {
    return "\"" + Long.toHexString(o.createdNanos()) + "-" + Long.toHexString(o.generation()) + "-"
        + Long.toHexString(o.size()) + "\"";
  }

  /** Whether an If-None-Match header names {@code etag} (or is "*"). */
  static boolean matches(String ifNoneMatch, String etag) {
    if (ifNoneMatch == null) {
      return false;
    }
    for (String t : ifNoneMatch.split(",")) {
      String tag = t.trim();
      if (tag.startsWith("W/")) {
        tag = tag.substring(2);
      }
      if (tag.equals("*") || tag.equals(etag)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The one byte range a Range header asks for as {first, last}; null to send everything (no header,
   * not bytes, several ranges, or malformed: RFC 9110 lets a server ignore it); an empty array when it
   * cannot be satisfied (416).
   */
  static long[] range(String header, long size) {
    if (header == null || !header.regionMatches(true, 0, "bytes=", 0, 6) || header.indexOf(',') >= 0) {
      return null;
    }
    String spec = header.substring(6).trim();
    int dash = spec.indexOf('-');
    if (dash < 0) {
      return null;
    }
    long first = OutputPath.number(spec.substring(0, dash).trim(), Long.MAX_VALUE);
    long last = OutputPath.number(spec.substring(dash + 1).trim(), Long.MAX_VALUE);
    if (dash == 0) { // bytes=-N: the last N bytes
      if (last < 0) {
        return null;
      }
      return last == 0 || size == 0 ? new long[0] : new long[] {Math.max(0, size - last), size - 1};
    }
    if (first < 0 || dash + 1 < spec.length() && last < 0 || last >= 0 && last < first) {
      return null;
    }
    if (first >= size) {
      return new long[0];
    }
    return new long[] {first, last < 0 ? size - 1 : Math.min(last, size - 1)};
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
