package io.livepoint.http;

import java.nio.file.Path;
import java.util.Locale;

/**
 * TLS client-certificate (mutual) authentication on the HTTPS port.
 *
 * @param mode whether a client certificate is asked for
 * @param caBundle PEM bundle of the CAs client certificates must chain to (required unless mode is NONE)
 */
public record TlsClientAuth(Mode mode, Path caBundle) {
  public static final TlsClientAuth NONE = new TlsClientAuth(Mode.NONE, null);

  /** none: not asked for; optional: asked for, checked when sent; require: the handshake fails without one. */
  public enum Mode {
    NONE, OPTIONAL, REQUIRE;

    /** {@code none}, {@code optional} or {@code require}; null when it is none of them. */
    public static Mode parse(String text) {
      return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
        case "none", "" -> NONE;
        case "optional" -> OPTIONAL;
        case "require", "required" -> REQUIRE;
        default -> null;
      };
    }
  }

  public TlsClientAuth {
    if (mode == null) {
      throw new IllegalArgumentException("mode is required");
    }
    if (mode != Mode.NONE && caBundle == null) {
      throw new IllegalArgumentException("a client CA bundle is required for client certificates");
    }
  }
}
