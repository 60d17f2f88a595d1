package io.livepoint.rtsp;

import java.util.Locale;

/**
 * RTSP 1.0 wire constants (RFC 2326 and ONVIF Streaming 5.2): the version, methods, header names,
 * status codes and transport keywords. The one table of these literals.
 */
public final class Rtsp {
  private Rtsp() {}

  public static final String VERSION = "RTSP/1.0";
  /** The interleaved binary frame marker (RFC 2326 10.12). */
  public static final byte DOLLAR = '$';
  public static final String CRLF = "\r\n";

  /** Methods this server knows (RFC 2326 6.1). */
  public enum Method {
    OPTIONS, DESCRIBE, SETUP, PLAY, PAUSE, TEARDOWN, GET_PARAMETER, SET_PARAMETER, ANNOUNCE, RECORD, REDIRECT;

    /** The method of a request line token, or null when unknown. */
    public static Method of(String token) {
      for (Method m : values()) {
        if (m.name().equals(token)) {
          return m;
        }
      }
      return null;
    }
  }

  /** The methods answered in the Public header of OPTIONS. */
  public static final String PUBLIC =
      "OPTIONS, DESCRIBE, ANNOUNCE, SETUP, PLAY, PAUSE, RECORD, TEARDOWN, GET_PARAMETER, SET_PARAMETER";

  /** Header names (RFC 2326 12), as sent. Lookups are case-insensitive. */
  public static final String CSEQ = "CSeq";
  public static final String SESSION = "Session";
  public static final String TRANSPORT = "Transport";
  public static final String CONTENT_TYPE = "Content-Type";
  public static final String CONTENT_LENGTH = "Content-Length";
  public static final String CONTENT_BASE = "Content-Base";
  public static final String RANGE = "Range";
  public static final String RTP_INFO = "RTP-Info";
  public static final String PUBLIC_HEADER = "Public";
  public static final String SERVER = "Server";
  public static final String DATE = "Date";
  public static final String REQUIRE = "Require";
  public static final String UNSUPPORTED = "Unsupported";
  public static final String ACCEPT = "Accept";
  public static final String CACHE_CONTROL = "Cache-Control";
  public static final String AUTHORIZATION = "Authorization";
  public static final String WWW_AUTHENTICATE = "WWW-Authenticate";

  public static final String SDP = "application/sdp";
  public static final String SERVER_NAME = "Livepoint";

  /** Transport header tokens (RFC 2326 12.39). */
  public static final String RTP_AVP = "RTP/AVP";
  public static final String RTP_AVP_UDP = "RTP/AVP/UDP";
  public static final String RTP_AVP_TCP = "RTP/AVP/TCP";
  public static final String UNICAST = "unicast";
  public static final String MULTICAST = "multicast";
  public static final String INTERLEAVED = "interleaved";
  public static final String CLIENT_PORT = "client_port";
  public static final String SERVER_PORT = "server_port";
  public static final String SSRC = "ssrc";
  public static final String TIMEOUT = "timeout";
  /** RTCP BYE reasons (RFC 3550 6.6) sent when a session ends. */
  public static final String BYE_TEARDOWN = "session ended";
  public static final String BYE_TIMEOUT = "session timed out";
  public static final String BYE_END_OF_STREAM = "end of stream";

  /** The media control attribute prefix of a track (relative to Content-Base). */
  public static final String TRACK_CONTROL = "track=";

  /** Status codes (RFC 2326 7.1.1) this server answers. */
  public enum Status {
    OK(200, "OK"),
    BAD_REQUEST(400, "Bad Request"),
    UNAUTHORIZED(401, "Unauthorized"),
    NOT_FOUND(404, "Not Found"),
    METHOD_NOT_ALLOWED(405, "Method Not Allowed"),
    REQUEST_ENTITY_TOO_LARGE(413, "Request Entity Too Large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported Media Type"),
    PARAMETER_NOT_UNDERSTOOD(451, "Parameter Not Understood"),
    SESSION_NOT_FOUND(454, "Session Not Found"),
    METHOD_NOT_VALID_IN_THIS_STATE(455, "Method Not Valid in This State"),
    AGGREGATE_OPERATION_NOT_ALLOWED(459, "Aggregate Operation Not Allowed"),
    ONLY_AGGREGATE_OPERATION_ALLOWED(460, "Only Aggregate Operation Allowed"),
    UNSUPPORTED_TRANSPORT(461, "Unsupported Transport"),
    INTERNAL_SERVER_ERROR(500, "Internal Server Error"),
    NOT_IMPLEMENTED(501, "Not Implemented"),
    SERVICE_UNAVAILABLE(503, "Service Unavailable"),
    VERSION_NOT_SUPPORTED(505, "RTSP Version Not Supported"),
    OPTION_NOT_SUPPORTED(551, "Option not supported");

    public final int code;
    public final String reason;

    Status(int code, String reason) {
      this.code = code;
      this.reason = reason;
    }
  }

  /** Canonical lower-case key of a header name. */
  static String key(String name) {
    return name.toLowerCase(Locale.ROOT);
  }
}
