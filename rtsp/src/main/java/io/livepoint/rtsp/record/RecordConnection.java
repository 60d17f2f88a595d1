package io.livepoint.rtsp.record;

import io.livepoint.core.Clock;
import io.livepoint.core.StreamRegistry;
import io.livepoint.media.rtp.RtpFormatException;
import io.livepoint.rtsp.InterleavedFrame;
import io.livepoint.rtsp.Rtsp;
import io.livepoint.rtsp.RtspRequest;
import io.livepoint.rtsp.RtspResponse;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.Channel;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RTSP publishing on one connection (RFC 2326 10.11 ANNOUNCE, 10.11 RECORD): an encoder ANNOUNCEs an
 * SDP to {@code rtsp://HOST:PORT/{stream}}, SETUPs each medium with {@code mode=record} over
 * RTP/AVP/TCP interleaved or RTP/AVP over UDP (a {@link UdpPair} per medium), and RECORDs; its RTP is muxed into CMAF chunks of that stream like a pulled
 * camera's ({@link MediaIngest}). The recording ends with TEARDOWN or the connection. Runs on the
 * connection's event loop.
 */
public final class RecordConnection implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RecordConnection.class);
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
  static final int TIMEOUT_SECONDS = 60;

  private final StreamRegistry registry;
  private final Clock clock;
  private final ByteBufAllocator alloc;
  private final SecureRandom random = new SecureRandom();
  private String announced;
  private String stream;
  private List<SessionDescription.Medium> media;
  /** Media set up, in SETUP order, and the interleaved RTP channel of each. */
  private final List<SessionDescription.Medium> setUp = new ArrayList<>();
  private final Map<Integer, Integer> rtpChannels = new HashMap<>();
  private final List<UdpPair> udp = new ArrayList<>();
  private String session;
  private MediaIngest ingest;
  private final Publishers publishers;

  public RecordConnection(StreamRegistry registry, Clock clock, ByteBufAllocator alloc, Publishers publishers) {
    this.registry = registry;
    this.clock = clock;
    this.alloc = alloc;
    this.publishers = publishers;
  }

  /** Whether this request belongs to publishing (the caller then answers it with {@link #answer}). */
  public boolean handles(RtspRequest r) {
    String method = r.methodToken();
    if (method.equals("ANNOUNCE") || method.equals("RECORD")) {
      return true;
    }
    if (session != null && session.equals(r.sessionId())) {
      return true;
    }
    String transport = r.header(Rtsp.TRANSPORT);
    return method.equals("SETUP") && transport != null
        && transport.toLowerCase(Locale.ROOT).contains("mode=record")
        || method.equals("SETUP") && announced != null && r.uri().startsWith(announced);
  }

  /** Answers a request {@link #handles} said is publishing, arrived on {@code ch}. */
  public RtspResponse answer(Channel ch, RtspRequest r) {
    String cseq = r.cseq();
    if (cseq == null) {
      return new RtspResponse(Rtsp.Status.BAD_REQUEST, null);
    }
    return switch (r.methodToken()) {
      case "ANNOUNCE" -> announce(r, cseq);
      case "SETUP" -> setup(ch, r, cseq);
      case "RECORD" -> record(r, cseq);
      case "TEARDOWN" -> {
        close();
        session = null;
        yield new RtspResponse(Rtsp.Status.OK, cseq);
      }
      case "OPTIONS", "GET_PARAMETER", "SET_PARAMETER" -> withSession(new RtspResponse(Rtsp.Status.OK, cseq));
      default -> new RtspResponse(Rtsp.Status.METHOD_NOT_VALID_IN_THIS_STATE, cseq);
    };
  }

  private RtspResponse announce(RtspRequest r, String cseq) {
    if (ingest != null || !setUp.isEmpty()) {
      return new RtspResponse(Rtsp.Status.METHOD_NOT_VALID_IN_THIS_STATE, cseq);
    }
    String type = r.header(Rtsp.CONTENT_TYPE);
    if (type == null || !type.toLowerCase(Locale.ROOT).startsWith(Rtsp.SDP)) {
      LOG.info("RTSP ANNOUNCE {}: Content-Type {} is not {}", r.uri(), type, Rtsp.SDP);
      return new RtspResponse(Rtsp.Status.UNSUPPORTED_MEDIA_TYPE, cseq);
    }
    String name = streamName(r.uri());
    if (name == null) {
      LOG.info("RTSP ANNOUNCE {}: no valid stream name in the URL", r.uri());
      return new RtspResponse(Rtsp.Status.NOT_FOUND, cseq);
    }
    String base = r.uri().endsWith("/") ? r.uri().substring(0, r.uri().length() - 1) : r.uri();
    try {
      media = SessionDescription.parse(r.bodyText(), base);
    } catch (RtpFormatException e) {
      LOG.info("RTSP ANNOUNCE {}: SDP refused: {}", r.uri(), e.getMessage());
      return new RtspResponse(Rtsp.Status.UNSUPPORTED_MEDIA_TYPE, cseq);
    }
    if (stream != null && !stream.equals(name)) {
      publishers.release(stream, this); // announced again, another stream: the first one is free
    }
    String busy = publishers.claim(name, this);
    if (busy != null) {
      // 455: the stream is in a state (published) that does not take a second publisher; it is free again
      // once the first one ends.
      LOG.info("RTSP ANNOUNCE {}: stream '{}' is already being published by {}", r.uri(), name, busy);
      return new RtspResponse(Rtsp.Status.METHOD_NOT_VALID_IN_THIS_STATE, cseq);
    }
    announced = base;
    stream = name;
    LOG.info("RTSP ANNOUNCE of stream '{}': {} medi{}", name, media.size(), media.size() == 1 ? "um" : "a");
    return new RtspResponse(Rtsp.Status.OK, cseq);
  }

  private RtspResponse setup(Channel ch, RtspRequest r, String cseq) {
    if (media == null || ingest != null) {
      return new RtspResponse(Rtsp.Status.METHOD_NOT_VALID_IN_THIS_STATE, cseq);
    }
    SessionDescription.Medium medium = null;
    for (SessionDescription.Medium m : media) {
      if (m.control().equals(r.uri()) || r.uri().endsWith("/" + lastSegment(m.control()))) {
        medium = m;
      }
    }
    if (medium == null) {
      return new RtspResponse(Rtsp.Status.NOT_FOUND, cseq);
    }
    String transport = r.header(Rtsp.TRANSPORT);
    int[] channels = transport == null ? null : interleaved(transport);
    int[] clientPorts = transport == null || channels != null ? null : udpClientPorts(transport);
    if (channels == null && (clientPorts == null || ch == null
        || !(ch.localAddress() instanceof InetSocketAddress) || !(ch.remoteAddress() instanceof InetSocketAddress))) {
      LOG.info("RTSP SETUP {}: transport '{}' refused (RECORD takes RTP/AVP/TCP interleaved or RTP/AVP unicast"
          + " with client_port)", r.uri(), transport);
      return new RtspResponse(Rtsp.Status.UNSUPPORTED_TRANSPORT, cseq);
    }
    if (setUp.contains(medium) || channels != null && rtpChannels.containsKey(channels[0])) {
      return new RtspResponse(Rtsp.Status.BAD_REQUEST, cseq);
    }
    int index = setUp.size();
    String reply;
    if (channels != null) {
      rtpChannels.put(channels[0], index);
      reply = Rtsp.RTP_AVP_TCP + ";" + Rtsp.UNICAST + ";" + Rtsp.INTERLEAVED + "=" + channels[0] + "-" + channels[1];
    } else {
      UdpPair pair;
      try {
        pair = UdpPair.open(ch.eventLoop(), ((InetSocketAddress) ch.localAddress()).getAddress(),
            ((InetSocketAddress) ch.remoteAddress()).getAddress(), packet -> {
              if (ingest != null) {
                ingest.rtp(index, packet);
              }
            });
      } catch (IOException e) {
        LOG.warn("RTSP SETUP {}: {}", r.uri(), e.getMessage());
        return new RtspResponse(Rtsp.Status.SERVICE_UNAVAILABLE, cseq);
      }
      udp.add(pair);
      reply = Rtsp.RTP_AVP + ";" + Rtsp.UNICAST + ";" + Rtsp.CLIENT_PORT + "=" + clientPorts[0] + "-" + clientPorts[1]
          + ";" + Rtsp.SERVER_PORT + "=" + pair.rtpPort() + "-" + (pair.rtpPort() + 1);
    }
    setUp.add(medium);
    if (session == null) {
      byte[] id = new byte[8];
      random.nextBytes(id);
      session = HexFormat.of().formatHex(id);
    }
    return withSession(new RtspResponse(Rtsp.Status.OK, cseq)).header(Rtsp.TRANSPORT, reply + ";mode=record");
  }

  /** The client_port pair of an RTP/AVP[/UDP] unicast transport (RFC 2326 12.39), else null. */
  static int[] udpClientPorts(String transport) {
    for (String spec : transport.split(",")) {
      String[] parts = spec.trim().split(";");
      String proto = parts[0].trim();
      if (!proto.equalsIgnoreCase(Rtsp.RTP_AVP) && !proto.equalsIgnoreCase(Rtsp.RTP_AVP_UDP)) {
        continue;
      }
      for (String p : parts) {
        String t = p.trim().toLowerCase(Locale.ROOT);
        if (t.equals(Rtsp.MULTICAST)) {
          break;
        }
        if (t.startsWith(Rtsp.CLIENT_PORT + "=")) {
          String[] pair = t.substring(Rtsp.CLIENT_PORT.length() + 1).split("-");
          try {
            int rtp = Integer.parseInt(pair[0].trim());
            int rtcp = pair.length > 1 ? Integer.parseInt(pair[1].trim()) : rtp + 1;
            if (rtp > 0 && rtp < 65536 && rtcp > 0 && rtcp < 65536) {
              return new int[] {rtp, rtcp};
            }
          } catch (NumberFormatException e) {
            return null;
          }
        }
      }
    }
    return null;
  }

  private RtspResponse record(RtspRequest r, String cseq) {
    if (setUp.isEmpty() || session == null || !session.equals(r.sessionId())) {
      return new RtspResponse(session != null && r.sessionId() != null ? Rtsp.Status.SESSION_NOT_FOUND
          : Rtsp.Status.METHOD_NOT_VALID_IN_THIS_STATE, cseq);
    }
    if (ingest == null) {
      ingest = new MediaIngest(registry.getOrCreate(stream), setUp, clock, alloc);
      LOG.info("RTSP RECORD of stream '{}': {} track(s)", stream, setUp.size());
    }
    return withSession(new RtspResponse(Rtsp.Status.OK, cseq));
  }

  /** An interleaved frame of this connection (the caller keeps ownership). */
  public void interleaved(InterleavedFrame f) {
    Integer index = rtpChannels.get(f.channel());
    if (ingest != null && index != null) {
      ingest.rtp(index, f.content());
    }
  }

  private RtspResponse withSession(RtspResponse response) {
    return session == null ? response : response.header(Rtsp.SESSION, session + ";" + Rtsp.TIMEOUT + "=" + TIMEOUT_SECONDS);
  }

  /** RTP/AVP/TCP with an interleaved pair (RFC 2326 12.39), else null. */
  static int[] interleaved(String transport) {
    for (String spec : transport.split(",")) {
      String[] parts = spec.trim().split(";");
      if (!parts[0].trim().equalsIgnoreCase(Rtsp.RTP_AVP_TCP)) {
        continue;
      }
      for (String p : parts) {
        String t = p.trim();
        if (t.toLowerCase(Locale.ROOT).startsWith(Rtsp.INTERLEAVED + "=")) {
          String[] pair = t.substring(Rtsp.INTERLEAVED.length() + 1).split("-");
          try {
            int rtp = Integer.parseInt(pair[0].trim());
            int rtcp = pair.length > 1 ? Integer.parseInt(pair[1].trim()) : rtp + 1;
            if (rtp >= 0 && rtp <= 255 && rtcp >= 0 && rtcp <= 255) {
              return new int[] {rtp, rtcp};
            }
          } catch (NumberFormatException e) {
            return null;
          }
        }
      }
      return new int[] {0, 1}; // interleaved without channels: the server picks
    }
    return null;
  }

  /** The stream of an ANNOUNCE URL: its path (one segment), or null. */
  static String streamName(String uri) {
    String path = uri;
    if (path.regionMatches(true, 0, "rtsp://", 0, 7)) {
      int slash = path.indexOf('/', 7);
      path = slash < 0 ? "" : path.substring(slash);
    }
    int q = path.indexOf('?');
    if (q >= 0) {
      path = path.substring(0, q);
    }
    path = path.replaceAll("^/+", "").replaceAll("/+$", "");
    return NAME.matcher(path).matches() ? path : null;
  }

  private static String lastSegment(String url) {
    return url.substring(url.lastIndexOf('/') + 1);
  }

  /** Ends the recording: what is held is muxed, the open segments complete. */
  @Override
  public void close() {
    udp.forEach(UdpPair::close);
    udp.clear();
    if (ingest != null) {
      ingest.close();
      ingest = null;
      LOG.info("RTSP recording of stream '{}' ended", stream);
    }
    publishers.release(stream, this);
  }
}
