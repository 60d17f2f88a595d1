package io.livepoint.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The client side of HTTP Basic (RFC 7617) and Digest (RFC 7616, SHA-256 or MD5, qop=auth): answers
 * the server's challenge, then keeps using its nonce with a growing nonce count.
 */
final class HttpAuth {
  private static final Pattern PARAM = Pattern.compile("([A-Za-z0-9_-]+)\\s*=\\s*(\"((?:[^\"\\\\]|\\\\.)*)\"|[^,\\s]+)");
  private static final SecureRandom RNG = new SecureRandom();

  private final String user;
  private final String password;
  /** The chosen challenge: "basic", or the Digest parameters; null before the first 401. */
  private String scheme;
  private Map<String, String> digest;
  private long nc;

  HttpAuth(String userInfo) {
    int colon = userInfo.indexOf(':');
    this.user = colon < 0 ? userInfo : userInfo.substring(0, colon);
    this.password = colon < 0 ? "" : userInfo.substring(colon + 1);
  }

  /**
   * Takes the WWW-Authenticate values of a 401; false when none can be answered (or a Digest one that
   * failed already and is not stale, so sending again would not help).
   */
  boolean challenged(List<String> challenges) {
    boolean retried = scheme != null;
    Map<String, String> best = null;
    String bestAlg = null;
    boolean basic = false;
    for (String c : challenges) {
      String lower = c.trim().toLowerCase(Locale.ROOT);
      if (lower.startsWith("digest ")) {
        Map<String, String> p = params(c.trim().substring(7));
        String alg = p.getOrDefault("algorithm", "MD5").toUpperCase(Locale.ROOT);
        String qop = p.getOrDefault("qop", "");
        if (!(alg.equals("SHA-256") || alg.equals("MD5")) || !List.of(qop.split("\\s*,\\s*")).contains("auth")) {
          continue;
        }
        if (best == null || alg.equals("SHA-256") && !"SHA-256".equals(bestAlg)) {
          best = p;
          bestAlg = alg;
        }
      } else if (lower.startsWith("basic")) {
        basic = true;
      }
    }
    if (best != null) {
      if (retried && "digest".equals(scheme) && !"true".equalsIgnoreCase(best.get("stale"))) {
        return false;
      }
      scheme = "digest";
      digest = best;
      nc = 0;
      return true;
    }
    if (basic && !retried) {
      scheme = "basic";
      return true;
    }
    return false;
  }

  /** The Authorization value for a request, or null before any challenge. */
  String authorization(String method, String uri) {
    if (scheme == null) {
      return null;
    }
    if (scheme.equals("basic")) {
      return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
    String alg = digest.getOrDefault("algorithm", "MD5");
    String realm = digest.getOrDefault("realm", "");
    String nonce = digest.getOrDefault("nonce", "");
    String ncs = String.format("%08x", ++nc);
    byte[] c = new byte[12];
    RNG.nextBytes(c);
    String cnonce = HexFormat.of().formatHex(c);
    String ha1 = hash(alg, user + ":" + realm + ":" + password);
    String ha2 = hash(alg, method + ":" + uri);
    String response = hash(alg, ha1 + ":" + nonce + ":" + ncs + ":" + cnonce + ":auth:" + ha2);
    StringBuilder b = new StringBuilder("Digest username=\"").append(user).append("\", realm=\"").append(realm)
        .append("\", nonce=\"").append(nonce).append("\", uri=\"").append(uri).append("\", algorithm=").append(alg)
        .append(", qop=auth, nc=").append(ncs).append(", cnonce=\"").append(cnonce)
        .append("\", response=\"").append(response).append('"');
    if (digest.containsKey("opaque")) {
      b.append(", opaque=\"").append(digest.get("opaque")).append('"');
    }
    return b.toString();
  }

  static Map<String, String> params(String text) {
    Map<String, String> out = new HashMap<>();
    Matcher m = PARAM.matcher(text);
    while (m.find()) {
      String v = m.group(3) != null ? m.group(3).replaceAll("\\\\(.)", "$1") : m.group(2);
      out.put(m.group(1).toLowerCase(Locale.ROOT), v);
    }
    return out;
  }

  static String hash(String algorithm, String text) {
    try {
      String jca = algorithm.equalsIgnoreCase("SHA-256") ? "SHA-256" : "MD5";
      return HexFormat.of().formatHex(MessageDigest.getInstance(jca).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
