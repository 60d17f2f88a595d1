package io.livepoint.http;

import java.util.List;

/**
 * The TLS settings of the HTTPS port: Mozilla's "intermediate" server profile (version 5.7 of their
 * server-side TLS guidelines): TLS 1.2 and 1.3 only, and for TLS 1.2 only ECDHE/DHE key exchange with
 * AEAD ciphers. TLS 1.3 suites are all AEAD and kept as the JDK offers them.
 */
public final class TlsProfile {
  public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  /** TLS 1.3 suites first, then the intermediate TLS 1.2 list in Mozilla's order (IANA names, as the JDK spells them). */
  public static final List<String> CIPHERS = List.of(
      "TLS_AES_128_GCM_SHA256",
      "TLS_AES_256_GCM_SHA384",
      "TLS_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256",
      "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
      "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
      "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

  private TlsProfile() {}
}
