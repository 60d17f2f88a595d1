package io.livepoint.http.auth;

import java.util.Locale;

/** HTTP authentication schemes a realm may require. */
public enum AuthScheme {
  /** No authentication (a publishing point opened below a global policy). */
  NONE,
  /** RFC 7617: user and password in every request (use it over TLS only). */
  BASIC,
  /** RFC 7616: a challenge-response digest, the password never crosses the wire. */
  DIGEST;

  /** {@code none}, {@code basic} or {@code digest}, any case; null when it is none of them. */
  public static AuthScheme parse(String text) {
    if (text == null) {
      return null;
    }
    return switch (text.trim().toLowerCase(Locale.ROOT)) {
      case "none" -> NONE;
      case "basic" -> BASIC;
      case "digest" -> DIGEST;
      default -> null;
    };
  }
}
