package io.livepoint.packager;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Text forms shared by the writers: XML escaping, xs:dateTime / ISO 8601, xs:duration, decimals. */
final class Formats {
  private Formats() {}

  private static final DateTimeFormatter ISO_MILLIS =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /** UTC date-time with exactly three fraction digits (xs:dateTime, EXT-X-PROGRAM-DATE-TIME, UTCTiming). */
  static String dateTime(Instant t) {
    return ISO_MILLIS.format(t);
  }

  /** xs:duration in seconds, millisecond precision: PT2S, PT0.5S, PT30S. */
  static String duration(double seconds) {
    return "PT" + decimal(seconds, 3) + "S";
  }

  /** xs:duration in seconds, rounded half-up to milliseconds without going through a double. */
  static String duration(Duration d) {
    BigDecimal s = BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9))
        .setScale(3, RoundingMode.HALF_UP).stripTrailingZeros();
    return "PT" + (s.scale() < 0 ? s.setScale(0) : s).toPlainString() + "S";
  }

  /** A plain decimal rounded half-up to at most {@code scale} digits, without trailing zeros. */
  static String decimal(double value, int scale) {
    BigDecimal d = BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP).stripTrailingZeros();
    return d.scale() < 0 ? d.setScale(0).toPlainString() : d.toPlainString();
  }

  /** A decimal with exactly {@code scale} digits (HLS durations). */
  static String fixed(double value, int scale) {
    return BigDecimal.valueOf(value).setScale(scale, RoundingMode.HALF_UP).toPlainString();
  }

  /** Seconds rounded up to whole milliseconds, so a limit is never below what it bounds. */
  static double ceilMillis(double seconds) {
    return Math.ceil(seconds * 1000 - 1e-6) / 1000.0;
  }

  /** Escapes text for an XML attribute value in double quotes. */
  static String xml(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&apos;";
        default -> null;
      };
      if (rep != null || b != null) {
        if (b == null) {
          b = new StringBuilder(s.length() + 16).append(s, 0, i);
        }
        b.append(rep != null ? rep : String.valueOf(c));
      }
    }
    return b == null ? s : b.toString();
  }

  /** An HLS quoted-string cannot hold a double quote or a control character (RFC 8216 4.2): they are dropped. */
  static String quoted(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '"' && !Character.isISOControl(c)) {
        b.append(c);
      }
    }
    return b.append('"').toString();
  }
}
