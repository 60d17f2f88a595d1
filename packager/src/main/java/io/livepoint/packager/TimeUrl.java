package io.livepoint.packager;

import io.livepoint.http.Exchange;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.regex.Pattern;

/**
 * The absolute URL of this server's {@code /time} resource as the client reached it (Host header and
 * scheme, or what a reverse proxy says in X-Forwarded-Host / X-Forwarded-Proto): UTCTiming needs an
 * absolute URL, since players fetch it outside the MPD's base.
 */
final class TimeUrl {
  private TimeUrl() {}

  /** A host name, IPv4 or bracketed IPv6 address, with an optional port: nothing that could break XML. */
  private static final Pattern HOST = Pattern.compile("([A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+\\])(:[0-9]{1,5})?");

  static String of(Exchange ex) {
    String host = first(ex.headers().get("X-Forwarded-Host"));
    if (host == null || !HOST.matcher(host).matches()) {
      host = ex.headers().get(HttpHeaderNames.HOST);
    }
    if (host == null || !HOST.matcher(host).matches()) {
      return PackagerService.TIME_PATH; // no usable authority: same-origin relative reference
    }
    String proto = first(ex.headers().get("X-Forwarded-Proto"));
    String scheme = "https".equalsIgnoreCase(proto) ? "https"
        : "http".equalsIgnoreCase(proto) ? "http" : ex.secure() ? "https" : "http";
    return scheme + "://" + host + PackagerService.TIME_PATH;
  }

  private static String first(String list) {
    if (list == null) {
      return null;
    }
    int comma = list.indexOf(',');
    return (comma < 0 ? list : list.substring(0, comma)).trim();
  }
}
