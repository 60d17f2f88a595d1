package io.livepoint.server;

import io.livepoint.core.Clock;
import io.livepoint.core.LatencyHistogram;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.StreamSettings;
import io.livepoint.core.store.ObjectStore;
import io.livepoint.http.HttpServer;
import io.livepoint.http.HttpServerConfig;
import io.livepoint.http.Transport;
import io.livepoint.http.TlsClientAuth;
import io.livepoint.http.Router;
import io.livepoint.http.StaticResources;
import io.livepoint.ingest.IngestConfig;
import io.livepoint.ingest.IngestService;
import io.livepoint.packager.OutputPath;
import io.livepoint.packager.PackagerConfig;
import io.livepoint.packager.PackagerService;
import io.livepoint.push.PushConfig;
import io.livepoint.push.PushService;
import io.livepoint.rtsp.HttpTunnel;
import io.livepoint.rtsp.RtspConfig;
import io.livepoint.rtsp.RtspServer;
import io.livepoint.rtsp.backchannel.BackChannel;
import io.livepoint.rtsp.client.CameraPulls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires the core, the adapters and the HTTP server from a {@link Config}; one instance per server. */
public final class LivepointServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(LivepointServer.class);

  private final Config config;
  private final Clock clock;
  private final StreamRegistry registry;
  /** Interface-2 objects (DASH/HLS ingest), served back by the packager. */
  private final ObjectStore objects;
  private HttpServer http;
  private PackagerService packager;
  private DemoSource demo;
  private RtspServer rtsp;
  private CameraPulls pulls;
  private final ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "stream-sweeper");
    t.setDaemon(true);
    return t;
  });

  public LivepointServer(Config config, Clock clock) {
    this.config = config;
    this.clock = clock;
    StreamSettings settings = new StreamSettings(config.duration(ConfigKey.SEGMENT_DURATION),
        config.duration(ConfigKey.TIME_SHIFT_WINDOW), config.duration(ConfigKey.TARGET_LATENCY));
    this.registry = new StreamRegistry(clock, name -> settings);
    int megabytes = config.integer(ConfigKey.OBJECTS_MAX_MEGABYTES);
    this.objects = new ObjectStore(clock, new ObjectStore.Limits(Math.max(1, megabytes) * (1L << 20),
        config.duration(ConfigKey.OBJECTS_RETENTION)));
  }

  public LivepointServer start() throws Exception {
    Router router = new Router();
    IngestService ingest = new IngestService(registry, ingestConfig(), clock, objects);
    packager = new PackagerService(registry, PackagerConfig.DEFAULTS.withInbandEvents(config.bool(ConfigKey.INBAND_EVENTS)),
        clock, objects);
    PushService push = new PushService(packager::newHandler, registry, new PushConfig(config.bool(ConfigKey.PUSH_ENABLED),
        atLeastOne(ConfigKey.PUSH_MAX_STREAMS), atLeastOne(ConfigKey.PUSH_MAX_BYTES_IN_FLIGHT)));
    StaticResources web = new StaticResources("web", "index.html", "no-cache");
    StaticResources vendor = new StaticResources("META-INF/resources/webjars", null, "max-age=86400");
    router.add("/ingest/", ingest::newHandler)
        .add(PackagerService.ROUTE, push::newHandler)
        .add(PackagerService.TIME_PATH, packager::newTimeHandler)
        .add("/api/streams", new StreamsApi(registry)::newHandler)
        .add("/api/ingest", new IngestApi(ingest.sessions())::newHandler)
        .add("/metrics", new Metrics(registry, packager.deliveryLatency(), packager.playlistReleaseLatency(),
            objects)::newHandler)
        .add("/vendor/", vendor::newHandler)
        .add("/", web::newHandler);
    String cert = config.string(ConfigKey.TLS_CERTIFICATE);
    String key = config.string(ConfigKey.TLS_PRIVATE_KEY);
    HttpServerConfig httpConfig = new HttpServerConfig(config.string(ConfigKey.HTTP_HOST),
        config.integer(ConfigKey.HTTP_PORT), config.integer(ConfigKey.HTTPS_PORT),
        cert.isEmpty() ? null : Path.of(cert), key.isEmpty() ? null : Path.of(key),
        config.duration(ConfigKey.HTTP_IDLE_TIMEOUT), config.duration(ConfigKey.HTTP_WRITE_TIMEOUT), clientAuth(), transport());
    http = new HttpServer(httpConfig, router, clock).start();
    if (config.bool(ConfigKey.RTSP_ENABLED) && config.integer(ConfigKey.RTSP_PORT) >= 0) {
      rtsp = new RtspServer(registry, new RtspConfig(config.string(ConfigKey.HTTP_HOST),
          config.integer(ConfigKey.RTSP_PORT), config.duration(ConfigKey.RTSP_SESSION_TIMEOUT),
          RtspConfig.DEFAULT_MAX_QUEUED), clock).authentication(config.rtspAuth()).backChannel(backChannel()).start();
      LOG.info("RTSP authentication: {}", config.rtspAuth());
      // RTSP over HTTP on the HTTP port
      router.add(HttpTunnel.ROUTE, rtsp.httpTunnel(config.duration(ConfigKey.HTTP_IDLE_TIMEOUT))::newHandler);
      // RTSP over WebSocket (ONVIF Streaming 7) on the HTTP port; /rtsp/{stream} takes the upgrade too
      router.add(io.livepoint.rtsp.RtspWebSocket.ROUTE, rtsp.webSocket()::newHandler);
    }
    if (!config.streams().isEmpty()) {
      pulls = new CameraPulls(config.streams(), registry, clock, config.duration(ConfigKey.RTSP_PULL_IDLE)).start();
      config.streams().forEach(s -> LOG.info("pulled stream {}", s));
    }
    Duration idle = config.duration(ConfigKey.STREAM_IDLE_REMOVAL);
    long period = Math.max(1000, idle.toMillis() / 4);
    sweeper.scheduleAtFixedRate(() -> {
      for (String gone : registry.removeIdle(idle)) {
        LOG.info("stream '{}' removed: no media for {}", gone, idle);
      }
      objects.sweep(idle);
    }, period, period, TimeUnit.MILLISECONDS);
    if (config.bool(ConfigKey.DEMO_ENABLED)) {
      demo = DemoSource.start(registry.getOrCreate(config.string(ConfigKey.DEMO_NAME)), clock);
      LOG.info("demo stream '{}' is live: http://localhost:{}{}", config.string(ConfigKey.DEMO_NAME),
          http.httpPort(), OutputPath.mpd(config.string(ConfigKey.DEMO_NAME)));
    }
    return this;
  }

  private int atLeastOne(ConfigKey k) throws ConfigException {
    int v = config.integer(k);
    if (v < 1) {
      throw new ConfigException(k.path() + " must be at least 1, got " + v);
    }
    return v;
  }

  private Transport transport() throws ConfigException {
    try {
      return Transport.named(config.string(ConfigKey.HTTP_TRANSPORT));
    } catch (IllegalArgumentException e) {
      throw new ConfigException(ConfigKey.HTTP_TRANSPORT.path() + ": " + e.getMessage());
    }
  }

  /** rtsp.backchannel.sink: null when empty (the back channel is not offered). */
  private BackChannel backChannel() throws ConfigException {
    String sink = config.string(ConfigKey.RTSP_BACKCHANNEL_SINK);
    if (sink.isEmpty()) {
      return null;
    }
    try {
      BackChannel b = BackChannel.of(sink, clock);
      LOG.info("RTSP ONVIF audio back channel: received audio goes to {}", b.directory());
      return b;
    } catch (IllegalArgumentException e) {
      throw new ConfigException(ConfigKey.RTSP_BACKCHANNEL_SINK.path() + " " + e.getMessage());
    }
  }

  /** http.clientAuth and http.clientCa, checked together (and against the publishing points that need a certificate). */
  private TlsClientAuth clientAuth() throws ConfigException {
    TlsClientAuth.Mode mode = TlsClientAuth.Mode.parse(config.string(ConfigKey.TLS_CLIENT_AUTH));
    if (mode == null) {
      throw new ConfigException(ConfigKey.TLS_CLIENT_AUTH.path() + " must be none, optional or require, got '"
          + config.string(ConfigKey.TLS_CLIENT_AUTH) + "'");
    }
    String ca = config.string(ConfigKey.TLS_CLIENT_CA);
    if (mode != TlsClientAuth.Mode.NONE && ca.isEmpty()) {
      throw new ConfigException(ConfigKey.TLS_CLIENT_CA.path() + " is required when " + ConfigKey.TLS_CLIENT_AUTH.path()
          + " is " + mode.name().toLowerCase());
    }
    if (mode != TlsClientAuth.Mode.NONE && !java.nio.file.Files.isReadable(Path.of(ca))) {
      throw new ConfigException(ConfigKey.TLS_CLIENT_CA.path() + ": cannot read " + ca);
    }
    if (mode == TlsClientAuth.Mode.NONE && !config.clientCertificatePoints().isEmpty()) {
      throw new ConfigException("ingest.publishingPointAuth." + config.clientCertificatePoints().iterator().next()
          + ".clientCertificate needs " + ConfigKey.TLS_CLIENT_AUTH.path() + " optional or require");
    }
    return mode == TlsClientAuth.Mode.NONE ? TlsClientAuth.NONE : new TlsClientAuth(mode, Path.of(ca));
  }

  private IngestConfig ingestConfig() throws ConfigException {
    IngestConfig c = new IngestConfig(config.list(ConfigKey.PUBLISHING_POINTS), config.integer(ConfigKey.MAX_BOX_SIZE),
        config.ingestAuth(), config.publishingPointAuth(), config.duration(ConfigKey.INGEST_REQUEST_IDLE_TIMEOUT),
        config.clientCertificatePoints());
    LOG.info("ingest authentication: {}{}", c.auth(), c.publishingPointAuth().isEmpty() ? "" : " per publishing point " + c.publishingPointAuth());
    return c;
  }

  public StreamRegistry registry() {
    return registry;
  }

  /** The Interface-2 objects published to this server. */
  public ObjectStore objects() {
    return objects;
  }

  /** Chunk delivery latency to waiting players (see {@link PackagerService#deliveryLatency()}). */
  public LatencyHistogram deliveryLatency() {
    return packager.deliveryLatency();
  }

  /** Chunk-to-playlist latency of held LL-HLS reloads (see {@link PackagerService#playlistReleaseLatency()}). */
  public LatencyHistogram playlistReleaseLatency() {
    return packager.playlistReleaseLatency();
  }

  public int httpPort() {
    return http.httpPort();
  }

  /** RTSP sessions held now (0 when RTSP is disabled). */
  public int rtspSessionCount() {
    return rtsp == null ? 0 : rtsp.sessionCount();
  }

  /** The RTSP port bound, or -1 when RTSP is disabled. */
  /** The pulled streams, or null when none is configured. */
  public CameraPulls pulls() {
    return pulls;
  }

  public int rtspPort() {
    return rtsp == null ? -1 : rtsp.port();
  }

  public int httpsPort() {
    return http.httpsPort();
  }

  @Override
  public void close() {
    sweeper.shutdownNow();
    if (pulls != null) {
      pulls.close();
    }
    if (demo != null) {
      demo.close();
    }
    if (rtsp != null) {
      rtsp.close();
    }
    if (http != null) {
      http.close();
    }
    registry.close();
    objects.close();
  }
}
