package io.livepoint.rtsp;

import java.util.Locale;

/**
 * One transport a client asked for in SETUP (RFC 2326 12.39), reduced to what this server offers:
 * RTP/AVP unicast over UDP with a client port pair, or RTP/AVP/TCP interleaved on the RTSP connection.
 *
 * @param tcp interleaved on the RTSP connection
 * @param rtpChannel first interleaved channel (RTCP on the next), or -1 when the client left it to us
 * @param clientRtpPort the client's RTP port (RTCP on clientRtcpPort), UDP only
 */
public record TransportSpec(boolean tcp, int rtpChannel, int rtcpChannel, int clientRtpPort, int clientRtcpPort) {

  /**
   * The first transport of a Transport header (alternatives separated by commas) this server supports.
   *
   * @throws RtspParseException with 461 Unsupported Transport when none is (multicast, SAVP, RAW, no
   *     client ports), 400 when a parameter is malformed
   */
  public static TransportSpec choose(String header) throws RtspParseException {
    if (header == null || header.isBlank()) {
      throw new RtspParseException(Rtsp.Status.UNSUPPORTED_TRANSPORT, "SETUP without a Transport header");
    }
    String why = null;
    for (String alternative : header.split(",")) {
      try {
        return parse(alternative.trim());
      } catch (RtspParseException e) {
        if (e.status() == Rtsp.Status.BAD_REQUEST) {
          throw e;
        }
        why = e.getMessage();
      }
    }
    throw new RtspParseException(Rtsp.Status.UNSUPPORTED_TRANSPORT, why);
  }

  private static TransportSpec parse(String spec) throws RtspParseException {
    String[] parts = spec.split(";");
    String proto = parts[0].trim().toUpperCase(Locale.ROOT);
    boolean tcp;
    if (proto.equals(Rtsp.RTP_AVP) || proto.equals(Rtsp.RTP_AVP_UDP)) {
      tcp = false;
    } else if (proto.equals(Rtsp.RTP_AVP_TCP)) {
      tcp = true;
    } else {
      throw new RtspParseException(Rtsp.Status.UNSUPPORTED_TRANSPORT, "transport '" + RtspRequest.printable(proto) + "'");
    }
    int[] channels = null;
    int[] ports = null;
    for (int i = 1; i < parts.length; i++) {
      String p = parts[i].trim();
      int eq = p.indexOf('=');
      String name = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
      String value = eq < 0 ? "" : p.substring(eq + 1).trim();
      switch (name) {
        case Rtsp.MULTICAST -> throw new RtspParseException(Rtsp.Status.UNSUPPORTED_TRANSPORT, "multicast is not offered");
        case Rtsp.INTERLEAVED -> channels = range(name, value, 255);
        case Rtsp.CLIENT_PORT -> ports = range(name, value, 65535);
        case "mode" -> {
          if (!value.isEmpty() && !value.replace("\"", "").equalsIgnoreCase("PLAY")) {
            throw new RtspParseException(Rtsp.Status.UNSUPPORTED_TRANSPORT, "mode " + RtspRequest.printable(value));
          }
        }
        default -> { } // unicast, ttl, ssrc, destination...: nothing to decide
      }
    }
    if (tcp) {
      return channels == null ? new TransportSpec(true, -1, -1, 0, 0)
          : new TransportSpec(true, channels[0], channels[1], 0, 0);
    }
    if (ports == null) {
      throw new RtspParseException(Rtsp.Status.UNSUPPORTED_TRANSPORT, "UDP transport without client_port");
    }
    return new TransportSpec(false, -1, -1, ports[0], ports[1]);
  }

  /** {@code a} or {@code a-b}; a single value implies a+1 for RTCP. */
  private static int[] range(String name, String value, int max) throws RtspParseException {
    try {
      int dash = value.indexOf('-');
      int a = Integer.parseInt((dash < 0 ? value : value.substring(0, dash)).trim());
      int b = dash < 0 ? a + 1 : Integer.parseInt(value.substring(dash + 1).trim());
      if (a < 0 || b < 0 || a > max || b > max || a == b) {
        throw new RtspParseException(name + "=" + RtspRequest.printable(value) + " out of range");
      }
      return new int[] {a, b};
    } catch (NumberFormatException e) {
      throw new RtspParseException("malformed " + name + "=" + RtspRequest.printable(value));
    }
  }

  /** This transport with the interleaved channels chosen. */
  public TransportSpec withChannels(int rtp) {
    return new TransportSpec(true, rtp, rtp + 1, 0, 0);
  }
}
