package io.livepoint.ingest;

import io.livepoint.http.auth.AuthPolicy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Settings of the DASH-IF ingest receiving entity.
 *
 * @param publishingPoints stream names accepted on {@code /ingest/}; empty accepts any valid name
 * @param maxBoxSize largest ISOBMFF box (and so CMAF chunk) accepted; larger ones are answered 400
 * @param auth who may ingest to every publishing point ({@link AuthPolicy#OPEN}: anyone)
 * @param publishingPointAuth per publishing point, a policy that replaces {@code auth} for it
 * @param requestIdleTimeout a request whose body stops arriving for this long is cut off (ingest 5.2 item 9)
 * @param clientCertificateRequired publishing points that take only sources with a TLS client
 *     certificate (checked against the HTTPS port's client CA bundle); others are refused 403
 */
public record IngestConfig(List<String> publishingPoints, long maxBoxSize, AuthPolicy auth,
    Map<String, AuthPolicy> publishingPointAuth, Duration requestIdleTimeout, Set<String> clientCertificateRequired) {
  public static final Duration DEFAULT_REQUEST_IDLE_TIMEOUT = Duration.ofSeconds(10);
  /** Largest manifest body (.mpd/.m3u8) accepted. */
  public static final int MAX_MANIFEST_BYTES = 1 << 20;

  public static final IngestConfig DEFAULTS = new IngestConfig(List.of(), 64L << 20);

  public IngestConfig {
    publishingPoints = List.copyOf(publishingPoints);
    if (maxBoxSize < 1024) {
      throw new IllegalArgumentException("maxBoxSize must be at least 1024 bytes");
    }
    if (auth == null) {
      throw new IllegalArgumentException("auth is required (AuthPolicy.OPEN for none)");
    }
    publishingPointAuth = Map.copyOf(publishingPointAuth);
    clientCertificateRequired = Set.copyOf(clientCertificateRequired);
    if (requestIdleTimeout == null || requestIdleTimeout.isNegative() || requestIdleTimeout.isZero()) {
      throw new IllegalArgumentException("requestIdleTimeout must be positive");
    }
  }

  /** With the default request idle timeout. */
  public IngestConfig(List<String> publishingPoints, long maxBoxSize, AuthPolicy auth,
      Map<String, AuthPolicy> publishingPointAuth) {
    this(publishingPoints, maxBoxSize, auth, publishingPointAuth, DEFAULT_REQUEST_IDLE_TIMEOUT, Set.of());
  }

  /** Without authentication. */
  public IngestConfig(List<String> publishingPoints, long maxBoxSize) {
    this(publishingPoints, maxBoxSize, AuthPolicy.OPEN, Map.of());
  }

  /** The policy that guards {@code stream}. */
  public AuthPolicy authFor(String stream) {
    return publishingPointAuth.getOrDefault(stream, auth);
  }

  /** Whether {@code stream} is a publishing point here. */
  public boolean accepts(String stream) {
    return publishingPoints.isEmpty() || publishingPoints.contains(stream);
  }
}
