package io.livepoint.http.auth;

import io.livepoint.core.Clock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * Checks the credentials of a request against an {@link AuthPolicy}: HTTP Basic (RFC 7617) or Digest
 * (RFC 7616, SHA-256 and MD5, qop=auth). It sees only the method, the request-target and the
 * Authorization value, so any protocol with HTTP authentication (HTTP, RTSP) can use it. Thread-safe.
 *
 * <p>Answers: no credentials, or credentials of another scheme → CHALLENGE (401, so a client holding a
 * password can answer); a Digest nonce past its lifetime → CHALLENGE with {@code stale=true} (the client
 * retries with the same password); wrong user or password, a replayed nonce count, a forged nonce, a
 * {@code uri} that is not the request's, malformed credentials → FORBIDDEN. Passwords and digests are
 * compared in constant time.
 */
public final class Authenticator {
  public static final Duration DEFAULT_NONCE_LIFETIME = Duration.ofMinutes(5);

  private final AuthPolicy policy;
  private final Nonces nonces;
  private final boolean rfc2069;

  public Authenticator(AuthPolicy policy, Clock clock) {
    this(policy, clock, DEFAULT_NONCE_LIFETIME);
  }

  public Authenticator(AuthPolicy policy, Clock clock, Duration nonceLifetime) {
    this(policy, clock, nonceLifetime, false);
  }

  /**
   * @param rfc2069 also accept Digest credentials without qop (RFC 2617 3.2.2.1's compatibility with RFC
   *     2069: response = KD(H(A1), nonce:H(A2)), MD5), as RTSP clients such as GStreamer 1.22 send them.
   *     Without a nonce count such a request cannot be told from a replay within the nonce's lifetime.
   */
  public Authenticator(AuthPolicy policy, Clock clock, Duration nonceLifetime, boolean rfc2069) {
    this.policy = policy;
    this.nonces = new Nonces(clock, nonceLifetime);
    this.rfc2069 = rfc2069;
  }

  public AuthPolicy policy() {
    return policy;
  }

  /**
   * Checks one request.
   *
   * @param method the request method, e.g. {@code POST}
   * @param uri the request-target exactly as received (Digest binds it)
   * @param authorization the Authorization header value, or null
   */
  public AuthResult check(String method, String uri, String authorization) {
    if (policy.open()) {
      return AuthResult.pass(null);
    }
    if (authorization == null || authorization.isBlank()) {
      return AuthResult.challenge(challenges(false), "credentials required");
    }
    String value = authorization.trim();
    int space = value.indexOf(' ');
    String scheme = space < 0 ? value : value.substring(0, space);
    String rest = space < 0 ? "" : value.substring(space + 1).trim();
    return switch (policy.scheme()) {
      case BASIC -> scheme.equalsIgnoreCase("Basic") ? basic(rest)
          : AuthResult.challenge(challenges(false), scheme + " credentials where Basic is required");
      case DIGEST -> scheme.equalsIgnoreCase("Digest") ? digest(method, uri, rest)
          : AuthResult.challenge(challenges(false), scheme + " credentials where Digest is required");
      case NONE -> AuthResult.pass(null);
    };
  }

  /** The WWW-Authenticate values of a 401, strongest first. */
  public List<String> challenges(boolean stale) {
    if (policy.scheme() == AuthScheme.BASIC) {
      return List.of("Basic realm=\"" + policy.realm() + "\", charset=\"UTF-8\"");
    }
    List<String> out = new ArrayList<>();
    for (DigestAlgorithm a : DigestAlgorithm.values()) {
      out.add("Digest realm=\"" + policy.realm() + "\", qop=\"auth\", algorithm=" + a.token()
          + ", nonce=\"" + nonces.issue() + "\"" + (stale ? ", stale=true" : ""));
    }
    return out;
  }

  private AuthResult basic(String token) {
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(token), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return AuthResult.forbidden("Basic credentials are not base64");
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return AuthResult.forbidden("Basic credentials without ':'");
    }
    String user = decoded.substring(0, colon);
    String expected = policy.users().get(user);
    // Compare against something even for an unknown user, so timing does not tell users apart.
    boolean ok = equal(decoded.substring(colon + 1), expected == null ? "\u0000" + decoded : expected);
    return ok && expected != null ? AuthResult.pass(user) : AuthResult.forbidden("wrong user or password for '" + user + "'");
  }

  private AuthResult digest(String method, String uri, String rest) {
    Map<String, String> p;
    try {
      p = AuthParams.parse(rest);
    } catch (IllegalArgumentException e) {
      return AuthResult.forbidden("malformed Digest credentials: " + e.getMessage());
    }
    String user = p.get("username");
    String nonce = p.get("nonce");
    String response = p.get("response");
    String digestUri = p.get("uri");
    String qop = p.get("qop");
    String nc = p.get("nc");
    String cnonce = p.get("cnonce");
    if (user == null || nonce == null || response == null || digestUri == null) {
      return AuthResult.forbidden("Digest credentials without username, nonce, uri or response");
    }
    boolean legacy = rfc2069 && qop == null && nc == null && cnonce == null;
    if (!legacy && (!"auth".equals(qop) || nc == null || cnonce == null || !nc.matches("[0-9a-fA-F]{8}"))) {
      return AuthResult.forbidden("Digest credentials without qop=auth, nc and cnonce");
    }
    DigestAlgorithm algorithm = DigestAlgorithm.of(p.get("algorithm"));
    if (algorithm == null) {
      return AuthResult.forbidden("unsupported Digest algorithm " + p.get("algorithm"));
    }
    if (!policy.realm().equals(p.get("realm"))) {
      return AuthResult.forbidden("Digest realm '" + p.get("realm") + "' is not '" + policy.realm() + "'");
    }
    if (!sameTarget(digestUri, uri)) {
      return AuthResult.forbidden("Digest uri '" + digestUri + "' is not the request's '" + uri + "'");
    }
    String password = policy.users().get(user);
    String expected = legacy
        ? algorithm.response2069(user, policy.realm(), password == null ? "" : password, method, digestUri, nonce)
        : algorithm.response(user, policy.realm(), password == null ? "" : password, method, digestUri, nonce, nc,
            cnonce, qop);
    boolean ok = equal(response.toLowerCase(), expected) && password != null;
    if (!ok) {
      return AuthResult.forbidden("wrong user or password for '" + user + "'");
    }
    return switch (legacy ? nonces.check(nonce) : nonces.use(nonce, Long.parseLong(nc, 16))) {
      case VALID -> AuthResult.pass(user);
      case STALE -> AuthResult.challenge(challenges(true), "Digest nonce expired");
      case REPLAYED -> AuthResult.forbidden("Digest nonce count " + nc + " replayed");
      case INVALID -> AuthResult.forbidden("Digest nonce not issued here");
    };
  }

  /** The Digest uri must name the request-target; an absolute-form target may be named by its path. */
  private static boolean sameTarget(String digestUri, String requestUri) {
    if (digestUri.equals(requestUri)) {
      return true;
    }
    int scheme = requestUri.indexOf("://");
    if (scheme > 0) {
      int slash = requestUri.indexOf('/', scheme + 3);
      return slash > 0 && digestUri.equals(requestUri.substring(slash));
    }
    return false;
  }

  private static boolean equal(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
