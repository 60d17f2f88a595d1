package io.livepoint.rtsp.client;

import io.livepoint.core.Clock;
import io.livepoint.core.LiveStream;
import io.livepoint.rtsp.InterleavedFrame;
import io.livepoint.rtsp.Rtsp;
import io.livepoint.rtsp.record.MediaIngest;
import io.livepoint.rtsp.record.SessionDescription;
import io.livepoint.rtsp.record.TrackIngest;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.util.concurrent.ScheduledFuture;
import io.livepoint.rtsp.record.UdpPair;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTSP connection to a camera, as a client (RFC 2326): OPTIONS, DESCRIBE, SETUP of every usable
 * medium (RTP/AVP/TCP interleaved, or RTP/AVP over a UDP port pair), PLAY, then GET_PARAMETER (or OPTIONS when the camera does not list
 * it) at half the session timeout, and TEARDOWN on {@link #stop}. A 401 is answered once per request
 * with the URL's credentials (Digest preferred, else Basic). Runs entirely on its channel's event loop.
 *
 * <p>{@link #closed()} completes when the connection ends for any reason (the camera dropped, refused a
 * request, left one unanswered for {@link #REQUEST_TIMEOUT}, sent no RTP for {@link #DATA_TIMEOUT}, or stop), exceptionally with the cause when it was
 * not a stop.
 */
public final class CameraSession extends SimpleChannelInboundHandler<Object> {
  private static final Logger LOG = LoggerFactory.getLogger(CameraSession.class);
  /** No RTP for this long while playing: the camera is considered gone. */
  static final Duration DATA_TIMEOUT = Duration.ofSeconds(10);
  static final int DEFAULT_TIMEOUT_SECONDS = 60;
  /** A request unanswered for this long: the camera hangs, the connection is given up. */
  static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

  private final PullSource source;
  private final Function<String, LiveStream> streams;
  private final Clock clock;
  private final ByteBufAllocator alloc;
  private final Credentials credentials;
  private final ArrayDeque<Pending> inFlight = new ArrayDeque<>();
  private final CompletableFuture<Void> closed = new CompletableFuture<>();
  private final CompletableFuture<Void> playing = new CompletableFuture<>();
  private Channel channel;
  private int cseq;
  private String session;
  private int timeoutSeconds = DEFAULT_TIMEOUT_SECONDS;
  private boolean getParameter;
  private MediaIngest ingest;
  private ScheduledFuture<?> keepAlive;
  private final List<UdpPair> udp = new java.util.ArrayList<>();
  private long lastData;
  private boolean stopping;

  private record Pending(String method, String uri, String body, String[] headers, boolean retried,
      CompletableFuture<RtspReply> reply) {}

  public CameraSession(PullSource source, Function<String, LiveStream> streams, Clock clock, ByteBufAllocator alloc) {
    this.source = source;
    this.streams = streams;
    this.clock = clock;
    this.alloc = alloc;
    this.credentials = source.user() == null ? null : new Credentials(source.user(), source.password());
  }

  public CompletableFuture<Void> closed() {
    return closed;
  }

  /** Completes once PLAY was answered 200. */
  public CompletableFuture<Void> playing() {
    return playing;
  }

  public MediaIngest ingest() {
    return ingest;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    channel = ctx.channel();
    lastData = clock.nanoTime();
    request("OPTIONS", source.url(), null)
        .thenCompose(r -> {
          String pub = r.header(Rtsp.PUBLIC_HEADER);
          getParameter = pub != null && pub.toUpperCase(Locale.ROOT).contains("GET_PARAMETER");
          return request("DESCRIBE", source.url(), null, Rtsp.ACCEPT, Rtsp.SDP);
        })
        .thenCompose(this::setupAll)
        .thenCompose(base -> request("PLAY", base, null, Rtsp.RANGE, "npt=0.000-"))
        .thenAccept(this::played)
        .exceptionally(e -> {
          fail(e instanceof java.util.concurrent.CompletionException && e.getCause() != null ? e.getCause() : e);
          return null;
        });
  }

  /** SETUP of every medium in turn; yields the aggregate control URL for PLAY. */
  private CompletableFuture<String> setupAll(RtspReply describe) {
    String base = describe.header(Rtsp.CONTENT_BASE);
    if (base == null) {
      base = describe.header("Content-Location");
    }
    if (base == null) {
      base = source.url();
    }
    List<SessionDescription.Medium> media;
    try {
      media = SessionDescription.parse(describe.body(), base);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(new RtspClientException(0, "DESCRIBE: " + e.getMessage()));
    }
    LiveStream stream = streams.apply(source.name());
    ingest = new MediaIngest(stream, media, clock, alloc);
    String aggregate = aggregateControl(describe.body(), base);
    CompletableFuture<RtspReply> chain = CompletableFuture.completedFuture(null);
    for (int i = 0; i < media.size(); i++) {
      int index = i;
      String control = media.get(i).control();
      chain = chain.thenCompose(prev -> transport(index))
          .thenCompose(transport -> request("SETUP", control, null, Rtsp.TRANSPORT, transport))
          .thenApply(r -> {
            sessionFrom(r.header(Rtsp.SESSION));
            return r;
          });
    }
    return chain.thenApply(r -> aggregate);
  }

  /** The Transport of a SETUP: interleaved channels 2i, 2i+1, or a bound UDP port pair. */
  private CompletableFuture<String> transport(int index) {
    if (source.transport() == PullSource.Transport.TCP) {
      return CompletableFuture.completedFuture(Rtsp.RTP_AVP_TCP + ";" + Rtsp.UNICAST + ";" + Rtsp.INTERLEAVED + "="
          + 2 * index + "-" + (2 * index + 1));
    }
    InetSocketAddress local = (InetSocketAddress) channel.localAddress();
    InetSocketAddress remote = (InetSocketAddress) channel.remoteAddress();
    UdpPair pair;
    try {
      pair = UdpPair.open(channel.eventLoop(), local.getAddress(), remote.getAddress(), packet -> {
        if (ingest != null) {
          lastData = clock.nanoTime();
          ingest.rtp(index, packet);
        }
      });
    } catch (IOException e) {
      return CompletableFuture.failedFuture(new RtspClientException(0, e.getMessage()));
    }
    udp.add(pair);
    return CompletableFuture.completedFuture(Rtsp.RTP_AVP + ";" + Rtsp.UNICAST + ";" + Rtsp.CLIENT_PORT + "="
        + pair.rtpPort() + "-" + (pair.rtpPort() + 1));
  }

  private static String aggregateControl(String sdp, String base) {
    for (String line : sdp.split("\r?\n")) {
      if (line.startsWith("m=")) {
        break;
      }
      if (line.startsWith("a=control:")) {
        String c = line.substring(10).trim();
        return c.equals("*") ? base : c.regionMatches(true, 0, "rtsp://", 0, 7) ? c
            : base.endsWith("/") ? base + c : base + "/" + c;
      }
    }
    return base;
  }

  private void sessionFrom(String header) {
    if (header == null) {
      return;
    }
    String[] parts = header.split(";");
    session = parts[0].trim();
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      if (p.toLowerCase(Locale.ROOT).startsWith(Rtsp.TIMEOUT + "=")) {
        try {
          timeoutSeconds = Math.max(2, Integer.parseInt(p.substring(Rtsp.TIMEOUT.length() + 1).trim()));
        } catch (NumberFormatException e) {
          LOG.info("camera {}: malformed session timeout '{}', assuming {} s", source.name(), p, DEFAULT_TIMEOUT_SECONDS);
        }
      }
    }
  }

  private void played(RtspReply play) {
    anchor(play.header(Rtsp.RTP_INFO));
    lastData = clock.nanoTime();
    long period = Math.max(1000, timeoutSeconds * 1000L / 2);
    keepAlive = channel.eventLoop().scheduleAtFixedRate(this::keepAlive, period, period, TimeUnit.MILLISECONDS);
    LOG.info("camera {}: playing {} track(s), session timeout {} s", source.name(), ingest.tracks().size(),
        timeoutSeconds);
    playing.complete(null);
  }

  /** RTP-Info (RFC 2326 12.33): the RTP time of each track at the start of play is now. */
  private void anchor(String rtpInfo) {
    if (rtpInfo == null) {
      return;
    }
    java.time.Instant now = clock.now();
    for (String entry : rtpInfo.split(",")) {
      String url = null;
      Long rtptime = null;
      for (String p : entry.split(";")) {
        String t = p.trim();
        if (t.startsWith("url=")) {
          url = t.substring(4);
        } else if (t.startsWith("rtptime=")) {
          try {
            rtptime = Long.parseLong(t.substring(8).trim());
          } catch (NumberFormatException e) {
            return;
          }
        }
      }
      if (url == null || rtptime == null) {
        continue;
      }
      for (int i = 0; i < ingest.tracks().size(); i++) {
        if (controlMatches(i, url)) {
          ingest.tracks().get(i).anchor(rtptime, now);
        }
      }
    }
  }

  private final java.util.Map<Integer, String> controls = new java.util.HashMap<>();

  private boolean controlMatches(int index, String url) {
    String control = controls.get(index);
    return control != null && (control.equals(url) || control.endsWith("/" + url) || url.endsWith(control));
  }

  private void keepAlive() {
    if (Duration.ofNanos(clock.nanoTime() - lastData).compareTo(DATA_TIMEOUT) > 0) {
      fail(new RtspClientException(0, "no RTP for " + DATA_TIMEOUT.toSeconds() + " s"));
      return;
    }
    request(getParameter ? "GET_PARAMETER" : "OPTIONS", source.url(), null).exceptionally(e -> {
      fail(e.getCause() != null ? e.getCause() : e);
      return null;
    });
  }

  /** Sends TEARDOWN (when a session exists) and closes the connection. Any thread. */
  public void stop() {
    if (channel == null) {
      return;
    }
    channel.eventLoop().execute(() -> {
      stopping = true;
      if (session != null && channel.isActive()) {
        request("TEARDOWN", source.url(), null).whenComplete((r, e) -> channel.close());
        channel.eventLoop().schedule(() -> channel.close(), 2, TimeUnit.SECONDS);
      } else {
        channel.close();
      }
    });
  }

  private CompletableFuture<RtspReply> request(String method, String uri, String body, String... headers) {
    CompletableFuture<RtspReply> f = new CompletableFuture<>();
    if ("SETUP".equals(method)) {
      controls.put(controls.size(), uri);
    }
    send(new Pending(method, uri, body, headers, false, f));
    return f;
  }

  private void send(Pending p) {
    StringBuilder b = new StringBuilder(256);
    b.append(p.method()).append(' ').append(p.uri()).append(' ').append(Rtsp.VERSION).append(Rtsp.CRLF);
    b.append(Rtsp.CSEQ).append(": ").append(++cseq).append(Rtsp.CRLF);
    b.append("User-Agent: ").append(Rtsp.SERVER_NAME).append(Rtsp.CRLF);
    if (session != null) {
      b.append(Rtsp.SESSION).append(": ").append(session).append(Rtsp.CRLF);
    }
    String auth = credentials == null ? null : credentials.authorization(p.method(), p.uri());
    if (auth != null) {
      b.append("Authorization: ").append(auth).append(Rtsp.CRLF);
    }
    for (int i = 0; i + 1 < p.headers().length; i += 2) {
      b.append(p.headers()[i]).append(": ").append(p.headers()[i + 1]).append(Rtsp.CRLF);
    }
    byte[] body = p.body() == null ? new byte[0] : p.body().getBytes(StandardCharsets.UTF_8);
    if (body.length > 0) {
      b.append(Rtsp.CONTENT_LENGTH).append(": ").append(body.length).append(Rtsp.CRLF);
    }
    b.append(Rtsp.CRLF);
    inFlight.add(p);
    channel.eventLoop().schedule(() -> {
      if (!p.reply().isDone()) {
        fail(new RtspClientException(0, p.method() + " unanswered for " + REQUEST_TIMEOUT.toSeconds() + " s"));
      }
    }, REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    channel.writeAndFlush(Unpooled.wrappedBuffer(b.toString().getBytes(StandardCharsets.UTF_8), body));
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
    switch (msg) {
      case InterleavedFrame f -> {
        int channelId = f.channel();
        if (ingest != null && channelId % 2 == 0) {
          lastData = clock.nanoTime();
          ingest.rtp(channelId / 2, f.content());
        }
      }
      case RtspReply r -> reply(r);
      default -> { }
    }
  }

  private void reply(RtspReply r) {
    Pending p = inFlight.poll();
    if (p == null) {
      LOG.info("camera {}: unexpected response {} {}", source.name(), r.status(), r.reason());
      return;
    }
    if (r.status() == 401 && !p.retried() && credentials != null && credentials.challenge(r.all("WWW-Authenticate"))) {
      send(new Pending(p.method(), p.uri(), p.body(), p.headers(), true, p.reply()));
      return;
    }
    if (!r.ok()) {
      p.reply().completeExceptionally(new RtspClientException(r.status(),
          p.method() + " " + p.uri() + " answered " + r.status() + " " + r.reason()));
      return;
    }
    p.reply().complete(r);
  }

  private void fail(Throwable cause) {
    if (!closed.isDone()) {
      closed.completeExceptionally(cause);
    }
    if (channel != null) {
      channel.close();
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fail(new RtspClientException(0, "connection failed: " + cause.getMessage()));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (keepAlive != null) {
      keepAlive.cancel(false);
    }
    udp.forEach(UdpPair::close);
    udp.clear();
    if (ingest != null) {
      ingest.close();
    }
    Exception dropped = new RtspClientException(0, "connection closed by the camera");
    inFlight.forEach(p -> p.reply().completeExceptionally(dropped));
    inFlight.clear();
    if (stopping) {
      closed.complete(null);
    } else if (!closed.isDone()) {
      closed.completeExceptionally(dropped);
    }
  }

  /** The tracks being fed (for tests and the operations view). */
  public List<TrackIngest> tracks() {
    return ingest == null ? List.of() : ingest.tracks();
  }
}
