package io.livepoint.push;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The frame layout of the MPEG-DASH WebSocket sub-protocol ({@link PushConstants#WS_SUBPROTOCOL}); every
 * message is one binary WebSocket message (our choice; the standard's layout is not public):
 *
 * <pre>
 * offset 0   1 byte    message code (PushConstants.WS_*)
 * offset 1   4 bytes   stream id, unsigned, big-endian
 * offset 5   4 bytes   JSON length J, unsigned, big-endian, at most WS_MAX_JSON
 * offset 9   J bytes   JSON metadata: one object of string, integer and boolean members (RFC 8259, UTF-8)
 * offset 9+J           payload: the MPD or segment bytes (may be empty)
 * </pre>
 *
 * Required members: {@code url} on MPD and segment requests and on MPD/segment received; {@code status}
 * on MPD/segment received. Unknown members are ignored (room to grow). Segment bytes are never copied:
 * the payload is a retained slice of the frame, and an encoded frame is a composite over the payload.
 */
public final class DashWsCodec {
  private DashWsCodec() {}

  /** Encodes {@code m}; takes over its payload (the returned frame owns it). */
  public static ByteBuf encode(ByteBufAllocator alloc, DashWsMessage m) {
    StringBuilder json = new StringBuilder("{");
    member(json, PushConstants.WS_URL, m.url());
    member(json, PushConstants.WS_PUSH_DIRECTIVE, m.pushDirective());
    member(json, PushConstants.WS_PUSH_ACK, m.pushAck());
    if (m.status() >= 0) {
      sep(json).append('"').append(PushConstants.WS_STATUS).append("\":").append(m.status());
    }
    member(json, PushConstants.WS_CONTENT_TYPE, m.contentType());
    if (m.type() == DashWsMessage.Type.SEGMENT_RECEIVED) {
      sep(json).append('"').append(PushConstants.WS_LAST).append("\":").append(m.last());
    }
    member(json, PushConstants.WS_REASON, m.reason());
    byte[] j = json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    ByteBuf head = alloc.buffer(PushConstants.WS_HEADER_LENGTH + j.length);
    head.writeByte(m.type().code()).writeInt((int) m.streamId()).writeInt(j.length).writeBytes(j);
    if (!m.payload().isReadable()) {
      m.payload().release();
      return head;
    }
    CompositeByteBuf frame = alloc.compositeBuffer(2);
    frame.addComponent(true, head);
    frame.addComponent(true, m.payload());
    return frame;
  }

  /**
   * Decodes a binary message (not released; its readable bytes are not moved). The payload of the result
   * is a retained slice of {@code frame}: release the message.
   */
  public static DashWsMessage decode(ByteBuf frame) throws DashWsFormatException {
    int at = frame.readerIndex();
    if (frame.readableBytes() < PushConstants.WS_HEADER_LENGTH) {
      throw new DashWsFormatException("message shorter than its " + PushConstants.WS_HEADER_LENGTH + "-byte header");
    }
    DashWsMessage.Type type = DashWsMessage.Type.of(frame.getUnsignedByte(at));
    if (type == null) {
      throw new DashWsFormatException("unknown message code 0x" + Integer.toHexString(frame.getUnsignedByte(at)));
    }
    long streamId = frame.getUnsignedInt(at + 1);
    long jsonLength = frame.getUnsignedInt(at + 5);
    if (jsonLength > PushConstants.WS_MAX_JSON || jsonLength > frame.readableBytes() - PushConstants.WS_HEADER_LENGTH) {
      throw new DashWsFormatException("JSON length " + jsonLength + " exceeds the message or " + PushConstants.WS_MAX_JSON);
    }
    String json;
    try {
      json = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(frame.nioBuffer(at + PushConstants.WS_HEADER_LENGTH, (int) jsonLength)).toString();
    } catch (CharacterCodingException e) {
      throw new DashWsFormatException("JSON metadata is not UTF-8");
    }
    Map<String, Object> meta = new FlatJson(json).object();
    String url = string(meta, PushConstants.WS_URL);
    int status = integer(meta, PushConstants.WS_STATUS);
    boolean needsUrl = type != DashWsMessage.Type.SEGMENT_CANCEL && type != DashWsMessage.Type.END_OF_STREAM;
    if (needsUrl && (url == null || url.isEmpty())) {
      throw new DashWsFormatException(type + " without a url");
    }
    boolean received = type == DashWsMessage.Type.MPD_RECEIVED || type == DashWsMessage.Type.SEGMENT_RECEIVED;
    if (received && (status < 100 || status > 599)) {
      throw new DashWsFormatException(type + " without a valid status");
    }
    Object last = meta.get(PushConstants.WS_LAST);
    if (last != null && !(last instanceof Boolean)) {
      throw new DashWsFormatException(PushConstants.WS_LAST + " must be a boolean");
    }
    int payloadAt = at + PushConstants.WS_HEADER_LENGTH + (int) jsonLength;
    ByteBuf payload = frame.retainedSlice(payloadAt, frame.writerIndex() - payloadAt);
    return new DashWsMessage(type, streamId, url, string(meta, PushConstants.WS_PUSH_DIRECTIVE),
        string(meta, PushConstants.WS_PUSH_ACK), status, string(meta, PushConstants.WS_CONTENT_TYPE),
        Boolean.TRUE.equals(last), string(meta, PushConstants.WS_REASON), payload);
  }

  /** A message without payload. */
  public static DashWsMessage message(DashWsMessage.Type type, long streamId, String url, String pushDirective) {
    return new DashWsMessage(type, streamId, url, pushDirective, null, -1, null, false, null, Unpooled.EMPTY_BUFFER);
  }

  private static String string(Map<String, Object> meta, String name) throws DashWsFormatException {
    Object v = meta.get(name);
    if (v != null && !(v instanceof String)) {
      throw new DashWsFormatException(name + " must be a string");
    }
    return (String) v;
  }

  private static int integer(Map<String, Object> meta, String name) throws DashWsFormatException {
    Object v = meta.get(name);
    if (v == null) {
      return -1;
    }
    if (!(v instanceof Long l) || l < 0 || l > Integer.MAX_VALUE) {
      throw new DashWsFormatException(name + " must be a non-negative integer");
    }
    return (int) (long) l;
  }

  private static StringBuilder sep(StringBuilder b) {
    return b.length() > 1 ? b.append(',') : b;
  }

  private static void member(StringBuilder b, String name, String value) {
    if (value == null) {
      return;
    }
    sep(b).append('"').append(name).append("\":\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        default -> {
          if (c < 0x20) {
            b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }

  /** A reader of one flat JSON object: string, integer, boolean and null members; nothing nested. */
  private static final class FlatJson {
    private static final int MAX_MEMBERS = 64;
    private final String s;
    private int i;

    FlatJson(String s) {
      this.s = s;
    }

    Map<String, Object> object() throws DashWsFormatException {
      Map<String, Object> out = new HashMap<>();
      space();
      expect('{');
      space();
      if (peek() == '}') {
        i++;
      } else {
        while (true) {
          space();
          String name = string();
          space();
          expect(':');
          space();
          Object v = value();
          if (out.put(name, v) != null || out.size() > MAX_MEMBERS) {
            throw new DashWsFormatException("duplicate or too many JSON members");
          }
          space();
          char c = next();
          if (c == '}') {
            break;
          }
          if (c != ',') {
            throw new DashWsFormatException("expected ',' or '}' in JSON at " + (i - 1));
          }
        }
      }
      space();
      if (i != s.length()) {
        throw new DashWsFormatException("trailing bytes after the JSON object");
      }
      out.values().removeIf(v -> v == NULL);
      return out;
    }

    private static final Object NULL = new Object();

    private Object value() throws DashWsFormatException {
      char c = peek();
      if (c == '"') {
        return string();
      }
      if (c == '-' || (c >= '0' && c <= '9')) {
        int start = i;
        if (c == '-') {
          i++;
        }
        while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
          i++;
        }
        String n = s.substring(start, i);
        if (n.equals("-") || n.length() > 18 || (n.startsWith("0") && n.length() > 1) || n.startsWith("-0")) {
          throw new DashWsFormatException("bad JSON integer '" + n + "'");
        }
        if (i < s.length() && (s.charAt(i) == '.' || s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
          throw new DashWsFormatException("only integers are expected in the metadata");
        }
        return Long.parseLong(n);
      }
      for (String word : new String[] {"true", "false", "null"}) {
        if (s.startsWith(word, i)) {
          i += word.length();
          return word.equals("null") ? NULL : Boolean.valueOf(word.equals("true"));
        }
      }
      throw new DashWsFormatException("unsupported JSON value at " + i + " (objects and arrays are not expected)");
    }

    private String string() throws DashWsFormatException {
      expect('"');
      StringBuilder b = new StringBuilder();
      while (true) {
        char c = next();
        if (c == '"') {
          return b.toString();
        }
        if (c < 0x20) {
          throw new DashWsFormatException("control character in JSON string");
        }
        if (c != '\\') {
          b.append(c);
          continue;
        }
        char e = next();
        switch (e) {
          case '"', '\\', '/' -> b.append(e);
          case 'b' -> b.append('\b');
          case 'f' -> b.append('\f');
          case 'n' -> b.append('\n');
          case 'r' -> b.append('\r');
          case 't' -> b.append('\t');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw new DashWsFormatException("truncated \\u escape");
            }
            int v = 0;
            for (int k = 0; k < 4; k++) {
              int d = Character.digit(s.charAt(i++), 16);
              if (d < 0) {
                throw new DashWsFormatException("bad \\u escape");
              }
              v = v * 16 + d;
            }
            b.append((char) v);
          }
          default -> throw new DashWsFormatException("bad escape \\" + e);
        }
      }
    }

    private void space() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == '\n' || s.charAt(i) == '\r')) {
        i++;
      }
    }

    private char peek() throws DashWsFormatException {
      if (i >= s.length()) {
        throw new DashWsFormatException("JSON ends early");
      }
      return s.charAt(i);
    }

    private char next() throws DashWsFormatException {
      char c = peek();
      i++;
      return c;
    }

    private void expect(char c) throws DashWsFormatException {
      if (next() != c) {
        throw new DashWsFormatException("expected '" + c + "' in JSON at " + (i - 1));
      }
    }
  }
}
