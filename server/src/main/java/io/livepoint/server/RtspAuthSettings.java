package io.livepoint.server;

import io.livepoint.http.auth.AuthPolicy;
import io.livepoint.http.auth.AuthScheme;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RTSP credentials, named like ingest's ({@code ingest.auth}):
 * <pre>
 * rtsp:
 *   auth: {scheme: digest, realm: livepoint, users: {viewer: "secret"}}
 * </pre>
 * (config file only, like ingest's: passwords stay off the command line). Every RTSP request but OPTIONS
 * then needs them (players, ANNOUNCE/RECORD publishers, the HTTP and WebSocket tunnels). {@code scheme}
 * defaults to digest when users are given, realm to {@value AuthPolicy#DEFAULT_REALM}; checked at start
 * with an error naming the key.
 */
final class RtspAuthSettings {
  static final String PREFIX = "rtsp.auth";

  private AuthScheme scheme;
  private String realm;
  private final Map<String, String> users = new LinkedHashMap<>();

  static boolean handles(String path) {
    return path.equals(PREFIX) || path.startsWith(PREFIX + ".");
  }

  void set(String path, Object raw) throws ConfigException {
    String value = raw == null ? "" : String.valueOf(raw);
    String rest = path.equals(PREFIX) ? "" : path.substring(PREFIX.length() + 1);
    if (rest.equals("scheme")) {
      scheme = AuthScheme.parse(value);
      if (scheme == null) {
        throw new ConfigException(path + " must be none, basic or digest, got '" + value + "'");
      }
    } else if (rest.equals("realm")) {
      realm = value;
    } else if (rest.startsWith("users.") && rest.length() > 6) {
      users.put(rest.substring(6), value);
    } else if (rest.equals("users") && value.isEmpty()) {
      // an empty mapping
    } else if (rest.equals("users")) {
      throw new ConfigException(path + " must be a mapping of user names to passwords");
    } else if (rest.isEmpty()) {
      throw new ConfigException(path + " must be a mapping {scheme, realm, users}");
    } else {
      throw new ConfigException("unknown configuration key '" + path + "' (known: scheme, realm, users)");
    }
  }

  /** The policy; {@link AuthPolicy#OPEN} when nothing was configured. */
  AuthPolicy policy() throws ConfigException {
    AuthScheme s = scheme != null ? scheme : users.isEmpty() ? AuthScheme.NONE : AuthScheme.DIGEST;
    if (s == AuthScheme.NONE && !users.isEmpty()) {
      throw new ConfigException(PREFIX + ".users is given but " + PREFIX + ".scheme is none");
    }
    if (s != AuthScheme.NONE && users.isEmpty()) {
      throw new ConfigException(PREFIX + ".users must name at least one user for scheme " + s.name().toLowerCase());
    }
    for (var u : users.entrySet()) {
      if (u.getValue().isEmpty()) {
        throw new ConfigException(PREFIX + ".users." + u.getKey() + " has an empty password");
      }
    }
    String r = realm == null || realm.isEmpty() ? AuthPolicy.DEFAULT_REALM : realm;
    try {
      return new AuthPolicy(s, r, users);
    } catch (IllegalArgumentException e) {
      String key = e.getMessage().startsWith("realm") ? PREFIX + ".realm" : PREFIX + ".users";
      throw new ConfigException(key + ": " + e.getMessage());
    }
  }
}
