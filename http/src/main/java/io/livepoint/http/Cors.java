package io.livepoint.http;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;

/** CORS for every response: players on other origins must be able to read manifests and media. */
final class Cors {
  private Cors() {}

  static final String ALLOWED_METHODS = "GET, HEAD, POST, PUT, DELETE, OPTIONS";

  static void addTo(HttpHeaders h) {
    h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_ORIGIN, "*");
    h.set(HttpHeaderNames.ACCESS_CONTROL_EXPOSE_HEADERS, "*");
  }

  /** Headers of a preflight (OPTIONS) answer. */
  static void addPreflight(HttpHeaders h, String requestedHeaders) {
    addTo(h);
    h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_METHODS, ALLOWED_METHODS);
    h.set(HttpHeaderNames.ACCESS_CONTROL_ALLOW_HEADERS, requestedHeaders == null ? "*" : requestedHeaders);
    h.set(HttpHeaderNames.ACCESS_CONTROL_MAX_AGE, "86400");
  }
}
