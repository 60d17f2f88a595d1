package io.livepoint.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Collection;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * TLS settings of the ingest client: an optional client certificate (PEM certificate chain with a
 * PKCS#8 PEM key, or a PKCS#12 file) and whether to skip the server certificate check.
 *
 * @param certificate PEM certificate chain, or null
 * @param key PEM PKCS#8 private key ({@code BEGIN PRIVATE KEY}) for {@code certificate}
 * @param pkcs12 PKCS#12 key store with the key and chain (instead of certificate/key), or null
 * @param password the PKCS#12 password (may be empty)
 * @param insecure accept any server certificate and name (self-signed test servers)
 */
public record ClientTls(Path certificate, Path key, Path pkcs12, String password, boolean insecure) {
  public static final ClientTls DEFAULT = new ClientTls(null, null, null, null, false);

  public ClientTls {
    if ((certificate == null) != (key == null)) {
      throw new IllegalArgumentException("a client certificate needs its key, and a key its certificate");
    }
    if (certificate != null && pkcs12 != null) {
      throw new IllegalArgumentException("give a PEM certificate and key or a PKCS#12 file, not both");
    }
  }

  /** The socket factory for these settings. */
  SSLSocketFactory socketFactory() throws IOException {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(keyManagers(), insecure ? new TrustManager[] {new TrustAll()} : null, null);
      return ctx.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IOException("TLS client settings: " + e.getMessage(), e);
    }
  }

  private KeyManager[] keyManagers() throws IOException, GeneralSecurityException {
    char[] pw = password == null ? new char[0] : password.toCharArray();
    KeyStore ks;
    if (pkcs12 != null) {
      ks = KeyStore.getInstance("PKCS12");
      try (InputStream in = Files.newInputStream(pkcs12)) {
        ks.load(in, pw);
      }
    } else if (certificate != null) {
      Collection<? extends Certificate> chain;
      try (InputStream in = Files.newInputStream(certificate)) {
        chain = CertificateFactory.getInstance("X.509").generateCertificates(in);
      }
      ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      ks.setKeyEntry("client", privateKey(Files.readString(key)), pw, chain.toArray(Certificate[]::new));
    } else {
      return null;
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pw);
    return kmf.getKeyManagers();
  }

  private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    int begin = pem.indexOf("-----BEGIN PRIVATE KEY-----");
    int end = pem.indexOf("-----END PRIVATE KEY-----");
    if (begin < 0 || end < 0) {
      throw new GeneralSecurityException("the key must be PEM PKCS#8 (BEGIN PRIVATE KEY); convert with "
          + "openssl pkcs8 -topk8 -nocrypt");
    }
    byte[] der = Base64.getMimeDecoder().decode(pem.substring(begin + 27, end));
    PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(spec);
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new GeneralSecurityException("unsupported private key algorithm");
  }

  /** --insecure: any server certificate (an extended manager, so no host name check is added either). */
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
