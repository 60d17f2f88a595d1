package io.livepoint.rtsp.client;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The client side of HTTP authentication as RTSP uses it: Basic (RFC 7617) and Digest with MD5
 * (RFC 2617 / RFC 7616, qop=auth or none). Answers the challenge of a 401 and keeps the nonce count
 * for the requests that follow.
 */
public final class Credentials {
  private final String user;
  private final String password;
  private Map<String, String> digest;
  private boolean basic;
  private int nonceCount;
  private final SecureRandom random = new SecureRandom();

  public Credentials(String user, String password) {
    this.user = user;
    this.password = password;
  }

  /**
   * Takes the challenges of a 401 (every WWW-Authenticate value); Digest is preferred.
   *
   * @return whether a scheme this client answers was offered
   */
  public boolean challenge(List<String> wwwAuthenticate) {
    for (String c : wwwAuthenticate) {
      if (c.regionMatches(true, 0, "Digest ", 0, 7)) {
        Map<String, String> p = params(c.substring(7));
        String alg = p.getOrDefault("algorithm", "MD5");
        if (alg.equalsIgnoreCase("MD5") && p.containsKey("nonce") && p.containsKey("realm")) {
          digest = p;
          nonceCount = 0;
          return true;
        }
      }
    }
    for (String c : wwwAuthenticate) {
      if (c.regionMatches(true, 0, "Basic", 0, 5)) {
        basic = true;
        return true;
      }
    }
    return false;
  }

  /** The Authorization value for a request, or null before any challenge. */
  public String authorization(String method, String uri) {
    if (digest != null) {
      String realm = digest.get("realm");
      String nonce = digest.get("nonce");
      String ha1 = md5(user + ":" + realm + ":" + password);
      String ha2 = md5(method + ":" + uri);
      String qop = qop(digest.get("qop"));
      StringBuilder b = new StringBuilder("Digest username=\"").append(user).append("\", realm=\"").append(realm)
          .append("\", nonce=\"").append(nonce).append("\", uri=\"").append(uri).append('"');
      String response;
      if (qop != null) {
        String nc = String.format("%08x", ++nonceCount);
        String cnonce = cnonce();
        response = md5(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
        b.append(", qop=").append(qop).append(", nc=").append(nc).append(", cnonce=\"").append(cnonce).append('"');
      } else {
        response = md5(ha1 + ":" + nonce + ":" + ha2);
      }
      b.append(", response=\"").append(response).append('"');
      if (digest.containsKey("opaque")) {
        b.append(", opaque=\"").append(digest.get("opaque")).append('"');
      }
      if (digest.containsKey("algorithm")) {
        b.append(", algorithm=").append(digest.get("algorithm"));
      }
      return b.toString();
    }
    if (basic) {
      return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
    return null;
  }

  private String cnonce() {
    byte[] b = new byte[8];
    random.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /** "auth" when offered, null for the RFC 2069 compatible form. */
  private static String qop(String offered) {
    if (offered == null) {
      return null;
    }
    for (String q : offered.split(",")) {
      if (q.trim().equalsIgnoreCase("auth")) {
        return "auth";
      }
    }
    return null;
  }

  /** The auth-params of a challenge: {@code k=v} or {@code k="v"} separated by commas. */
  static Map<String, String> params(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    int n = s.length();
    while (i < n) {
      while (i < n && (s.charAt(i) == ',' || s.charAt(i) == ' ')) {
        i++;
      }
      int eq = s.indexOf('=', i);
      if (eq < 0) {
        break;
      }
      String key = s.substring(i, eq).trim().toLowerCase(Locale.ROOT);
      i = eq + 1;
      String value;
      if (i < n && s.charAt(i) == '"') {
        StringBuilder v = new StringBuilder();
        i++;
        while (i < n && s.charAt(i) != '"') {
          if (s.charAt(i) == '\\' && i + 1 < n) {
            i++;
          }
          v.append(s.charAt(i++));
        }
        i++;
        value = v.toString();
      } else {
        int comma = s.indexOf(',', i);
        int end = comma < 0 ? n : comma;
        value = s.substring(i, end).trim();
        i = end;
      }
      out.put(key, value);
    }
    return out;
  }

  static String md5(String s) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
