package io.livepoint.http.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The worked example of RFC 7616 section 3.9.1. */
class DigestAlgorithmTest {
  private static final String NONCE = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
  private static final String CNONCE = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";

  @Test
  void rfc7616ExampleMd5() {
    assertEquals("8ca523f5e9506fed4657c9700eebdbec", DigestAlgorithm.MD5.response("Mufasa", "http-auth@example.org",
        "Circle of Life", "GET", "/dir/index.html", NONCE, "00000001", CNONCE, "auth"));
  }

  @Test
  void rfc7616ExampleSha256() {
    assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
        DigestAlgorithm.SHA_256.response("Mufasa", "http-auth@example.org", "Circle of Life", "GET",
            "/dir/index.html", NONCE, "00000001", CNONCE, "auth"));
  }

  @Test
  void algorithmTokens() {
    assertEquals(DigestAlgorithm.MD5, DigestAlgorithm.of(null));
    assertEquals(DigestAlgorithm.SHA_256, DigestAlgorithm.of("sha-256"));
    assertNull(DigestAlgorithm.of("MD5-sess"));
  }
}
