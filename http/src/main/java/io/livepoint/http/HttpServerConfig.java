package io.livepoint.http;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Listener settings.
 *
 * @param host address to bind ("0.0.0.0" binds IPv4 and, on dual-stack systems via "::", IPv6 too)
 * @param httpPort cleartext port: HTTP/1.1 and h2c (prior knowledge and Upgrade); 0 picks a free port, -1 disables
 * @param httpsPort TLS port: h2 and HTTP/1.1 by ALPN; 0 picks a free port, -1 disables
 * @param certificate PEM certificate chain, or null to generate a self-signed one
 * @param privateKey PEM private key (PKCS#8), or null
 * @param idleTimeout an idle connection, or a request body that stops arriving, is closed after this
 * @param writeTimeout a response the client has not taken any bytes of for this long is cut off (slow
 *     readers are dropped, not buffered without limit)
 * @param clientAuth TLS client certificates on the HTTPS port
 * @param transport the socket layer (epoll or NIO)
 */
public record HttpServerConfig(String host, int httpPort, int httpsPort, Path certificate, Path privateKey,
    Duration idleTimeout, Duration writeTimeout, TlsClientAuth clientAuth, Transport transport) {

  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(30);
  public static final Duration DEFAULT_WRITE_TIMEOUT = Duration.ofSeconds(10);

  public HttpServerConfig {
    Objects.requireNonNull(host, "host");
    requirePositive(idleTimeout, "idleTimeout");
    requirePositive(writeTimeout, "writeTimeout");
    Objects.requireNonNull(clientAuth, "clientAuth");
    Objects.requireNonNull(transport, "transport");
  }

  /** Settings without client certificates. */
  public HttpServerConfig(String host, int httpPort, int httpsPort, Path certificate, Path privateKey,
      Duration idleTimeout, Duration writeTimeout) {
    this(host, httpPort, httpsPort, certificate, privateKey, idleTimeout, writeTimeout, TlsClientAuth.NONE,
        Transport.best());
  }

  /** Settings with the default write timeout. */
  public HttpServerConfig(String host, int httpPort, int httpsPort, Path certificate, Path privateKey,
      Duration idleTimeout) {
    this(host, httpPort, httpsPort, certificate, privateKey, idleTimeout, DEFAULT_WRITE_TIMEOUT);
  }

  public static HttpServerConfig defaults() {
    return new HttpServerConfig("::", 8080, 8443, null, null, DEFAULT_IDLE_TIMEOUT, DEFAULT_WRITE_TIMEOUT);
  }

  public HttpServerConfig withPorts(int http, int https) {
    return new HttpServerConfig(host, http, https, certificate, privateKey, idleTimeout, writeTimeout, clientAuth,
        transport);
  }

  public HttpServerConfig withWriteTimeout(Duration timeout) {
    return new HttpServerConfig(host, httpPort, httpsPort, certificate, privateKey, idleTimeout, timeout, clientAuth, transport);
  }

  public HttpServerConfig withClientAuth(TlsClientAuth auth) {
    return new HttpServerConfig(host, httpPort, httpsPort, certificate, privateKey, idleTimeout, writeTimeout, auth, transport);
  }

  public HttpServerConfig withTransport(Transport t) {
    return new HttpServerConfig(host, httpPort, httpsPort, certificate, privateKey, idleTimeout, writeTimeout, clientAuth, t);
  }

  private static void requirePositive(Duration d, String name) {
    if (d == null || d.isZero() || d.isNegative()) {
      throw new IllegalArgumentException(name + " must be positive, was " + d);
    }
  }
}
