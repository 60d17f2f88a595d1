package io.livepoint.media.rtp;

import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The format parameters of an SDP {@code a=fmtp} line (RFC 4566 6): {@code key=value;key=value}. */
public final class Fmtp {
  private Fmtp() {}

  /**
   * Parses format parameters; keys are lower-cased (RFC 6184/7798/3640 names are case-insensitive),
   * values kept as written. A value may contain '=' (base64 padding).
   *
   * @throws RtpFormatException when a parameter has no name
   */
  public static Map<String, String> parse(String params) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : params.split(";")) {
      String p = part.trim();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      String key = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(java.util.Locale.ROOT);
      if (key.isEmpty()) {
        throw new RtpFormatException("fmtp parameter without a name: '" + p + "'");
      }
      out.put(key, eq < 0 ? "" : p.substring(eq + 1).trim());
    }
    return out;
  }

  /** Writes parameters as {@code key=value;key=value}. */
  public static String format(Map<String, String> params) {
    return params.entrySet().stream().map(e -> e.getValue().isEmpty() ? e.getKey() : e.getKey() + "=" + e.getValue())
        .collect(Collectors.joining(";"));
  }

  /** An integer parameter, {@code fallback} when absent. @throws RtpFormatException when not a number */
  public static int integer(Map<String, String> params, String key, int fallback) {
    String v = params.get(key);
    if (v == null || v.isEmpty()) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new RtpFormatException("fmtp " + key + "=" + v + " is not a number");
    }
  }

  /** Lower-case hex of bytes (RFC 3640 config). */
  public static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  /** Bytes of a hex string. @throws RtpFormatException when not hex */
  public static byte[] unhex(String s) {
    try {
      return HexFormat.of().parseHex(s.trim());
    } catch (IllegalArgumentException e) {
      throw new RtpFormatException("not a hex string: '" + s + "'");
    }
  }

  /** Comma-separated base64 NAL units (sprop-parameter-sets, sprop-sps...). */
  public static String base64List(List<byte[]> nals) {
    return nals.stream().map(n -> Base64.getEncoder().encodeToString(n)).collect(Collectors.joining(","));
  }

  /** NAL units of a comma-separated base64 list; empty when the value is null or empty. */
  public static List<byte[]> base64List(String value) {
    if (value == null || value.isBlank()) {
      return List.of();
    }
    try {
      return java.util.Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty())
          .map(s -> Base64.getDecoder().decode(s)).toList();
    } catch (IllegalArgumentException e) {
      throw new RtpFormatException("not base64: '" + value + "'");
    }
  }
}
