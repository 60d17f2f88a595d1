package io.livepoint.push;

/**
 * The wire constants of ISO/IEC 23009-6 as Livepoint speaks them, in one table. Which of them follow the
 * public record and which are our choices is marked here and in {@code docs/23009-6.md}.
 */
public final class PushConstants {
  private PushConstants() {}

  /** Namespace of every PushType URN (public record: clause 6.1.2 and a research client's wire trace). */
  public static final String URN_PREFIX = "urn:mpeg:dash:fdh:2016:";

  // PushType names below URN_PREFIX. push-next is confirmed on the wire; the others are best known.
  public static final String PUSH_NONE = "push-none";
  public static final String PUSH_NEXT = "push-next";
  public static final String PUSH_LIST = "push-list";
  public static final String PUSH_TEMPLATE = "push-template";
  public static final String PUSH_TIME = "push-time";
  public static final String FAST_START = "fast-start";

  /** Request header carrying the PushDirective (draft-ruellan-http-accept-push-policy, 7.1). */
  public static final String HEADER_DIRECTIVE = "accept-push-policy";
  /** Alternative directive header sent by a research client; accepted on input only. */
  public static final String HEADER_DIRECTIVE_ALT = "pushdirective";
  /** Response header carrying the PushAck (draft-ruellan-http-accept-push-policy, 7.2). */
  public static final String HEADER_ACK = "push-policy";

  // Parameter syntax (our choice, following the research client's "URN;K"): parameters follow the URN,
  // each introduced by ';' with optional whitespace around it.
  public static final char PARAM_SEPARATOR = ';';
  /** Separates the two numbers of a URLTemplate number range: {@code first-last}. */
  public static final char RANGE_SEPARATOR = '-';
  /** Quotes a URL or template parameter (an RFC 9110 quoted-string: backslash escapes). */
  public static final char QUOTE = '"';
  public static final char ESCAPE = '\\';

  /** URLTemplate identifier replaced by the segment number, as DASH {@code $Number$} (ISO/IEC 23009-1). */
  public static final String TEMPLATE_NUMBER = "Number";
  public static final char TEMPLATE_DELIMITER = '$';

  /** Longest header value parsed; longer ones are rejected (a bound on work per request). */
  public static final int MAX_DIRECTIVE_LENGTH = 8192;
  /** Most URLs in a URLList, and most numbers in a URLTemplate range, the parser accepts. */
  public static final int MAX_URLS = 1024;
  /** Largest K (push-next) or fast-start segment count the parser accepts. */
  public static final long MAX_COUNT = 1_000_000;
  /** Largest T (push-time) the parser accepts, seconds. */
  public static final double MAX_SECONDS = 86_400;

  // ---- WebSocket binding (clause 8). The layout, codes and names are not public: all ours. ----

  /** Sub-protocol token offered in Sec-WebSocket-Protocol (an RFC 9110 token: no ':' allowed). */
  public static final String WS_SUBPROTOCOL = "mpeg-dash-fdh";
  /** Message header: code (1 byte), stream id (4 bytes), JSON length (4 bytes); then JSON, then payload. */
  public static final int WS_HEADER_LENGTH = 9;
  /** Largest JSON metadata accepted in one message. */
  public static final int WS_MAX_JSON = 16 * 1024;

  // Message codes (8.3): client to server below 0x80, server to client from 0x80.
  public static final int WS_MPD_REQUEST = 0x01;
  public static final int WS_SEGMENT_REQUEST = 0x02;
  public static final int WS_SEGMENT_CANCEL = 0x03;
  public static final int WS_MPD_RECEIVED = 0x81;
  public static final int WS_SEGMENT_RECEIVED = 0x82;
  public static final int WS_END_OF_STREAM = 0x83;

  // JSON metadata field names (8.4).
  public static final String WS_URL = "url";
  public static final String WS_PUSH_DIRECTIVE = "pushDirective";
  public static final String WS_PUSH_ACK = "pushAck";
  public static final String WS_STATUS = "status";
  public static final String WS_CONTENT_TYPE = "contentType";
  /** Whether a segment-received message carries the segment's last bytes (a segment may span several). */
  public static final String WS_LAST = "last";
  public static final String WS_REASON = "reason";
}
