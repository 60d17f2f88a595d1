package io.livepoint.rtsp;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One RTSP request as framed off the wire: method token, request URI, version, headers (names matched
 * case-insensitively, first value kept) and body.
 */
public record RtspRequest(String methodToken, String uri, String version, Map<String, String> headers, byte[] body) {
  public RtspRequest {
    headers = Map.copyOf(headers);
  }

  /** The method, or null when the token names none this server knows. */
  public Rtsp.Method method() {
    return Rtsp.Method.of(methodToken);
  }

  /** A header value (trimmed), or null. */
  public String header(String name) {
    return headers.get(Rtsp.key(name));
  }

  public String cseq() {
    return header(Rtsp.CSEQ);
  }

  /** The session id of the Session header (parameters after ';' dropped), or null. */
  public String sessionId() {
    String s = header(Rtsp.SESSION);
    if (s == null) {
      return null;
    }
    int semi = s.indexOf(';');
    return (semi < 0 ? s : s.substring(0, semi)).trim();
  }

  /**
   * Parses a request head (request line and header lines, CRLF or LF separated, without the empty line).
   *
   * @throws RtspParseException when the request line or a header line is malformed
   */
  static RtspRequest parseHead(String head, byte[] body) throws RtspParseException {
    List<String> lines = new ArrayList<>(List.of(head.split("\r?\n", -1)));
    String requestLine = lines.remove(0);
    String[] parts = requestLine.split(" ", -1);
    if (parts.length != 3 || parts[0].isEmpty() || parts[1].isEmpty()) {
      throw new RtspParseException("malformed request line '" + printable(requestLine) + "'");
    }
    for (char c : parts[0].toCharArray()) {
      if (c < '!' || c > '~') {
        throw new RtspParseException("malformed method '" + printable(parts[0]) + "'");
      }
    }
    if (!parts[2].startsWith("RTSP/")) {
      throw new RtspParseException("not an RTSP request line: '" + printable(requestLine) + "'");
    }
    Map<String, String> headers = new LinkedHashMap<>();
    for (String line : lines) {
      if (line.isEmpty()) {
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw new RtspParseException("malformed header line '" + printable(line) + "'");
      }
      headers.putIfAbsent(Rtsp.key(line.substring(0, colon).trim()), line.substring(colon + 1).trim());
    }
    return new RtspRequest(parts[0], parts[1], parts[2], headers, body);
  }

  /** At most 80 characters of {@code s} with control characters escaped, for a log line. */
  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (b.length() >= 80) {
        b.append("...");
        break;
      }
      b.append(c < ' ' || c > '~' ? String.format("\\x%02x", (int) c & 0xff) : String.valueOf(c));
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return methodToken + " " + uri + " (" + body.length + " body bytes)";
  }

  /** The body as UTF-8 text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }
}
