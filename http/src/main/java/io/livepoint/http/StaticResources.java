package io.livepoint.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Serves files from the class path (the web UI, bundled players) below a route prefix. Files are read
 * once and kept: they are few and small, and this keeps disk I/O off the event loop after first use.
 */
public final class StaticResources {
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("map", "application/json"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("txt", "text/plain; charset=utf-8"));

  private final String base;
  private final String index;
  private final String cacheControl;
  private final Map<String, byte[]> cache = new ConcurrentHashMap<>();

  /**
   * @param base class-path folder, e.g. {@code web}
   * @param index file served for an empty sub-path (null: none)
   * @param cacheControl Cache-Control of every answer
   */
  public StaticResources(String base, String index, String cacheControl) {
    this.base = base.endsWith("/") ? base : base + "/";
    this.index = index;
    this.cacheControl = cacheControl;
  }

  public RequestHandler newHandler() {
    return this::serve;
  }

  private void serve(Exchange ex) throws IOException {
    if (!HttpMethod.GET.equals(ex.method()) && !HttpMethod.HEAD.equals(ex.method())) {
      ex.respond(HttpResponseStatus.METHOD_NOT_ALLOWED, null, "only GET and HEAD\n");
      return;
    }
    String sub = ex.subPath().isEmpty() && index != null ? index : ex.subPath();
    if (sub.isEmpty() || sub.contains("..") || sub.contains("\\") || sub.startsWith("/")) {
      ex.respond(HttpResponseStatus.NOT_FOUND, null, "not found\n");
      return;
    }
    byte[] body = load(sub);
    if (body == null) {
      ex.respond(HttpResponseStatus.NOT_FOUND, null, "not found: " + ex.path() + "\n");
      return;
    }
    HttpHeaders h = new DefaultHttpHeaders();
    String ext = sub.substring(sub.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    h.set(HttpHeaderNames.CONTENT_TYPE, TYPES.getOrDefault(ext, "application/octet-stream"));
    h.set(HttpHeaderNames.CACHE_CONTROL, cacheControl);
    ex.respond(HttpResponseStatus.OK, h, Unpooled.wrappedBuffer(body));
  }

  private byte[] load(String sub) throws IOException {
    byte[] b = cache.get(sub);
    if (b != null) {
      return b;
    }
    try (InputStream in = StaticResources.class.getClassLoader().getResourceAsStream(base + sub)) {
      if (in == null) {
        return null;
      }
      b = in.readAllBytes();
    }
    cache.put(sub, b);
    return b;
  }
}
