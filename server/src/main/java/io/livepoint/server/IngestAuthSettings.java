package io.livepoint.server;

import io.livepoint.http.auth.AuthPolicy;
import io.livepoint.http.auth.AuthScheme;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import io.livepoint.http.TlsClientAuth;
import java.util.regex.Pattern;

/**
 * Ingest credentials of the config file (file only, like {@code streams:}):
 * <pre>
 * ingest:
 *   auth: {scheme: digest, realm: livepoint, users: {encoder1: "secret"}}
 *   publishingPointAuth:
 *     studio: {scheme: basic, users: {cam: "pw"}}
 *     public: {scheme: none}
 *     secure: {clientCertificate: require}   # a TLS client certificate too (http.clientAuth); global credentials still apply
 * </pre>
 * The YAML loader flattens it to dotted keys ({@code ingest.auth.users.encoder1}); they are collected
 * here and checked at start, with an error naming the key. A publishing point's entry replaces the
 * global policy for that stream. {@code scheme} defaults to digest when users are given, realm to
 * {@value AuthPolicy#DEFAULT_REALM}.
 */
final class IngestAuthSettings {
  static final String GLOBAL = "ingest.auth";
  static final String PER_POINT = "ingest.publishingPointAuth";
  private static final Pattern STREAM = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  /** One policy being collected. */
  private static final class Draft {
    AuthScheme scheme;
    String realm;
    final Map<String, String> users = new LinkedHashMap<>();
    boolean clientCertificate;
  }

  private Draft global;
  private final Map<String, Draft> perPoint = new TreeMap<>();

  /** Whether {@code path} is one of ours. */
  static boolean handles(String path) {
    return path.equals(GLOBAL) || path.startsWith(GLOBAL + ".") || path.equals(PER_POINT) || path.startsWith(PER_POINT + ".");
  }

  void set(String path, Object raw) throws ConfigException {
    String value = raw == null ? "" : String.valueOf(raw);
    String rest;
    Draft d;
    if (path.startsWith(GLOBAL + ".")) {
      rest = path.substring(GLOBAL.length() + 1);
      d = global == null ? global = new Draft() : global;
    } else if (path.startsWith(PER_POINT + ".")) {
      String tail = path.substring(PER_POINT.length() + 1);
      int dot = tail.indexOf('.');
      String stream = dot < 0 ? tail : tail.substring(0, dot);
      if (!STREAM.matcher(stream).matches()) {
        throw new ConfigException(PER_POINT + "." + stream + " does not name a valid stream");
      }
      if (dot < 0) {
        throw new ConfigException(path + " must be a mapping {scheme, realm, users}");
      }
      rest = tail.substring(dot + 1);
      d = perPoint.computeIfAbsent(stream, s -> new Draft());
    } else {
      throw new ConfigException(path + " must be a mapping" + (path.equals(GLOBAL) ? " {scheme, realm, users}"
          : " of stream names to {scheme, realm, users}"));
    }
    if (rest.equals("scheme")) {
      d.scheme = AuthScheme.parse(value);
      if (d.scheme == null) {
        throw new ConfigException(path + " must be none, basic or digest, got '" + value + "'");
      }
    } else if (rest.equals("clientCertificate") && d != global) {
      TlsClientAuth.Mode m = TlsClientAuth.Mode.parse(value);
      if (m != TlsClientAuth.Mode.NONE && m != TlsClientAuth.Mode.REQUIRE) {
        throw new ConfigException(path + " must be require or none, got '" + value + "'");
      }
      d.clientCertificate = m == TlsClientAuth.Mode.REQUIRE;
    } else if (rest.equals("realm")) {
      d.realm = value;
    } else if (rest.startsWith("users.")) {
      d.users.put(rest.substring(6), value);
    } else if (rest.equals("users")) {
      if (!value.isEmpty()) {
        throw new ConfigException(path + " must be a mapping of user names to passwords");
      }
    } else {
      throw new ConfigException("unknown configuration key '" + path + "' (known: scheme, realm, users" + (d == global ? "" : ", clientCertificate") + ")");
    }
  }

  /** The global policy. */
  AuthPolicy global() throws ConfigException {
    return global == null ? AuthPolicy.OPEN : build(GLOBAL, global);
  }

  /** The per-publishing-point policies. */
  Map<String, AuthPolicy> perPublishingPoint() throws ConfigException {
    Map<String, AuthPolicy> out = new LinkedHashMap<>();
    for (var e : perPoint.entrySet()) {
      Draft d = e.getValue();
      if (d.scheme == null && d.realm == null && d.users.isEmpty()) {
        continue; // only clientCertificate: the global credentials still apply
      }
      out.put(e.getKey(), build(PER_POINT + "." + e.getKey(), e.getValue()));
    }
    return out;
  }

  /** Publishing points with {@code clientCertificate: require}. */
  Set<String> clientCertificateRequired() {
    Set<String> out = new TreeSet<>();
    perPoint.forEach((stream, d) -> {
      if (d.clientCertificate) {
        out.add(stream);
      }
    });
    return out;
  }

  private static AuthPolicy build(String at, Draft d) throws ConfigException {
    AuthScheme scheme = d.scheme != null ? d.scheme : d.users.isEmpty() ? AuthScheme.NONE : AuthScheme.DIGEST;
    if (scheme == AuthScheme.NONE && !d.users.isEmpty()) {
      throw new ConfigException(at + ".users is given but " + at + ".scheme is none");
    }
    if (scheme != AuthScheme.NONE && d.users.isEmpty()) {
      throw new ConfigException(at + ".users must name at least one user for scheme " + scheme.name().toLowerCase());
    }
    for (var u : d.users.entrySet()) {
      if (u.getValue().isEmpty()) {
        throw new ConfigException(at + ".users." + u.getKey() + " has an empty password");
      }
    }
    try {
      return new AuthPolicy(scheme, d.realm == null || d.realm.isEmpty() ? AuthPolicy.DEFAULT_REALM : d.realm, d.users);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(at + ": " + e.getMessage());
    }
  }
}
