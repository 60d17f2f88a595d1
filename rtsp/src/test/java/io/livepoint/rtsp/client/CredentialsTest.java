package io.livepoint.rtsp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CredentialsTest {
  @Test
  void digestWithoutQopIsTheRfc2069FormAndBasicIsBase64() {
    Credentials c = new Credentials("Mufasa", "Circle Of Life");
    assertNull(c.authorization("DESCRIBE", "rtsp://cam/"));
    assertTrue(c.challenge(List.of("Digest realm=\"testrealm@host.com\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c0\"")));
    Map<String, String> p = Credentials.params(c.authorization("GET", "/dir/index.html").substring(7));
    // RFC 2069 response = MD5(HA1:nonce:HA2) for the RFC 2617 3.5 user, realm and nonce.
    String ha1 = Credentials.md5("Mufasa:testrealm@host.com:Circle Of Life");
    assertEquals("939e7578ed9e3c518a452acee763bce9", ha1); // RFC 2617 3.5's HA1
    assertEquals(Credentials.md5(ha1 + ":dcd98b7102dd2f0e8b11d0f600bfb0c0:" + Credentials.md5("GET:/dir/index.html")),
        p.get("response"));
    assertFalse(p.containsKey("qop"));

    Credentials basic = new Credentials("Aladdin", "open sesame");
    assertTrue(basic.challenge(List.of("Basic realm=\"WallyWorld\"")));
    assertEquals("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==", basic.authorization("OPTIONS", "*")); // RFC 7617 2
    assertFalse(new Credentials("a", "b").challenge(List.of("Digest realm=\"x\", nonce=\"y\", algorithm=SHA-256")));
  }

  @Test
  void rfc2617ExampleResponse() {
    // RFC 2617 3.5: qop=auth, nc=00000001, cnonce="0a4f113b" gives response 6629fae49393a05397450978507c4ef1.
    String ha1 = Credentials.md5("Mufasa:testrealm@host.com:Circle Of Life");
    String ha2 = Credentials.md5("GET:/dir/index.html");
    assertEquals("6629fae49393a05397450978507c4ef1",
        Credentials.md5(ha1 + ":dcd98b7102dd2f0e8b11d0f600bfb0c093:00000001:0a4f113b:auth:" + ha2));
    Map<String, String> p = Credentials.params("realm=\"a, b\", nonce=\"q\\\"x\", qop=\"auth,auth-int\", stale=FALSE");
    assertEquals("a, b", p.get("realm"));
    assertEquals("q\"x", p.get("nonce"));
    assertEquals("auth,auth-int", p.get("qop"));
    assertEquals("FALSE", p.get("stale"));
  }
}
