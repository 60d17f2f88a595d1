package io.livepoint.server;

import io.livepoint.rtsp.client.PullSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The {@code streams:} list of the config file: streams pulled from a source URL, e.g.
 * {@code streams: [{name: cam1, source: "rtsp://user:pass@host:554/path", transport: tcp, pull: always}]}.
 * Every entry is validated at start; an error names the entry and key ({@code streams[0].source}).
 */
final class StreamSources {
  static final String KEY = "streams";
  private static final Set<String> KEYS = Set.of("name", "source", "transport", "pull");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

  private StreamSources() {}

  static List<PullSource> parse(Object raw) throws ConfigException {
    if (raw == null || raw instanceof String s && s.isBlank()) {
      return List.of();
    }
    if (!(raw instanceof List<?> list)) {
      throw new ConfigException(KEY + " must be a list of {name, source, transport, pull} entries");
    }
    List<PullSource> out = new ArrayList<>();
    Set<String> names = new HashSet<>();
    for (int i = 0; i < list.size(); i++) {
      String at = KEY + "[" + i + "]";
      if (!(list.get(i) instanceof Map<?, ?> m)) {
        throw new ConfigException(at + " must be a mapping with name and source");
      }
      for (Object k : m.keySet()) {
        if (!KEYS.contains(String.valueOf(k))) {
          throw new ConfigException("unknown configuration key '" + at + "." + k + "' (known: name, source, transport, pull)");
        }
      }
      String name = text(m, "name");
      if (name == null || !NAME.matcher(name).matches()) {
        throw new ConfigException(at + ".name must be a stream name (letters, digits, . _ -), got '" + name + "'");
      }
      if (!names.add(name)) {
        throw new ConfigException(at + ".name '" + name + "' is defined twice");
      }
      String source = text(m, "source");
      if (source == null) {
        throw new ConfigException(at + ".source is required (rtsp://[user:pass@]host[:port]/path)");
      }
      PullSource.Transport transport = choice(at + ".transport", text(m, "transport"), PullSource.Transport.TCP,
          PullSource.Transport.class);
      PullSource.Pull pull = choice(at + ".pull", text(m, "pull"), PullSource.Pull.ALWAYS, PullSource.Pull.class);
      try {
        out.add(PullSource.of(name, source, transport, pull));
      } catch (IllegalArgumentException e) {
        throw new ConfigException(at + ".source: " + e.getMessage());
      }
    }
    return List.copyOf(out);
  }

  private static String text(Map<?, ?> m, String key) {
    Object v = m.get(key);
    return v == null ? null : String.valueOf(v).trim();
  }

  private static <E extends Enum<E>> E choice(String key, String value, E fallback, Class<E> type) throws ConfigException {
    if (value == null) {
      return fallback;
    }
    try {
      return Enum.valueOf(type, value.toUpperCase(Locale.ROOT).replace('-', '_'));
    } catch (IllegalArgumentException e) {
      List<String> allowed = new ArrayList<>();
      for (E c : type.getEnumConstants()) {
        allowed.add(c.name().toLowerCase(Locale.ROOT).replace('_', '-'));
      }
      throw new ConfigException(key + " must be one of " + String.join(", ", allowed) + ", got '" + value + "'");
    }
  }
}
