package io.livepoint.server;

/** Minimal JSON string escaping for the small documents the server writes by hand. */
final class Json {
  private Json() {}

  /**
   * A read-only JSON resource: GET/HEAD get {@code body}'s document, other methods 405 as
   * application/problem+json.
   */
  static io.livepoint.http.RequestHandler readOnly(java.util.function.Supplier<String> body) {
    return ex -> {
      if (!io.netty.handler.codec.http.HttpMethod.GET.equals(ex.method())
          && !io.netty.handler.codec.http.HttpMethod.HEAD.equals(ex.method())) {
        ex.respond(io.netty.handler.codec.http.HttpResponseStatus.METHOD_NOT_ALLOWED, "application/problem+json",
            "{\"title\":\"Method Not Allowed\",\"status\":405}");
        return;
      }
      ex.respond(io.netty.handler.codec.http.HttpResponseStatus.OK, "application/json", body.get());
    };
  }

  static String quote(String s) {
    if (s == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }
}
