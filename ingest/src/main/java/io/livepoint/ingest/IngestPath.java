package io.livepoint.ingest;

import java.util.regex.Pattern;

/**
 * The request target of an ingest request, checked: {@code /ingest/{stream}/{rest}}. Anything that
 * could escape the publishing point or smuggle another URL is refused with 403 ("incorrect path",
 * ingest 5.3 item 4): dot segments, empty segments, encoded slashes or backslashes, control
 * characters, and absolute-form request targets ({@code POST http://host/...}; an encoder talks to the
 * receiving entity directly, never through us as a proxy).
 *
 * @param stream the publishing point name ([A-Za-z0-9._~-]+, not "." or "..")
 * @param rest the path below it (may be empty), segments separated by '/'
 */
record IngestPath(String stream, String rest) {
  /** Unreserved characters (RFC 3986), the alphabet of stream, track and switching set names. */
  static final Pattern NAME = Pattern.compile("[A-Za-z0-9._~-]+");
  private static final Pattern ENCODED_SEPARATOR = Pattern.compile("%(2[fF]|5[cC]|00)");

  /**
   * @param rawTarget the request target as sent
   * @param subPath the decoded path below the route prefix
   */
  static IngestPath parse(String rawTarget, String subPath) throws Rejection {
    if (!rawTarget.startsWith("/")) {
      throw Rejection.forbidden("request target is not a plain path: " + rawTarget);
    }
    String rawPath = rawTarget.indexOf('?') >= 0 ? rawTarget.substring(0, rawTarget.indexOf('?')) : rawTarget;
    if (ENCODED_SEPARATOR.matcher(rawPath).find()) {
      throw Rejection.forbidden("encoded slash, backslash or NUL in the path");
    }
    String path = subPath;
    if (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.isEmpty()) {
      throw Rejection.forbidden("no publishing point in the path");
    }
    for (int i = 0; i < path.length(); i++) {
      char c = path.charAt(i);
      if (c < 0x20 || c == 0x7f || c == '\\') {
        throw Rejection.forbidden("control character or backslash in the path");
      }
    }
    String[] segments = path.split("/", -1);
    for (String s : segments) {
      if (s.isEmpty() || s.equals(".") || s.equals("..")) {
        throw Rejection.forbidden("empty or dot segment in the path");
      }
      if (s.contains("://") || s.endsWith(":")) {
        throw Rejection.forbidden("a URL inside the path");
      }
    }
    String stream = segments[0];
    if (!NAME.matcher(stream).matches()) {
      throw Rejection.forbidden("invalid publishing point name '" + stream + "'");
    }
    String rest = path.length() > stream.length() ? path.substring(stream.length() + 1) : "";
    return new IngestPath(stream, rest);
  }
}
