package io.livepoint.http.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The RFC 7616 hash algorithms offered, strongest first (the order of the challenges). */
public enum DigestAlgorithm {
  SHA_256("SHA-256", "SHA-256"),
  MD5("MD5", "MD5");

  private final String token;
  private final String jca;

  DigestAlgorithm(String token, String jca) {
    this.token = token;
    this.jca = jca;
  }

  /** The {@code algorithm} parameter value. */
  public String token() {
    return token;
  }

  /** The algorithm named by an {@code algorithm} parameter (absent means MD5, RFC 7616 3.3), or null. */
  public static DigestAlgorithm of(String token) {
    if (token == null) {
      return MD5;
    }
    for (DigestAlgorithm a : values()) {
      if (a.token.equalsIgnoreCase(token)) {
        return a;
      }
    }
    return null;
  }

  /** Lower-case hex of the hash of the UTF-8 text (RFC 7616 H()). */
  public String hex(String text) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance(jca).digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e); // both are required of every JRE
    }
  }

  /**
   * The {@code response} of RFC 7616 3.4.1 for qop=auth:
   * KD(H(user:realm:password), nonce:nc:cnonce:qop:H(method:uri)).
   */
  public String response(String user, String realm, String password, String method, String uri,
      String nonce, String nc, String cnonce, String qop) {
    String ha1 = hex(user + ":" + realm + ":" + password);
    String ha2 = hex(method + ":" + uri);
    return hex(ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
  }

  /** The {@code response} without qop (RFC 2617 3.2.2.1, as RFC 2069): KD(H(user:realm:password), nonce:H(method:uri)). */
  public String response2069(String user, String realm, String password, String method, String uri, String nonce) {
    return hex(hex(user + ":" + realm + ":" + password) + ":" + nonce + ":" + hex(method + ":" + uri));
  }
}
