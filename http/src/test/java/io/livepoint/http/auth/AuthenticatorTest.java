package io.livepoint.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.ManualClock;
import io.livepoint.http.auth.AuthResult.Outcome;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthenticatorTest {
  private static final String URI = "/ingest/live/Streams(v.cmfv)";
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final AuthPolicy digestPolicy = new AuthPolicy(AuthScheme.DIGEST, "ingest", Map.of("enc", "s3cret"));
  private final Authenticator digest = new Authenticator(digestPolicy, clock, Duration.ofSeconds(60));

  @Test
  void openPolicyPassesEveryone() {
    assertTrue(new Authenticator(AuthPolicy.OPEN, clock).check("POST", URI, null).passed());
  }

  @Test
  void basic() {
    Authenticator a = new Authenticator(new AuthPolicy(AuthScheme.BASIC, "ingest", Map.of("enc", "s3:cret")), clock);
    AuthResult none = a.check("POST", URI, null);
    assertEquals(Outcome.CHALLENGE, none.outcome());
    assertEquals(List.of("Basic realm=\"ingest\", charset=\"UTF-8\""), none.challenges());
    assertEquals(Outcome.PASS, a.check("POST", URI, basic("enc:s3:cret")).outcome());
    assertEquals("enc", a.check("POST", URI, basic("enc:s3:cret")).user());
    assertEquals(Outcome.FORBIDDEN, a.check("POST", URI, basic("enc:wrong")).outcome());
    assertEquals(Outcome.FORBIDDEN, a.check("POST", URI, basic("other:s3:cret")).outcome());
    assertEquals(Outcome.FORBIDDEN, a.check("POST", URI, "Basic !!!").outcome());
    assertEquals(Outcome.FORBIDDEN, a.check("POST", URI, basic("nocolon")).outcome());
    assertEquals(Outcome.CHALLENGE, a.check("POST", URI, "Bearer abc").outcome());
  }

  @Test
  void digestChallengeOffersSha256ThenMd5() {
    AuthResult r = digest.check("POST", URI, null);
    assertEquals(Outcome.CHALLENGE, r.outcome());
    assertEquals(2, r.challenges().size());
    assertTrue(r.challenges().get(0).startsWith("Digest realm=\"ingest\", qop=\"auth\", algorithm=SHA-256, nonce=\""));
    assertTrue(r.challenges().get(1).contains("algorithm=MD5"));
    assertEquals(Outcome.CHALLENGE, digest.check("POST", URI, basic("enc:s3cret")).outcome());
  }

  @Test
  void digestAnswersPassForBothAlgorithms() {
    for (DigestAlgorithm a : DigestAlgorithm.values()) {
      String nonce = nonce(digest.check("POST", URI, null));
      assertEquals(Outcome.PASS, digest.check("POST", URI, answer(a, "enc", "s3cret", "POST", URI, nonce, 1)).outcome(), a.token());
    }
  }

  @Test
  void wrongPasswordUserRealmOrUriIsForbidden() {
    String nonce = nonce(digest.check("POST", URI, null));
    assertEquals(Outcome.FORBIDDEN, digest.check("POST", URI, answer(DigestAlgorithm.MD5, "enc", "nope", "POST", URI, nonce, 1)).outcome());
    assertEquals(Outcome.FORBIDDEN, digest.check("POST", URI, answer(DigestAlgorithm.MD5, "eve", "s3cret", "POST", URI, nonce, 1)).outcome());
    // an answer computed for another request-target or method
    assertEquals(Outcome.FORBIDDEN, digest.check("POST", URI, answer(DigestAlgorithm.MD5, "enc", "s3cret", "POST", "/ingest/x/v", nonce, 1)).outcome());
    assertEquals(Outcome.FORBIDDEN, digest.check("PUT", URI, answer(DigestAlgorithm.MD5, "enc", "s3cret", "POST", URI, nonce, 1)).outcome());
    String otherRealm = answer(DigestAlgorithm.MD5, "enc", "s3cret", "POST", URI, nonce, 1).replace("realm=\"ingest\"", "realm=\"x\"");
    assertEquals(Outcome.FORBIDDEN, digest.check("POST", URI, otherRealm).outcome());
    assertEquals(Outcome.FORBIDDEN, digest.check("POST", URI, "Digest username=\"enc\", nonce=").outcome());
  }

  @Test
  void forgedNonceIsForbidden() {
    String forged = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    assertEquals(Outcome.FORBIDDEN, digest.check("POST", URI, answer(DigestAlgorithm.MD5, "enc", "s3cret", "POST", URI, forged, 1)).outcome());
    String other = nonce(new Authenticator(digestPolicy, clock).check("POST", URI, null));
    assertEquals(Outcome.FORBIDDEN, digest.check("POST", URI, answer(DigestAlgorithm.MD5, "enc", "s3cret", "POST", URI, other, 1)).outcome());
  }

  @Test
  void nonceCountMustGrow() {
    String nonce = nonce(digest.check("POST", URI, null));
    String first = answer(DigestAlgorithm.SHA_256, "enc", "s3cret", "POST", URI, nonce, 1);
    assertEquals(Outcome.PASS, digest.check("POST", URI, first).outcome());
    assertEquals(Outcome.FORBIDDEN, digest.check("POST", URI, first).outcome(), "replayed");
    assertEquals(Outcome.PASS, digest.check("POST", URI, answer(DigestAlgorithm.SHA_256, "enc", "s3cret", "POST", URI, nonce, 3)).outcome());
    assertEquals(Outcome.FORBIDDEN, digest.check("POST", URI, answer(DigestAlgorithm.SHA_256, "enc", "s3cret", "POST", URI, nonce, 2)).outcome());
    assertEquals(Outcome.FORBIDDEN, digest.check("POST", URI, answer(DigestAlgorithm.SHA_256, "enc", "s3cret", "POST", URI, nonce, 0)).outcome());
  }

  @Test
  void expiredNonceIsStale() {
    String nonce = nonce(digest.check("POST", URI, null));
    assertEquals(Outcome.PASS, digest.check("POST", URI, answer(DigestAlgorithm.MD5, "enc", "s3cret", "POST", URI, nonce, 1)).outcome());
    clock.advance(Duration.ofSeconds(61));
    AuthResult stale = digest.check("POST", URI, answer(DigestAlgorithm.MD5, "enc", "s3cret", "POST", URI, nonce, 2));
    assertEquals(Outcome.CHALLENGE, stale.outcome());
    assertTrue(stale.challenges().get(0).endsWith(", stale=true"), stale.challenges().get(0));
    assertEquals(0, digestTracked(), "the expired nonce is forgotten");
    // stale is only for a right password: a wrong one with an old nonce stays forbidden
    assertEquals(Outcome.FORBIDDEN, digest.check("POST", URI, answer(DigestAlgorithm.MD5, "enc", "x", "POST", URI, nonce, 3)).outcome());
    String fresh = nonce(stale);
    assertEquals(Outcome.PASS, digest.check("POST", URI, answer(DigestAlgorithm.MD5, "enc", "s3cret", "POST", URI, fresh, 1)).outcome());
  }

  @Test
  void rfc2069DigestOnlyWhenAllowed() throws Exception {
    // GStreamer 1.22's RTSP client: no qop, nc, cnonce or algorithm; MD5 of HA1:nonce:HA2 (RFC 2617 3.2.2.1).
    String uri = "rtsp://127.0.0.1:8554/cam";
    String nonce = nonce(digest.check("DESCRIBE", uri, null));
    String legacy = "Digest username=\"enc\", realm=\"ingest\", nonce=\"" + nonce + "\", uri=\"" + uri
        + "\", response=\"" + md5(md5("enc:ingest:s3cret") + ":" + nonce + ":" + md5("DESCRIBE:" + uri)) + "\"";
    assertEquals(Outcome.FORBIDDEN, digest.check("DESCRIBE", uri, legacy).outcome(), "refused by default");
    Authenticator rtsp = new Authenticator(digestPolicy, clock, Duration.ofSeconds(60), true);
    String n2 = nonce(rtsp.check("DESCRIBE", uri, null));
    String ok = legacy.replace(nonce, n2).replaceAll("response=\"[0-9a-f]+\"", "response=\""
        + md5(md5("enc:ingest:s3cret") + ":" + n2 + ":" + md5("DESCRIBE:" + uri)) + "\"");
    assertEquals(Outcome.PASS, rtsp.check("DESCRIBE", uri, ok).outcome());
    assertEquals(Outcome.FORBIDDEN, rtsp.check("SETUP", uri, ok).outcome(), "the method is bound");
    assertEquals(Outcome.FORBIDDEN, rtsp.check("DESCRIBE", uri, ok.replace("username=\"enc\"", "username=\"x\"")).outcome());
    assertEquals(Outcome.FORBIDDEN, rtsp.check("DESCRIBE", uri, legacy).outcome(), "a nonce of another authenticator");
    assertEquals(Outcome.FORBIDDEN, rtsp.check("DESCRIBE", uri, ok.replace("uri=\"", "qop=auth, uri=\"")).outcome(),
        "qop without nc and cnonce is not RFC 2069");
    clock.advance(Duration.ofSeconds(61));
    assertEquals(Outcome.CHALLENGE, rtsp.check("DESCRIBE", uri, ok).outcome(), "stale");
  }

  private static String md5(String s) {
    return DigestAlgorithm.MD5.hex(s);
  }

  private int digestTracked() {
    try {
      var f = Authenticator.class.getDeclaredField("nonces");
      f.setAccessible(true);
      return ((Nonces) f.get(digest)).tracked();
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  static String basic(String userPass) {
    return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
  }

  static String nonce(AuthResult challenge) {
    String c = challenge.challenges().get(0);
    int i = c.indexOf("nonce=\"") + 7;
    return c.substring(i, c.indexOf('"', i));
  }

  /** What a client answers (RFC 7616 3.4). */
  static String answer(DigestAlgorithm a, String user, String password, String method, String uri, String nonce, int nc) {
    String ncs = String.format("%08x", nc);
    String cnonce = "c" + nc;
    return "Digest username=\"" + user + "\", realm=\"ingest\", uri=\"" + uri + "\", algorithm=" + a.token()
        + ", nonce=\"" + nonce + "\", nc=" + ncs + ", cnonce=\"" + cnonce + "\", qop=auth, response=\""
        + a.response(user, "ingest", password, method, uri, nonce, ncs, cnonce, "auth") + "\"";
  }
}
