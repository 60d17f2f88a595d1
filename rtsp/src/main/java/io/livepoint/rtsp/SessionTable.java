package io.livepoint.rtsp;

import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The server's RTSP sessions by id; reaps the ones silent for longer than their timeout. */
final class SessionTable {
  private static final Logger LOG = LoggerFactory.getLogger(SessionTable.class);
  private final ConcurrentHashMap<String, RtspSession> sessions = new ConcurrentHashMap<>();
  private final SecureRandom random = new SecureRandom();

  /** A new unguessable session id (RFC 2326 12.37: at least 8 octets of randomness). */
  String newId() {
    byte[] b = new byte[8];
    random.nextBytes(b);
    return HexFormat.of().withUpperCase().formatHex(b);
  }

  void add(RtspSession s) {
    sessions.put(s.id(), s);
  }

  RtspSession get(String id) {
    return id == null ? null : sessions.get(id);
  }

  void remove(RtspSession s) {
    remove(s, Rtsp.BYE_TEARDOWN);
  }

  /** Forgets a session and ends it, {@code why} going to its receivers in the RTCP BYE. */
  void remove(RtspSession s, String why) {
    sessions.remove(s.id(), s);
    s.close(why);
  }

  int size() {
    return sessions.size();
  }

  /** Refreshes the sessions that send their RTCP from {@code from} over UDP (receiver reports). */
  void refreshByRtcpSource(InetSocketAddress from) {
    for (RtspSession s : sessions.values()) {
      for (TrackSender t : s.senders()) {
        if (t.output() instanceof UdpOutput u && u.clientRtcp().equals(from)) {
          s.refresh();
        }
      }
    }
  }

  /** Tears down every session silent beyond its timeout (a reaped interleaved session closes its connection). */
  void reap() {
    for (RtspSession s : new ArrayList<>(sessions.values())) {
      if (s.expired()) {
        LOG.info("RTSP session {} ({}) timed out: no request or RTCP within its timeout", s.id(), s.streamName());
        remove(s, Rtsp.BYE_TIMEOUT);
        s.loop().execute(() -> {
          if (!s.senders().isEmpty() && s.interleavedOnly()) {
            s.connection().close();
          }
        });
      }
    }
  }

  /** Sessions created on a connection (to end its interleaved ones when it closes). */
  List<RtspSession> onConnection(io.netty.channel.Channel ch) {
    List<RtspSession> out = new ArrayList<>();
    for (RtspSession s : sessions.values()) {
      if (s.connection() == ch) {
        out.add(s);
      }
    }
    return out;
  }

  void closeAll() {
    new ArrayList<>(sessions.values()).forEach(this::remove);
  }
}
