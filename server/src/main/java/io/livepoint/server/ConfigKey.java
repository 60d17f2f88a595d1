package io.livepoint.server;

/**
 * Every configuration key: its YAML path, its command-line flag ({@code --path}), type, default and
 * meaning. This table is the single source of the config file format, the flags and {@code --help}.
 */
public enum ConfigKey {
  HTTP_HOST("http.host", Type.STRING, "::", "address to listen on (:: = all IPv6 and IPv4 addresses)"),
  HTTP_PORT("http.port", Type.PORT, 8080, "HTTP/1.1 + h2c port (-1 disables)"),
  HTTPS_PORT("http.tlsPort", Type.PORT, 8443, "HTTPS port, h2 via ALPN (-1 disables)"),
  TLS_CERTIFICATE("http.certificate", Type.STRING, "", "PEM certificate chain (empty: self-signed)"),
  TLS_PRIVATE_KEY("http.privateKey", Type.STRING, "", "PEM PKCS#8 private key for http.certificate"),
  TLS_CLIENT_AUTH("http.clientAuth", Type.STRING, "none",
      "TLS client certificates on the HTTPS port: none, optional (checked when sent) or require"),
  TLS_CLIENT_CA("http.clientCa", Type.STRING, "", "PEM bundle of the CAs client certificates must chain to"),
  HTTP_IDLE_TIMEOUT("http.idleTimeout", Type.DURATION, "30s",
      "close idle connections and request bodies that stop arriving after this"),
  HTTP_WRITE_TIMEOUT("http.writeTimeout", Type.DURATION, "10s",
      "drop a player that has not read for this long while a response waits to be sent"),
  HTTP_TRANSPORT("http.transport", Type.STRING, "auto",
      "socket layer: auto (epoll where it loads, else nio), epoll or nio"),
  SEGMENT_DURATION("stream.targetSegmentDuration", Type.DURATION, "2s",
      "segment length when a long ingest request carries no segment boundaries"),
  TIME_SHIFT_WINDOW("stream.timeShiftWindow", Type.DURATION, "30s", "media kept per track (DVR window)"),
  TARGET_LATENCY("stream.targetLatency", Type.DURATION, "1.5s", "live latency players are asked to hold"),
  STREAM_IDLE_REMOVAL("stream.removeAfterIdle", Type.DURATION, "60s",
      "forget a stream (and free its window) when no media arrived for this long"),
  PUBLISHING_POINTS("ingest.publishingPoints", Type.LIST, "",
      "comma-separated stream names accepted on /ingest/ (empty: any valid name)"),
  MAX_BOX_SIZE("ingest.maxBoxSize", Type.INT, 64 << 20, "largest ISOBMFF box accepted on ingest, bytes"),
  INGEST_REQUEST_IDLE_TIMEOUT("ingest.requestIdleTimeout", Type.DURATION, "10s",
      "cut off (408) an ingest request whose body stops arriving for this long (DASH-IF ingest 5.2 item 9)"),
  INBAND_EVENTS("packager.inbandEvents", Type.BOOLEAN, false,
      "also carry timed events (SCTE-35...) as emsg in the video segments, declared by InbandEventStream"),
  PUSH_ENABLED("push.enabled", Type.BOOLEAN, true,
      "honour ISO/IEC 23009-6 push directives on HTTP/2 (off: every directive is acked push-none)"),
  PUSH_MAX_STREAMS("push.maxStreams", Type.INT, 32,
      "pushed streams promised and not yet closed per HTTP/2 connection; larger strategies are downgraded"),
  PUSH_MAX_BYTES_IN_FLIGHT("push.maxBytesInFlight", Type.INT, 4 << 20,
      "a pushed response starts only while the connection's pushed bytes not yet sent are below this"),
  OBJECTS_MAX_MEGABYTES("ingest.objects.maxMegabytes", Type.INT, 256,
      "Interface-2 objects one publishing point may hold, MiB (oldest media objects are evicted past it)"),
  OBJECTS_RETENTION("ingest.objects.retention", Type.DURATION, "60s",
      "how long an Interface-2 media object the encoder never deletes is kept"),
  RTSP_ENABLED("rtsp.enabled", Type.BOOLEAN, true, "serve every stream at rtsp://HOST:PORT/{stream} (RTP over TCP and UDP)"),
  RTSP_PORT("rtsp.port", Type.PORT, 8554, "RTSP port (TCP; RTP/RTCP over UDP use a free even/odd pair)"),
  RTSP_SESSION_TIMEOUT("rtsp.sessionTimeout", Type.DURATION, "60s",
      "tear down an RTSP session with no request or RTCP from its client for this long"),
  RTSP_BACKCHANNEL_SINK("rtsp.backchannel.sink", Type.STRING, "",
      "offer the ONVIF audio back channel (PCMU/PCMA); file:/dir writes each session's audio as a .au file (empty: off, 551)"),
  RTSP_PULL_IDLE("rtsp.pull.idleTimeout", Type.DURATION, "30s",
      "stop pulling an on-demand stream (streams[].pull: on-demand) when no viewer asked for it for this long"),
  DEMO_ENABLED("demo.enabled", Type.BOOLEAN, true, "serve the built-in synthetic live stream"),
  DEMO_NAME("demo.name", Type.STRING, "demo", "stream name of the demo");

  /** Value kinds, each with its parser. */
  public enum Type { STRING, INT, PORT, BOOLEAN, DURATION, LIST }

  private final String path;
  private final Type type;
  private final Object defaultValue;
  private final String help;

  ConfigKey(String path, Type type, Object defaultValue, String help) {
    this.path = path;
    this.type = type;
    this.defaultValue = defaultValue;
    this.help = help;
  }

  public String path() {
    return path;
  }

  public Type type() {
    return type;
  }

  public Object defaultValue() {
    return defaultValue;
  }

  public String help() {
    return help;
  }

  /** The command-line flag: {@code --http.port}. */
  public String flag() {
    return "--" + path;
  }

  public static ConfigKey byPath(String path) {
    for (ConfigKey k : values()) {
      if (k.path.equals(path)) {
        return k;
      }
    }
    return null;
  }
}
