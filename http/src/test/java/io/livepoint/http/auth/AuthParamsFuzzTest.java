package io.livepoint.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AuthParamsFuzzTest {
  private static final String SAMPLE = "username=\"Mufasa\", realm=\"http-auth@example.org\", uri=\"/dir/index.html\","
      + " algorithm=SHA-256, nonce=\"7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v\", nc=00000001,"
      + " cnonce=\"f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ\", qop=auth,"
      + " response=\"753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1\", opaque=\"a \\\"q\\\" b\"";

  @Test
  void parsesTokensAndQuotedStrings() {
    Map<String, String> p = AuthParams.parse(SAMPLE);
    assertEquals("Mufasa", p.get("username"));
    assertEquals("SHA-256", p.get("algorithm"));
    assertEquals("00000001", p.get("nc"));
    assertEquals("a \"q\" b", p.get("opaque"));
    assertEquals(10, p.size());
  }

  @Test
  void malformedIsRefused() {
    for (String bad : new String[] {"a", "a=", "a=\"x", "=b", "a=b c=d", "a=1, a=2", "a=\"x\\"}) {
      assertThrows(IllegalArgumentException.class, () -> AuthParams.parse(bad), bad);
    }
    assertThrows(IllegalArgumentException.class, () -> AuthParams.parse("a=" + "x".repeat(AuthParams.MAX_LENGTH)));
  }

  /** Mutations and truncations yield a map or IllegalArgumentException, nothing else. */
  @Test
  void fuzz() {
    Random rnd = new Random(7616);
    String alphabet = "=,\" \\\tazAZ09/+";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder s = new StringBuilder(SAMPLE.substring(0, rnd.nextInt(SAMPLE.length() + 1)));
      for (int m = rnd.nextInt(4); m > 0 && s.length() > 0; m--) {
        s.setCharAt(rnd.nextInt(s.length()), alphabet.charAt(rnd.nextInt(alphabet.length())));
      }
      try {
        AuthParams.parse(s.toString());
      } catch (IllegalArgumentException expected) {
        // documented
      }
    }
  }
}
