package io.livepoint.http;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Listener settings.
 *
 * @param host address to bind ("0.0.0.0" binds IPv4 and, on dual-stack systems via "::", IPv6 too)
 * @param httpPort cleartext port: HTTP/1.1 and h2c (prior knowledge and Upgrade); 0 picks a free port, -1 disables
 * @param httpsPort TLS port: h2 and HTTP/1.1 by ALPN; 0 picks a free port, -1 disables
 * @param certificate PEM certificate chain, or null to generate a self-signed one
 * @param privateKey PEM private key (PKCS#8), or null
 * @param idleTimeout an idle connection, or a request body that stops arriving, is closed after this
 */
public record HttpServerConfig(String host, int httpPort, int httpsPort, Path certificate, Path privateKey,
    Duration idleTimeout) {

  public static HttpServerConfig defaults() {
    return new HttpServerConfig("::", 8080, 8443, null, null, Duration.ofSeconds(30));
  }

  public HttpServerConfig withPorts(int http, int https) {
    return new HttpServerConfig(host, http, https, certificate, privateKey, idleTimeout);
  }
}
