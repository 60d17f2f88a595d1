package io.livepoint.rtsp.client;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An RTSP response as the client received it (RFC 2326 7).
 *
 * @param headers header values by lower-case name, every occurrence in order (a camera may send one
 *     WWW-Authenticate per scheme)
 */
public record RtspReply(int status, String reason, Map<String, List<String>> headers, String body) {

  /** The first value of a header, or null. */
  public String header(String name) {
    List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
    return v == null || v.isEmpty() ? null : v.get(0);
  }

  public List<String> all(String name) {
    return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
  }

  public boolean ok() {
    return status >= 200 && status < 300;
  }
}
