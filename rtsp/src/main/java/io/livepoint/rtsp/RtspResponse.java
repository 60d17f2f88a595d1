package io.livepoint.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An RTSP response being built: status, headers in order, optional body; {@link #encode} writes it. */
public final class RtspResponse {
  private final Rtsp.Status status;
  private final Map<String, String> headers = new LinkedHashMap<>();
  /** Headers sent once per value, after the others (WWW-Authenticate with one challenge each). */
  private final List<String> repeated = new ArrayList<>();
  private byte[] body = new byte[0];
  private Runnable afterSent;

  public RtspResponse(Rtsp.Status status, String cseq) {
    this.status = status;
    if (cseq != null) {
      headers.put(Rtsp.CSEQ, cseq);
    }
    headers.put(Rtsp.SERVER, Rtsp.SERVER_NAME);
  }

  public Rtsp.Status status() {
    return status;
  }

  public RtspResponse header(String name, String value) {
    headers.put(name, value);
    return this;
  }

  public String header(String name) {
    return headers.get(name);
  }

  /** Adds a header line that may repeat (each value on its own line, RFC 2326 12 / RFC 9110 5.3). */
  public RtspResponse addHeader(String name, String value) {
    repeated.add(name + ": " + value);
    return this;
  }

  public RtspResponse body(String contentType, String text) {
    body = text.getBytes(StandardCharsets.UTF_8);
    headers.put(Rtsp.CONTENT_TYPE, contentType);
    return this;
  }

  /**
   * Runs {@code action} once this response is queued on the connection, so that what it writes (PLAY's
   * first media) follows the response on the wire.
   */
  public RtspResponse afterSent(Runnable action) {
    afterSent = action;
    return this;
  }

  /** Runs the action given to {@link #afterSent}, if any; call right after queueing the encoded response. */
  public void sent() {
    if (afterSent != null) {
      afterSent.run();
    }
  }

  public ByteBuf encode(ByteBufAllocator alloc) {
    StringBuilder b = new StringBuilder(256);
    b.append(Rtsp.VERSION).append(' ').append(status.code).append(' ').append(status.reason).append(Rtsp.CRLF);
    headers.forEach((k, v) -> b.append(k).append(": ").append(v).append(Rtsp.CRLF));
    repeated.forEach(line -> b.append(line).append(Rtsp.CRLF));
    if (body.length > 0) {
      b.append(Rtsp.CONTENT_LENGTH).append(": ").append(body.length).append(Rtsp.CRLF);
    }
    b.append(Rtsp.CRLF);
    byte[] head = b.toString().getBytes(StandardCharsets.UTF_8);
    ByteBuf out = alloc.buffer(head.length + body.length);
    out.writeBytes(head).writeBytes(body);
    return out;
  }
}
