package io.livepoint.rtsp.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A stream pulled from an RTSP source (an IP camera): where from, how, and when.
 *
 * @param name the stream name it is served under
 * @param url the source without credentials, e.g. {@code rtsp://cam:554/stream1}
 * @param user user of the URL's userinfo, or null
 * @param password its password, or null
 * @param transport RTP over the RTSP connection (interleaved) or over UDP
 * @param pull always (from start) or on demand (when the first viewer looks the stream up)
 */
public record PullSource(String name, String url, String user, String password, Transport transport, Pull pull) {
  public static final int DEFAULT_PORT = 554;

  public enum Transport { TCP, UDP }

  public enum Pull { ALWAYS, ON_DEMAND }

  /**
   * Parses a source URL ({@code rtsp://user:pass@host[:port]/path}); user and password are taken out of
   * the URL (percent-decoded) and sent only when the camera asks.
   *
   * @throws IllegalArgumentException with the reason when the URL is not an rtsp:// URL with a host
   */
  public static PullSource of(String name, String source, Transport transport, Pull pull) {
    URI u;
    try {
      u = new URI(source);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("'" + source + "' is not a URL: " + e.getReason());
    }
    if (u.getScheme() == null || !u.getScheme().toLowerCase(Locale.ROOT).equals("rtsp")) {
      throw new IllegalArgumentException("'" + source + "' is not an rtsp:// URL");
    }
    if (u.getHost() == null) {
      throw new IllegalArgumentException("'" + source + "' has no host");
    }
    String user = null;
    String password = null;
    String info = u.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
      password = colon < 0 ? "" : URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
    }
    String host = u.getHost().contains(":") && !u.getHost().startsWith("[") ? "[" + u.getHost() + "]" : u.getHost();
    String clean = "rtsp://" + host + (u.getPort() > 0 ? ":" + u.getPort() : "")
        + (u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath())
        + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    return new PullSource(name, clean, user, password, transport, pull);
  }

  public String host() {
    String h = URI.create(url).getHost();
    return h.startsWith("[") ? h.substring(1, h.length() - 1) : h;
  }

  public int port() {
    int p = URI.create(url).getPort();
    return p > 0 ? p : DEFAULT_PORT;
  }

  @Override
  public String toString() {
    return name + " <- " + url + " (" + transport + ", " + pull + ")"; // never the password
  }
}
