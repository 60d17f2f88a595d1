package io.livepoint.server;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Command-line parsing: {@code --config FILE}, every config key as {@code --section.key VALUE}, and
 * short aliases for the common ones.
 */
public final class Cli {
  private static final Map<String, String> ALIASES = Map.of(
      "--http-port", "http.port",
      "--https-port", "http.tlsPort",
      "--host", "http.host");

  /** What the command line asked for. */
  public record Parsed(Config config, boolean help) {}

  private Cli() {}

  public static Parsed parse(String... args) throws ConfigException {
    Path file = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--help") || args[i].equals("-h")) {
        return new Parsed(Config.defaults(), true);
      }
      if (args[i].equals("--config")) {
        if (i + 1 >= args.length) {
          throw new ConfigException("--config needs a file name");
        }
        file = Path.of(args[++i]);
        if (!Files.isRegularFile(file)) {
          throw new ConfigException("--config: no such file " + file);
        }
      }
    }
    Config config = Config.load(file);
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--config")) {
        i++;
        continue;
      }
      if (a.equals("--no-demo")) {
        config.set("demo.enabled", "false");
        continue;
      }
      String value = null;
      int eq = a.indexOf('=');
      if (eq > 0) {
        value = a.substring(eq + 1);
        a = a.substring(0, eq);
      }
      String path = ALIASES.getOrDefault(a, a.startsWith("--") ? a.substring(2) : null);
      if (path == null || ConfigKey.byPath(path) == null) {
        throw new ConfigException("unknown option '" + args[i] + "' (see --help)");
      }
      if (value == null) {
        if (i + 1 >= args.length) {
          throw new ConfigException(a + " needs a value");
        }
        value = args[++i];
      }
      config.set(path, value);
    }
    return new Parsed(config, false);
  }

  public static String help() {
    StringBuilder b = new StringBuilder();
    b.append("Usage: ./livepoint [options]\n\n")
        .append("Livepoint live media server. With no options it serves the built-in demo stream at\n")
        .append("http://localhost:8080/ (CMAF ingest at /ingest/{stream}/, DASH/HLS at /live/{stream}/).\n\n")
        .append("Options:\n")
        .append(String.format("  %-36s %s%n", "--config FILE", "YAML config file (keys as below, nested by section)"))
        .append(String.format("  %-36s %s%n", "--http-port N, --https-port N", "aliases of --http.port, --http.tlsPort"))
        .append(String.format("  %-36s %s%n", "--no-demo", "same as --demo.enabled false"))
        .append(String.format("  %-36s %s%n", "--help", "this text"));
    for (ConfigKey k : ConfigKey.values()) {
      String flag = k.flag() + " " + k.type().name().toLowerCase(java.util.Locale.ROOT);
      b.append(String.format("  %-36s %s (default: %s)%n", flag, k.help(),
          String.valueOf(k.defaultValue()).isEmpty() ? "none" : k.defaultValue()));
    }
    b.append("\nPulled streams (config file only): RTSP sources served like any other stream, e.g.\n")
        .append("  streams:\n")
        .append("    - {name: cam1, source: \"rtsp://user:pass@192.0.2.7:554/path\", transport: tcp, pull: always}\n")
        .append("  transport: tcp (interleaved, default) or udp; pull: always (default) or on-demand (from the\n")
        .append("  first viewer until nobody asked for rtsp.pull.idleTimeout). Encoders may also publish with\n")
        .append("  RTSP ANNOUNCE/RECORD to rtsp://HOST:8554/{stream} (RTP over TCP interleaved or UDP).\n")
        .append("\nIngest credentials (config file only): HTTP Basic or Digest (RFC 7616, SHA-256/MD5), globally and\n")
        .append("per publishing point (which then replaces the global one); no credentials 401, wrong ones 403:\n")
        .append("  ingest:\n")
        .append("    auth: {scheme: digest, realm: livepoint, users: {encoder1: \"secret\"}}\n")
        .append("    publishingPointAuth: {studio: {scheme: basic, users: {cam: \"pw\"}}, open: {scheme: none}}\n")
        .append("\nRTSP credentials (config file only): every RTSP request but OPTIONS, players and publishers, on the\n")
        .append("RTSP port and in the HTTP tunnels; missing or wrong ones get 401 with the challenges:\n")
        .append("  rtsp:\n")
        .append("    auth: {scheme: digest, realm: livepoint, users: {viewer: \"secret\"}}\n");
    return b.toString();
  }
}
