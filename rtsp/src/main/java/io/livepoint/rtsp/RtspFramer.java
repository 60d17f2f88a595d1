package io.livepoint.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Frames one RTSP TCP stream: requests (head up to the empty line, then Content-Length bytes of body)
 * and interleaved {@code $} binary frames between them (RFC 2326 10.12), which Netty's RtspDecoder does
 * not know. Emits {@link RtspRequest}, {@link InterleavedFrame} and, for input that cannot be framed,
 * one {@link RtspParseException} after which the stream is not read further (the handler answers and
 * closes).
 */
public final class RtspFramer extends ByteToMessageDecoder {
  /** Largest request head accepted. */
  public static final int MAX_HEAD = 8192;
  /** Largest request body accepted (SET_PARAMETER, ANNOUNCE's SDP). */
  public static final int MAX_BODY = 65536;
  private boolean failed;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (!failed && in.isReadable()) {
      Object m = next(in);
      if (m == null) {
        return;
      }
      out.add(m);
      if (m instanceof RtspParseException) {
        failed = true;
      }
    }
    if (failed) {
      in.skipBytes(in.readableBytes());
    }
  }

  /** The next message of {@code in}, or null when more bytes are needed. */
  private Object next(ByteBuf in) {
    int at = in.readerIndex();
    byte first = in.getByte(at);
    if (first == '\r' || first == '\n') {
      in.skipBytes(1); // stray line ends between messages
      return in.isReadable() ? next(in) : null;
    }
    if (first == Rtsp.DOLLAR) {
      if (in.readableBytes() < 4) {
        return null;
      }
      int channel = in.getUnsignedByte(at + 1);
      int length = in.getUnsignedShort(at + 2);
      if (in.readableBytes() < 4 + length) {
        return null;
      }
      in.skipBytes(4);
      return new InterleavedFrame(channel, in.readRetainedSlice(length));
    }
    int headEnd = headEnd(in);
    if (headEnd < 0) {
      if (in.readableBytes() > MAX_HEAD) {
        return new RtspParseException(Rtsp.Status.REQUEST_ENTITY_TOO_LARGE,
            "request head longer than " + MAX_HEAD + " bytes");
      }
      return null;
    }
    String head = in.toString(at, headEnd - at, StandardCharsets.UTF_8);
    int bodyStart = in.getByte(headEnd) == '\r' ? headEnd + 4 : headEnd + 2;
    try {
      RtspRequest parsed = RtspRequest.parseHead(head, new byte[0]);
      int length = contentLength(parsed);
      if (in.writerIndex() - bodyStart < length) {
        return null;
      }
      byte[] body = new byte[length];
      in.getBytes(bodyStart, body);
      in.readerIndex(bodyStart + length);
      return new RtspRequest(parsed.methodToken(), parsed.uri(), parsed.version(), parsed.headers(), body);
    } catch (RtspParseException e) {
      return e;
    }
  }

  private static int contentLength(RtspRequest r) throws RtspParseException {
    String v = r.header(Rtsp.CONTENT_LENGTH);
    if (v == null) {
      return 0;
    }
    try {
      int n = Integer.parseInt(v);
      if (n < 0) {
        throw new RtspParseException("negative Content-Length " + n);
      }
      if (n > MAX_BODY) {
        throw new RtspParseException(Rtsp.Status.REQUEST_ENTITY_TOO_LARGE, "Content-Length " + n + " over " + MAX_BODY);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new RtspParseException("malformed Content-Length '" + RtspRequest.printable(v) + "'");
    }
  }

  /** Index of the CRLF CRLF (or LF LF) ending the head, or -1 (searching at most MAX_HEAD bytes). */
  private static int headEnd(ByteBuf in) {
    int end = Math.min(in.writerIndex(), in.readerIndex() + MAX_HEAD + 4);
    for (int i = in.readerIndex(); i + 1 < end; i++) {
      if (in.getByte(i) == '\n' && in.getByte(i + 1) == '\n') {
        return i;
      }
      if (i + 3 < end && in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r'
          && in.getByte(i + 3) == '\n') {
        return i;
      }
    }
    return -1;
  }
}
