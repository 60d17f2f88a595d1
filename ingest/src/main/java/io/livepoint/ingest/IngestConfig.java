package io.livepoint.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;

/**
 * Settings of the DASH-IF ingest receiving entity.
 *
 * @param publishingPoints stream names accepted on {@code /ingest/}; empty accepts any valid name
 * @param maxBoxSize largest ISOBMFF box (and so CMAF chunk) accepted; larger ones are answered 413
 * @param username HTTP Basic user required from ingest sources, or null for no authentication
 * @param password HTTP Basic password (with {@code username})
 */
public record IngestConfig(List<String> publishingPoints, long maxBoxSize, String username, String password) {
  /** Largest manifest body (.mpd/.m3u8) accepted. */
  public static final int MAX_MANIFEST_BYTES = 1 << 20;

  public static final IngestConfig DEFAULTS = new IngestConfig(List.of(), 64L << 20);

  public IngestConfig {
    publishingPoints = List.copyOf(publishingPoints);
    if (maxBoxSize < 1024) {
      throw new IllegalArgumentException("maxBoxSize must be at least 1024 bytes");
    }
    if ((username == null) != (password == null)) {
      throw new IllegalArgumentException("username and password go together");
    }
  }

  /** Without authentication. */
  public IngestConfig(List<String> publishingPoints, long maxBoxSize) {
    this(publishingPoints, maxBoxSize, null, null);
  }

  public boolean authenticates() {
    return username != null;
  }

  /** Whether {@code stream} is a publishing point here. */
  public boolean accepts(String stream) {
    return publishingPoints.isEmpty() || publishingPoints.contains(stream);
  }

  /** Constant-time check of Basic credentials. */
  boolean credentialsMatch(String user, String pass) {
    return MessageDigest.isEqual(bytes(user), bytes(username)) & MessageDigest.isEqual(bytes(pass), bytes(password));
  }

  private static byte[] bytes(String s) {
    return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return "IngestConfig[publishingPoints=" + publishingPoints + ", maxBoxSize=" + maxBoxSize
        + ", auth=" + (username == null ? "none" : "basic") + "]";
  }
}
