package io.livepoint.server;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The validated configuration: defaults, then the YAML file, then command-line flags. Unknown keys and
 * bad values are errors that name the key.
 */
public final class Config {
  private static final Pattern DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)?");
  private final Map<ConfigKey, Object> values = new EnumMap<>(ConfigKey.class);
  private List<io.livepoint.rtsp.client.PullSource> streams = List.of();
  private final IngestAuthSettings ingestAuth = new IngestAuthSettings();
  private final RtspAuthSettings rtspAuth = new RtspAuthSettings();

  private Config() {
    for (ConfigKey k : ConfigKey.values()) {
      values.put(k, k.defaultValue());
    }
    for (ConfigKey k : ConfigKey.values()) {
      try {
        values.put(k, parse(k, k.defaultValue()));
      } catch (ConfigException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  public static Config defaults() {
    return new Config();
  }

  /** Loads a YAML file (nested maps, e.g. {@code http: {port: 8081}}) over the defaults. */
  public static Config load(Path file) throws ConfigException {
    Config c = new Config();
    if (file != null) {
      c.merge(file);
    }
    return c;
  }

  /** Sets one key from its dotted path, validating the value. */
  public Config set(String path, Object raw) throws ConfigException {
    if (path.equals(StreamSources.KEY)) {
      streams = StreamSources.parse(raw);
      return this;
    }
    if (IngestAuthSettings.handles(path)) {
      ingestAuth.set(path, raw);
      return this;
    }
    if (RtspAuthSettings.handles(path)) {
      rtspAuth.set(path, raw);
      return this;
    }
    ConfigKey k = ConfigKey.byPath(path);
    if (k == null) {
      throw new ConfigException("unknown configuration key '" + path + "'");
    }
    values.put(k, parse(k, raw));
    return this;
  }

  /** The streams pulled from a source URL ({@code streams:}). */
  public List<io.livepoint.rtsp.client.PullSource> streams() {
    return streams;
  }

  /** Ingest credentials, global ({@code ingest.auth}); validated here, so call it at start. */
  public io.livepoint.http.auth.AuthPolicy ingestAuth() throws ConfigException {
    return ingestAuth.global();
  }

  /** Ingest credentials per publishing point ({@code ingest.publishingPointAuth}). */
  public Map<String, io.livepoint.http.auth.AuthPolicy> publishingPointAuth() throws ConfigException {
    return ingestAuth.perPublishingPoint();
  }

  /** RTSP credentials ({@code rtsp.auth}); validated here, so call it at start. */
  public io.livepoint.http.auth.AuthPolicy rtspAuth() throws ConfigException {
    return rtspAuth.policy();
  }

  /** Publishing points that require a TLS client certificate. */
  public java.util.Set<String> clientCertificatePoints() {
    return ingestAuth.clientCertificateRequired();
  }

  public String string(ConfigKey k) {
    return (String) values.get(k);
  }

  public int integer(ConfigKey k) {
    return (Integer) values.get(k);
  }

  public boolean bool(ConfigKey k) {
    return (Boolean) values.get(k);
  }

  public Duration duration(ConfigKey k) {
    return (Duration) values.get(k);
  }

  @SuppressWarnings("unchecked")
  public List<String> list(ConfigKey k) {
    return (List<String>) values.get(k);
  }

  private void merge(Path file) throws ConfigException {
    Object root;
    try (Reader r = Files.newBufferedReader(file)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    } catch (IOException e) {
      throw new ConfigException("cannot read config file " + file + ": " + e.getMessage());
    } catch (RuntimeException e) {
      throw new ConfigException("config file " + file + " is not valid YAML: " + e.getMessage());
    }
    if (root == null) {
      return;
    }
    if (!(root instanceof Map<?, ?> map)) {
      throw new ConfigException("config file " + file + " must hold a mapping at the top");
    }
    flatten("", map);
  }

  private void flatten(String prefix, Map<?, ?> map) throws ConfigException {
    for (var e : map.entrySet()) {
      String path = prefix + e.getKey();
      if (e.getValue() instanceof Map<?, ?> child) {
        flatten(path + ".", child);
      } else {
        set(path, e.getValue());
      }
    }
  }

  private static Object parse(ConfigKey k, Object raw) throws ConfigException {
    String text = raw == null ? "" : raw instanceof List<?> l ? String.join(",", l.stream().map(String::valueOf).toList())
        : String.valueOf(raw).trim();
    try {
      return switch (k.type()) {
        case STRING -> text;
        case INT -> {
          int v = Integer.parseInt(text);
          if (v < 0) {
            throw new ConfigException(k.path() + " must not be negative, got " + text);
          }
          yield v;
        }
        case PORT -> {
          int v = Integer.parseInt(text);
          if (v < -1 || v > 65535) {
            throw new ConfigException(k.path() + " must be a port 0..65535 or -1, got " + text);
          }
          yield v;
        }
        case BOOLEAN -> switch (text.toLowerCase(Locale.ROOT)) {
          case "true", "yes", "on", "1" -> true;
          case "false", "no", "off", "0" -> false;
          default -> throw new ConfigException(k.path() + " must be true or false, got '" + text + "'");
        };
        case DURATION -> duration(k, text);
        case LIST -> text.isEmpty() ? List.of()
            : new ArrayList<>(Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList());
      };
    } catch (NumberFormatException e) {
      throw new ConfigException(k.path() + " must be a whole number, got '" + text + "'");
    }
  }

  private static Duration duration(ConfigKey k, String text) throws ConfigException {
    Matcher m = DURATION.matcher(text);
    if (!m.matches()) {
      throw new ConfigException(k.path() + " must be a duration such as 500ms, 2s, 1.5s or 5m, got '" + text + "'");
    }
    double v = Double.parseDouble(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    double millis = switch (unit) {
      case "ms" -> v;
      case "m" -> v * 60_000;
      case "h" -> v * 3_600_000;
      default -> v * 1000;
    };
    if (millis <= 0) {
      throw new ConfigException(k.path() + " must be positive, got '" + text + "'");
    }
    return Duration.ofNanos(Math.round(millis * 1_000_000));
  }
}
