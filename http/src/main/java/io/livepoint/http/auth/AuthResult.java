package io.livepoint.http.auth;

import java.util.List;

/**
 * The outcome of checking a request's credentials.
 *
 * @param outcome what to do with the request
 * @param user the authenticated user (PASS with credentials), else null
 * @param challenges WWW-Authenticate values to send with a 401 (CHALLENGE), else empty
 * @param reason why it did not pass, for the log line (never contains a password)
 */
public record AuthResult(Outcome outcome, String user, List<String> challenges, String reason) {
  public enum Outcome {
    /** Let the request in. */
    PASS,
    /** 401 with {@link #challenges()}: no credentials, another scheme, or an expired nonce (stale=true). */
    CHALLENGE,
    /** 403 (DASH-IF ingest 5.3): credentials were sent and are wrong (or replayed, or malformed). */
    FORBIDDEN
  }

  public AuthResult {
    challenges = List.copyOf(challenges);
  }

  static AuthResult pass(String user) {
    return new AuthResult(Outcome.PASS, user, List.of(), null);
  }

  static AuthResult challenge(List<String> challenges, String reason) {
    return new AuthResult(Outcome.CHALLENGE, null, challenges, reason);
  }

  static AuthResult forbidden(String reason) {
    return new AuthResult(Outcome.FORBIDDEN, null, List.of(), reason);
  }

  public boolean passed() {
    return outcome == Outcome.PASS;
  }
}
