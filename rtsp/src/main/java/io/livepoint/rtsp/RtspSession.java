package io.livepoint.rtsp;

import io.livepoint.core.Clock;
import io.livepoint.core.LiveStream;
import io.livepoint.core.StreamListener;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.time.Instant;
import io.livepoint.media.rtp.PayloadFormat;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One RTSP session (RFC 2326 3.4): the stream it plays, a sender per set-up track, its state and its
 * keep-alive. Every request but TEARDOWN, and RTCP from the client, refresh it; one silent for its
 * timeout is torn down by the {@link SessionTable}. All mutation runs on the session's event loop.
 */
final class RtspSession {
  private static final Logger LOG = LoggerFactory.getLogger(RtspSession.class);
  /** Interval of RTCP sender reports (RFC 3550 6.2 allows a fixed interval for few participants). */
  static final Duration REPORT_INTERVAL = Duration.ofSeconds(5);

  private final String id;
  private final String streamName;
  private final Duration timeout;
  private final Clock clock;
  private final EventLoop loop;
  /** The RTSP connection that created the session; interleaved senders write to it. */
  private final Channel connection;
  private final Map<String, TrackSender> senders = new LinkedHashMap<>();
  private SessionState state = SessionState.INIT;
  private volatile long lastActivity;
  private ScheduledFuture<?> reports;
  private boolean closed;
  private StreamListener endWatch;
  private LiveStream endStream;
  /** Between a PLAY and the sending of its response. */
  private boolean starting;
  /** What the client sends to the server in this session (ONVIF back channel), closed with it. */
  private final List<AutoCloseable> receivers = new ArrayList<>();

  RtspSession(String id, String streamName, Duration timeout, Clock clock, Channel connection) {
    this.id = id;
    this.streamName = streamName;
    this.timeout = timeout;
    this.clock = clock;
    this.connection = connection;
    this.loop = connection.eventLoop();
    this.lastActivity = clock.nanoTime();
  }

  String id() {
    return id;
  }

  String streamName() {
    return streamName;
  }

  Channel connection() {
    return connection;
  }

  EventLoop loop() {
    return loop;
  }

  SessionState state() {
    return state;
  }

  /** The Session header value: id and timeout in seconds (RFC 2326 12.37). */
  String header() {
    return id + ";" + Rtsp.TIMEOUT + "=" + Math.max(1, timeout.toSeconds());
  }

  void refresh() {
    lastActivity = clock.nanoTime();
  }

  boolean expired() {
    return clock.nanoTime() - lastActivity > timeout.toNanos();
  }

  List<TrackSender> senders() {
    return new ArrayList<>(senders.values());
  }

  /** True when every track goes over the RTSP connection (the session cannot outlive it). */
  boolean interleavedOnly() {
    return senders.values().stream().allMatch(s -> s.output() instanceof InterleavedOutput);
  }

  /** Adds (or replaces) the sender of a track: SETUP. */
  void setUp(TrackSender sender) {
    TrackSender old = senders.put(sender.media().control(), sender);
    if (old != null) {
      old.stop();
    }
    state = SessionState.READY;
  }

  /** Adds a medium the client sends (the ONVIF back channel, SETUP): closed when the session ends. */
  void setUpReceiver(AutoCloseable receiver) {
    receivers.add(receiver);
    state = SessionState.READY;
  }

  /**
   * Prepares playing from the live edge: PLAY. Every track seeks to where it starts (video at its newest
   * GOP's sync sample, the others at the same wall-clock instant) and the RTP-Info entries
   * (url;seq;rtptime, naming each track's first packet) are returned; nothing is sent before
   * {@link #startSending} (after the PLAY response, which a client must read before any media).
   */
  List<String> play(String baseUrl) {
    List<String> info = new ArrayList<>();
    if (state == SessionState.PLAYING) {
      return info;
    }
    // Video leads: it must start on a key frame, the others join at that instant.
    List<TrackSender> order = new ArrayList<>(senders.values());
    order.sort(Comparator.comparing(s -> s.media().source().sdp().format().media != PayloadFormat.Media.VIDEO));
    Instant anchor = null;
    for (TrackSender s : order) {
      Instant start = s.seek(anchor);
      if (anchor == null) {
        anchor = start;
      }
    }
    for (TrackSender s : senders.values()) {
      info.add("url=" + baseUrl + s.media().control() + ";seq=" + s.sequence() + ";rtptime=" + s.startRtpTime());
    }
    state = SessionState.PLAYING;
    starting = true;
    return info;
  }

  /** Sends the media prepared by {@link #play}: called once the PLAY response is queued. */
  void startSending() {
    if (!starting || closed || state != SessionState.PLAYING) {
      return;
    }
    starting = false;
    for (TrackSender s : senders.values()) {
      s.start(cname());
    }
    if (endWatch == null && !senders.isEmpty()) {
      // An encoder that ends its tracks ends the session too (RTCP BYE), once all was sent.
      LiveStream stream = senders.values().iterator().next().media().track().stream();
      endWatch = new StreamListener() {
        @Override
        public void changed(LiveStream s) {
          loop.execute(() -> senders.values().forEach(TrackSender::checkEnd));
        }
      };
      stream.addListener(endWatch);
      endStream = stream;
    }
    long period = REPORT_INTERVAL.toMillis();
    reports = loop.scheduleAtFixedRate(this::sendReports, period, period, TimeUnit.MILLISECONDS);
  }

  /** The CNAME of this session's sources (RFC 3550 6.5.1): one per session, so its tracks sync. */
  String cname() {
    return Rtsp.SERVER_NAME + "-" + id;
  }

  /** Stops sending but keeps the session: PAUSE. */
  void pause() {
    stopSending();
    state = SessionState.READY;
  }

  private void stopSending() {
    starting = false;
    senders.values().forEach(TrackSender::stop);
    if (reports != null) {
      reports.cancel(false);
      reports = null;
    }
  }

  private void sendReports() {
    for (TrackSender s : senders.values()) {
      ByteBuf sr = s.senderReport(cname());
      if (sr != null) {
        s.output().rtcp(sr);
      }
    }
  }

  /** A sender sent all of its ended track: when every track is done, the session ends. */
  void trackEnded() {
    if (!closed && senders.values().stream().allMatch(TrackSender::atEnd)) {
      fail(Rtsp.BYE_END_OF_STREAM);
    }
  }

  /** A sender gave up (slow client, track gone): the session ends. */
  void fail(String why) {
    LOG.info("RTSP session {} ({}) dropped: {}", id, streamName, why);
    close(why);
    if (interleavedOnly()) {
      connection.close();
    }
  }

  /** Ends the session: TEARDOWN, timeout, connection closed. Idempotent; on any thread. */
  void close() {
    close(Rtsp.BYE_TEARDOWN);
  }

  /** Ends the session, telling receivers {@code why} in the RTCP BYE. */
  void close(String why) {
    if (!loop.inEventLoop()) {
      loop.execute(() -> close(why));
      return;
    }
    if (closed) {
      return;
    }
    closed = true;
    for (AutoCloseable r : receivers) {
      try {
        r.close();
      } catch (Exception e) {
        LOG.warn("RTSP session {}: closing a receiver failed: {}", id, e.toString());
      }
    }
    if (endWatch != null) {
      endStream.removeListener(endWatch);
    }
    stopSending();
    // RTCP BYE (RFC 3550 6.6) from every source that sent: it ends now, by TEARDOWN, timeout or end of stream.
    for (TrackSender s : senders.values()) {
      ByteBuf bye = s.goodbye(cname(), why);
      if (bye != null) {
        s.output().rtcp(bye);
      }
    }
    state = SessionState.INIT;
  }

  boolean isClosed() {
    return closed;
  }
}
