package io.livepoint.rtsp;

import io.livepoint.core.Clock;
import io.livepoint.core.LiveStream;
import io.livepoint.core.StreamRegistry;
import io.livepoint.rtsp.backchannel.BackChannel;
import io.livepoint.rtsp.backchannel.BackChannelReceiver;
import io.livepoint.rtsp.record.Publishers;
import io.livepoint.rtsp.record.RecordConnection;
import io.livepoint.rtsp.record.UdpPair;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import java.net.InetSocketAddress;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the RTSP requests of one connection (RFC 2326 10, ONVIF Streaming 5.2) and takes the client's
 * interleaved RTCP as keep-alive. Runs on the connection's event loop.
 */
final class RtspHandler extends SimpleChannelInboundHandler<Object> {
  private static final Logger LOG = LoggerFactory.getLogger(RtspHandler.class);
  private final StreamRegistry registry;
  private final SessionTable sessions;
  private final RtspConfig config;
  private final Clock clock;
  private final Channel rtpSocket;
  private final Channel rtcpSocket;
  private final Random random = new Random();
  /** Interleaved channels in use on this connection. */
  private final Set<Integer> channels = new HashSet<>();
  /** ANNOUNCE/RECORD publishing on this connection (io.livepoint.rtsp.record). */
  private RecordConnection recorder;
  /** The ONVIF back channel's sink, or null when it is not offered (551). */
  private BackChannel backChannel;
  private Publishers publishers;
  /** Back channels set up interleaved on this connection, by their RTP channel. */
  private final Map<Integer, BackChannelLink> backChannels = new HashMap<>();
  /** Sessions of this connection with a back channel set up (one each). */
  private final Set<String> backChannelSessions = new HashSet<>();

  /** A back channel's receiver and the session it belongs to (it takes packets only while PLAYING). */
  private record BackChannelLink(RtspSession session, BackChannelReceiver receiver) {
    void packet(ByteBuf data, boolean reorder) {
      if (!session.isClosed() && session.state() == SessionState.PLAYING) {
        session.refresh(); // the client's audio shows it is there, like its RTCP
        receiver.packet(data, reorder);
      }
    }
  }

  /** Offers the ONVIF audio back channel, its audio going to {@code sink} (null: not offered). */
  /** The server's table of RTSP publishers (one a stream); without it this connection keeps its own. */
  RtspHandler publishers(Publishers table) {
    this.publishers = table;
    return this;
  }

  RtspHandler backChannel(BackChannel sink) {
    this.backChannel = sink;
    return this;
  }

  RtspHandler(StreamRegistry registry, SessionTable sessions, RtspConfig config, Clock clock, Channel rtpSocket,
      Channel rtcpSocket) {
    this.registry = registry;
    this.sessions = sessions;
    this.config = config;
    this.clock = clock;
    this.rtpSocket = rtpSocket;
    this.rtcpSocket = rtcpSocket;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
    switch (msg) {
      case InterleavedFrame f -> {
        if (recorder != null) {
          recorder.interleaved(f);
        }
        BackChannelLink back = backChannels.get(f.channel());
        if (back != null) {
          back.packet(f.content(), false);
        }
        // RTCP (receiver reports) from the client on a session's odd channel keeps the session alive.
        for (RtspSession s : sessions.onConnection(ctx.channel())) {
          for (TrackSender t : s.senders()) {
            if (t.output() instanceof InterleavedOutput o && o.rtcpChannel() == f.channel()) {
              s.refresh();
            }
          }
        }
      }
      case RtspParseException e -> {
        LOG.info("RTSP {}: rejected ({}): {}", ctx.channel().remoteAddress(), e.status().code, e.getMessage());
        ctx.writeAndFlush(new RtspResponse(e.status(), null).encode(ctx.alloc()))
            .addListener(ChannelFutureListener.CLOSE);
      }
      case RtspRequest r -> {
        if (recorder == null) {
          recorder = new RecordConnection(registry, clock, ctx.alloc(),
              publishers != null ? publishers : new Publishers(registry, clock));
        }
        RtspResponse response = recorder.handles(r) ? recorder.answer(ctx.channel(), r) : answer(ctx.channel(), r);
        if (response.status() != Rtsp.Status.OK) {
          LOG.info("RTSP {}: {} {} answered {} {}", ctx.channel().remoteAddress(), RtspRequest.printable(r.methodToken()),
              RtspRequest.printable(r.uri()), response.status().code, response.status().reason);
        }
        ctx.writeAndFlush(response.encode(ctx.alloc()));
        response.sent();
      }
      default -> { }
    }
  }

  RtspResponse answer(Channel ch, RtspRequest r) {
    String cseq = r.cseq();
    if (cseq == null) {
      return new RtspResponse(Rtsp.Status.BAD_REQUEST, null);
    }
    if (!Rtsp.VERSION.equals(r.version())) {
      return new RtspResponse(Rtsp.Status.VERSION_NOT_SUPPORTED, cseq);
    }
    Rtsp.Method method = r.method();
    if (method == null || method == Rtsp.Method.ANNOUNCE || method == Rtsp.Method.RECORD
        || method == Rtsp.Method.REDIRECT) {
      return new RtspResponse(Rtsp.Status.NOT_IMPLEMENTED, cseq).header(Rtsp.PUBLIC_HEADER, Rtsp.PUBLIC);
    }
    String require = r.header(Rtsp.REQUIRE);
    if (require != null && method != Rtsp.Method.OPTIONS) {
      // The only option-tag offered is the ONVIF back channel, when enabled: RFC 2326 12.32.
      List<String> unsupported = new ArrayList<>(BackChannel.tags(require));
      if (backChannel != null) {
        unsupported.remove(BackChannel.TAG);
      }
      if (!unsupported.isEmpty()) {
        return new RtspResponse(Rtsp.Status.OPTION_NOT_SUPPORTED, cseq)
            .header(Rtsp.UNSUPPORTED, String.join(", ", unsupported));
      }
    }
    RtspSession session = null;
    String sessionId = r.sessionId();
    if (sessionId != null) {
      session = sessions.get(sessionId);
      if (session == null || session.isClosed()) {
        return new RtspResponse(Rtsp.Status.SESSION_NOT_FOUND, cseq);
      }
      if (method != Rtsp.Method.TEARDOWN) {
        session.refresh();
      }
    }
    return switch (method) {
      case OPTIONS -> new RtspResponse(Rtsp.Status.OK, cseq).header(Rtsp.PUBLIC_HEADER, Rtsp.PUBLIC);
      case DESCRIBE -> describe(ch, r, cseq);
      case SETUP -> setup(ch, r, cseq, session);
      case PLAY -> play(r, cseq, session);
      case PAUSE -> pause(r, cseq, session);
      case TEARDOWN -> teardown(cseq, session);
      case GET_PARAMETER, SET_PARAMETER -> parameter(r, cseq, session);
      case ANNOUNCE, RECORD, REDIRECT -> new RtspResponse(Rtsp.Status.NOT_IMPLEMENTED, cseq);
    };
  }

  private StreamDescription description(RtspTarget target) {
    LiveStream stream = target == null ? null : registry.get(target.stream());
    if (stream == null) {
      return null;
    }
    StreamDescription d = StreamDescription.of(stream);
    return d.media().isEmpty() ? null : d;
  }

  private RtspResponse describe(Channel ch, RtspRequest r, String cseq) {
    RtspTarget target = RtspTarget.of(r.uri());
    StreamDescription d = description(target);
    if (d == null) {
      return new RtspResponse(Rtsp.Status.NOT_FOUND, cseq);
    }
    String address = ch.localAddress() instanceof InetSocketAddress a ? a.getAddress().getHostAddress() : "0.0.0.0";
    int pct = address.indexOf('%');
    if (pct >= 0) {
      address = address.substring(0, pct);
    }
    String sdp = d.sdp(address, Integer.toUnsignedLong(random.nextInt()));
    if (backChannel != null && BackChannel.requested(r.header(Rtsp.REQUIRE))) {
      sdp = BackChannel.sdp(sdp);
    }
    return new RtspResponse(Rtsp.Status.OK, cseq)
        .header(Rtsp.CONTENT_BASE, base(r.uri()))
        .body(Rtsp.SDP, sdp);
  }

  /** The aggregate URL with a trailing slash: the base of the control URLs. */
  private static String base(String uri) {
    String u = uri;
    int q = u.indexOf('?');
    if (q >= 0) {
      u = u.substring(0, q);
    }
    int slash = u.lastIndexOf('/');
    if (slash >= 0 && u.substring(slash + 1).startsWith(Rtsp.TRACK_CONTROL)) {
      u = u.substring(0, slash);
    }
    return u.endsWith("/") ? u : u + "/";
  }

  private RtspResponse setup(Channel ch, RtspRequest r, String cseq, RtspSession session) {
    RtspTarget target = RtspTarget.of(r.uri());
    StreamDescription d = description(target);
    if (d == null) {
      return new RtspResponse(Rtsp.Status.NOT_FOUND, cseq);
    }
    if (target.track() == null) {
      return new RtspResponse(Rtsp.Status.AGGREGATE_OPERATION_NOT_ALLOWED, cseq);
    }
    if (backChannel != null && BackChannel.CONTROL.equals(target.track())) {
      return setupBackChannel(ch, r, cseq, session, target);
    }
    MediaTrack media = d.byControl(target.track());
    if (media == null) {
      return new RtspResponse(Rtsp.Status.NOT_FOUND, cseq);
    }
    if (session != null && (!session.streamName().equals(target.stream())
        || session.state().after(Rtsp.Method.SETUP) == null || session.connection() != ch)) {
      return new RtspResponse(Rtsp.Status.METHOD_NOT_VALID_IN_THIS_STATE, cseq).header(Rtsp.SESSION, session.header());
    }
    TransportSpec spec;
    try {
      spec = TransportSpec.choose(r.header(Rtsp.TRANSPORT));
    } catch (RtspParseException e) {
      LOG.info("RTSP {}: SETUP transport '{}' refused: {}", ch.remoteAddress(),
          RtspRequest.printable(String.valueOf(r.header(Rtsp.TRANSPORT))), e.getMessage());
      return new RtspResponse(e.status(), cseq);
    }
    RtpOutput output;
    if (spec.tcp()) {
      if (spec.rtpChannel() < 0 || channels.contains(spec.rtpChannel()) || channels.contains(spec.rtcpChannel())) {
        int c = 0;
        while (channels.contains(c) || channels.contains(c + 1)) {
          c += 2;
        }
        spec = spec.withChannels(c);
      }
      channels.add(spec.rtpChannel());
      channels.add(spec.rtcpChannel());
      output = new InterleavedOutput(ch, spec.rtpChannel(), spec.rtcpChannel());
    } else {
      if (rtpSocket == null) {
        return new RtspResponse(Rtsp.Status.UNSUPPORTED_TRANSPORT, cseq);
      }
      InetSocketAddress peer = (InetSocketAddress) ch.remoteAddress();
      output = new UdpOutput(rtpSocket, rtcpSocket, new InetSocketAddress(peer.getAddress(), spec.clientRtpPort()),
          new InetSocketAddress(peer.getAddress(), spec.clientRtcpPort()));
    }
    if (session == null) {
      session = new RtspSession(sessions.newId(), target.stream(), config.sessionTimeout(), clock, ch);
      sessions.add(session);
    }
    RtspSession owner = session;
    TrackSender sender = new TrackSender(media, output, ch.eventLoop(), ch.alloc(), random, owner::fail,
        owner::trackEnded);
    session.setUp(sender);
    return new RtspResponse(Rtsp.Status.OK, cseq)
        .header(Rtsp.TRANSPORT, output.transport() + ";" + Rtsp.SSRC + "=" + String.format("%08X", sender.ssrc()))
        .header(Rtsp.SESSION, session.header())
        .header(Rtsp.CACHE_CONTROL, "no-cache");
  }

  /**
   * SETUP of the back channel (ONVIF Streaming 5.3.2): the client's RTP comes interleaved on this
   * connection or to a UDP port pair of the server (server_port); it is taken once the session plays.
   */
  private RtspResponse setupBackChannel(Channel ch, RtspRequest r, String cseq, RtspSession session,
      RtspTarget target) {
    if (session != null && (!session.streamName().equals(target.stream())
        || session.state().after(Rtsp.Method.SETUP) == null || session.connection() != ch
        || backChannelSessions.contains(session.id()))) {
      return new RtspResponse(Rtsp.Status.METHOD_NOT_VALID_IN_THIS_STATE, cseq).header(Rtsp.SESSION, session.header());
    }
    TransportSpec spec;
    try {
      spec = TransportSpec.choose(r.header(Rtsp.TRANSPORT));
    } catch (RtspParseException e) {
      LOG.info("RTSP {}: back channel SETUP transport '{}' refused: {}", ch.remoteAddress(),
          RtspRequest.printable(String.valueOf(r.header(Rtsp.TRANSPORT))), e.getMessage());
      return new RtspResponse(e.status(), cseq);
    }
    if (spec.tcp() && (spec.rtpChannel() < 0 || channels.contains(spec.rtpChannel())
        || channels.contains(spec.rtcpChannel()))) {
      int c = 0;
      while (channels.contains(c) || channels.contains(c + 1)) {
        c += 2;
      }
      spec = spec.withChannels(c);
    }
    if (session == null) {
      session = new RtspSession(sessions.newId(), target.stream(), config.sessionTimeout(), clock, ch);
      sessions.add(session);
    }
    BackChannelReceiver receiver = backChannel.open(target.stream(), session.id());
    BackChannelLink link = new BackChannelLink(session, receiver);
    String id = session.id();
    backChannelSessions.add(id);
    String transport;
    if (spec.tcp()) {
      int rtp = spec.rtpChannel();
      channels.add(rtp);
      channels.add(spec.rtcpChannel());
      backChannels.put(rtp, link);
      session.setUpReceiver(() -> {
        backChannels.remove(rtp, link);
        backChannelSessions.remove(id);
        receiver.close();
      });
      transport = Rtsp.RTP_AVP_TCP + ";" + Rtsp.UNICAST + ";" + Rtsp.INTERLEAVED + "=" + rtp + "-" + spec.rtcpChannel();
    } else {
      if (!(ch.localAddress() instanceof InetSocketAddress local)
          || !(ch.remoteAddress() instanceof InetSocketAddress peer)) {
        backChannelSessions.remove(id);
        receiver.close();
        return new RtspResponse(Rtsp.Status.UNSUPPORTED_TRANSPORT, cseq);
      }
      UdpPair pair;
      try {
        pair = UdpPair.open(ch.eventLoop(), local.getAddress(), peer.getAddress(), data -> link.packet(data, true));
      } catch (IOException e) {
        backChannelSessions.remove(id);
        receiver.close();
        LOG.warn("RTSP {}: back channel SETUP: {}", ch.remoteAddress(), e.getMessage());
        return new RtspResponse(Rtsp.Status.SERVICE_UNAVAILABLE, cseq);
      }
      session.setUpReceiver(() -> {
        pair.close();
        backChannelSessions.remove(id);
        receiver.close();
      });
      transport = Rtsp.RTP_AVP + ";" + Rtsp.UNICAST + ";" + Rtsp.CLIENT_PORT + "=" + spec.clientRtpPort() + "-"
          + spec.clientRtcpPort() + ";" + Rtsp.SERVER_PORT + "=" + pair.rtpPort() + "-" + (pair.rtpPort() + 1);
    }
    return new RtspResponse(Rtsp.Status.OK, cseq)
        .header(Rtsp.TRANSPORT, transport)
        .header(Rtsp.SESSION, session.header())
        .header(Rtsp.CACHE_CONTROL, "no-cache");
  }

  private RtspResponse play(RtspRequest r, String cseq, RtspSession session) {
    if (session == null) {
      return new RtspResponse(Rtsp.Status.SESSION_NOT_FOUND, cseq);
    }
    RtspTarget target = RtspTarget.of(r.uri());
    if (target == null || !target.stream().equals(session.streamName())) {
      return new RtspResponse(Rtsp.Status.NOT_FOUND, cseq);
    }
    if (target.track() != null && session.senders().size() > 1) {
      return new RtspResponse(Rtsp.Status.ONLY_AGGREGATE_OPERATION_ALLOWED, cseq);
    }
    if (session.state().after(Rtsp.Method.PLAY) == null) {
      return new RtspResponse(Rtsp.Status.METHOD_NOT_VALID_IN_THIS_STATE, cseq);
    }
    boolean already = session.state() == SessionState.PLAYING;
    List<String> info = session.play(base(r.uri()));
    RtspResponse ok = new RtspResponse(Rtsp.Status.OK, cseq).header(Rtsp.SESSION, session.header())
        .header(Rtsp.RANGE, "npt=now-");
    if (!already) {
      ok.header(Rtsp.RTP_INFO, String.join(",", info)).afterSent(session::startSending);
    }
    return ok;
  }

  private RtspResponse pause(RtspRequest r, String cseq, RtspSession session) {
    if (session == null) {
      return new RtspResponse(Rtsp.Status.SESSION_NOT_FOUND, cseq);
    }
    RtspTarget target = RtspTarget.of(r.uri());
    if (target != null && target.track() != null && session.senders().size() > 1) {
      return new RtspResponse(Rtsp.Status.ONLY_AGGREGATE_OPERATION_ALLOWED, cseq);
    }
    if (session.state().after(Rtsp.Method.PAUSE) == null) {
      return new RtspResponse(Rtsp.Status.METHOD_NOT_VALID_IN_THIS_STATE, cseq);
    }
    session.pause();
    return new RtspResponse(Rtsp.Status.OK, cseq).header(Rtsp.SESSION, session.header());
  }

  private RtspResponse teardown(String cseq, RtspSession session) {
    if (session == null) {
      return new RtspResponse(Rtsp.Status.SESSION_NOT_FOUND, cseq);
    }
    sessions.remove(session);
    return new RtspResponse(Rtsp.Status.OK, cseq);
  }

  private RtspResponse parameter(RtspRequest r, String cseq, RtspSession session) {
    if (r.method() == Rtsp.Method.SET_PARAMETER && r.body().length > 0) {
      return new RtspResponse(Rtsp.Status.PARAMETER_NOT_UNDERSTOOD, cseq);
    }
    RtspResponse ok = new RtspResponse(Rtsp.Status.OK, cseq);
    return session == null ? ok : ok.header(Rtsp.SESSION, session.header());
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (recorder != null) {
      recorder.close();
    }
    for (RtspSession s : sessions.onConnection(ctx.channel())) {
      if (s.interleavedOnly()) {
        sessions.remove(s);
      }
    }
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("RTSP {}: connection error: {}", ctx.channel().remoteAddress(), cause.toString());
    ctx.close();
  }
}
