package io.livepoint.http.auth;

import java.util.Map;
import java.util.TreeMap;

/**
 * Who may pass: a scheme, the realm named in challenges, and users with their passwords.
 *
 * @param scheme {@link AuthScheme#NONE} lets everyone in
 * @param realm the protection space (part of the Digest hash, so clients must see the same one)
 * @param users user name to password
 */
public record AuthPolicy(AuthScheme scheme, String realm, Map<String, String> users) {
  public static final String DEFAULT_REALM = "livepoint";
  public static final AuthPolicy OPEN = new AuthPolicy(AuthScheme.NONE, DEFAULT_REALM, Map.of());

  public AuthPolicy {
    if (scheme == null) {
      throw new IllegalArgumentException("scheme is required");
    }
    if (realm == null || realm.isEmpty() || realm.indexOf('"') >= 0 || realm.indexOf('\\') >= 0) {
      throw new IllegalArgumentException("realm must be non-empty text without quotes or backslashes");
    }
    users = Map.copyOf(users);
    if (scheme != AuthScheme.NONE && users.isEmpty()) {
      throw new IllegalArgumentException("users must name at least one user");
    }
    for (String u : users.keySet()) {
      if (u.isEmpty() || u.indexOf(':') >= 0 || u.indexOf('"') >= 0 || u.indexOf('\\') >= 0) {
        throw new IllegalArgumentException("user name '" + u + "' must be non-empty, without ':', quotes or backslashes");
      }
    }
  }

  public boolean open() {
    return scheme == AuthScheme.NONE;
  }

  @Override
  public String toString() { // never the passwords
    return scheme.name().toLowerCase() + (open() ? "" : " realm=" + realm + " users=" + new TreeMap<>(users).keySet());
  }
}
