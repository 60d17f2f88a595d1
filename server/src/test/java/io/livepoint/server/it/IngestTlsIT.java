package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.livepoint.testkit.Peer;
import io.livepoint.testkit.Shared;
import io.livepoint.testkit.Tools;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTPS port: Mozilla intermediate profile (TLS 1.2/1.3, AEAD ciphers with forward secrecy) and
 * TLS client certificates (http.clientAuth optional; the publishing point "secure" requires one).
 * Peers: curl (PEM certificate and key) and the JDK HttpClient (PKCS#12). Certificates are made by
 * the openssl CLI for the test: a CA, and a client certificate it signed.
 */
@Tag("it")
class IngestTlsIT {
  @TempDir
  static Path dir;
  static LiveServerFixture live;
  static Path init;

  @BeforeAll
  static void start() throws Exception {
    Tools.require("curl");
    Tools.require("openssl");
    init = Shared.path("testdata/cmaf/livesim2-testpic_2s/V300/init.mp4");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=livepoint test CA");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=encoder1");
    openssl("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "client.pem", "-days", "2");
    openssl("pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-out", "client.p12",
        "-passout", "pass:changeit");
    // self-signed client certificates (ingest 5.2 item 6 MAY): one trusted by being listed in the bundle, one not
    for (String name : List.of("selfsigned", "rogue")) {
      openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", name + ".key", "-out", name + ".pem",
          "-days", "2", "-subj", "/CN=" + name + " encoder");
    }
    Files.writeString(dir.resolve("trusted.pem"), Files.readString(dir.resolve("ca.pem"))
        + Files.readString(dir.resolve("selfsigned.pem")));
    live = new LiveServerFixture(LiveServerFixture.config("http.clientAuth", "optional",
        "http.clientCa", dir.resolve("trusted.pem").toString(), "ingest.publishingPointAuth.secure.clientCertificate", "require"));
  }

  @AfterAll
  static void stop() {
    if (live != null) {
      live.close();
    }
  }

  private static void openssl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
  }

  private static String https(String path) {
    return "https://127.0.0.1:" + live.server.httpsPort() + path;
  }

  /** curl's final status (000 when the TLS handshake failed), -k: the server certificate is self-signed. */
  private static String curl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("curl", "-s", "-k", "-o", "/dev/null", "-w", "%{http_code}"));
    cmd.addAll(List.of(args));
    return Peer.run(Duration.ofSeconds(30), cmd.toArray(String[]::new)).output().trim();
  }

  @Test
  void publishingPointThatRequiresAClientCertificate() throws Exception {
    String target = https("/ingest/secure/V300.cmfv");
    assertEquals("403", curl("--data-binary", "@" + init, target));
    assertNull(live.server.registry().get("secure"));
    assertEquals("200", curl("--cert", dir.resolve("client.pem").toString(), "--key", dir.resolve("client.key").toString(),
        "--data-binary", "@" + init, target));
    assertNotNull(live.server.registry().get("secure").findTrack("V300").header());
    // other publishing points do not ask for one (http.clientAuth optional)
    assertEquals("200", curl("--data-binary", "@" + init, https("/ingest/open/V300.cmfv")));
  }

  @Test
  void selfSignedClientCertificateListedInTheBundle() throws Exception {
    String target = https("/ingest/secure/self.cmfv");
    assertEquals("200", curl("--cert", dir.resolve("selfsigned.pem").toString(),
        "--key", dir.resolve("selfsigned.key").toString(), "--data-binary", "@" + init, target));
    // a certificate that neither chains to the CA nor is listed: the handshake is refused
    assertEquals("000", curl("--cert", dir.resolve("rogue.pem").toString(), "--key", dir.resolve("rogue.key").toString(),
        "--data-binary", "@" + init, https("/ingest/open/rogue.cmfv")));
  }

  @Test
  void jdkHttpClientWithAPkcs12ClientCertificate() throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(dir.resolve("client.p12"))) {
      ks.load(in, "changeit".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, "changeit".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), new javax.net.ssl.TrustManager[] {new TrustAll()}, null);
    for (HttpClient.Version v : List.of(HttpClient.Version.HTTP_1_1, HttpClient.Version.HTTP_2)) {
      HttpClient c = HttpClient.newBuilder().sslContext(ctx).version(v).build();
      HttpResponse<String> r = c.send(HttpRequest.newBuilder(URI.create(https("/ingest/secure/jdk" + v.ordinal() + ".cmfv")))
          .POST(HttpRequest.BodyPublishers.ofFile(init)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), v + ": " + r.body());
      assertEquals(v, r.version());
    }
  }

  @Test
  void onlyTheIntermediateProfileIsOffered() throws Exception {
    String probe = https("/ingest/probe/"); // an empty POST: the ingest probe (200)
    assertEquals("200", curl("-X", "POST", "--tlsv1.2", "--tls-max", "1.2", "--ciphers", "ECDHE-ECDSA-AES128-GCM-SHA256", probe));
    assertEquals("200", curl("-X", "POST", "--tlsv1.3", probe));
    // TLS 1.1 and older are refused; so are TLS 1.2 suites without forward secrecy or without AEAD
    assertEquals("000", curl("-X", "POST", "--tlsv1", "--tls-max", "1.1", probe));
    assertEquals("000", curl("-X", "POST", "--tlsv1.2", "--tls-max", "1.2", "--ciphers", "ECDHE-ECDSA-AES128-SHA256", probe));
    assertEquals("000", curl("-X", "POST", "--tlsv1.2", "--tls-max", "1.2", "--ciphers", "AES128-GCM-SHA256", probe));
    assertNotEquals("000", curl("-X", "POST", "--tlsv1.2", "--tls-max", "1.2", probe));
  }

  /** Accepts the self-signed server certificate (an extended manager, so no hostname check is added). */
  private static final class TrustAll extends X509ExtendedTrustManager {
    @Override public void checkClientTrusted(X509Certificate[] c, String a, Socket s) {}
    @Override public void checkServerTrusted(X509Certificate[] c, String a, Socket s) {}
    @Override public void checkClientTrusted(X509Certificate[] c, String a, SSLEngine e) {}
    @Override public void checkServerTrusted(X509Certificate[] c, String a, SSLEngine e) {}
    @Override public void checkClientTrusted(X509Certificate[] c, String a) {}
    @Override public void checkServerTrusted(X509Certificate[] c, String a) {}
    @Override public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
