package io.livepoint.rtsp.client;

import io.livepoint.rtsp.InterleavedFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Frames what an RTSP server sends a client: responses (status line, headers, Content-Length body) and
 * interleaved {@code $} frames (RFC 2326 10.12). A request from the server (RFC 2326 allows e.g.
 * ANNOUNCE or GET_PARAMETER towards the client) is skipped. Input that cannot be framed fails the
 * connection with a {@link DecoderException}.
 */
public final class ReplyFramer extends ByteToMessageDecoder {
  static final int MAX_HEAD = 16384;
  static final int MAX_BODY = 1 << 20;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      Object m = next(in);
      if (m == null) {
        return;
      }
      if (m != SKIPPED) {
        out.add(m);
      }
    }
  }

  private static final Object SKIPPED = new Object();

  private static Object next(ByteBuf in) {
    int at = in.readerIndex();
    byte first = in.getByte(at);
    if (first == '\r' || first == '\n') {
      in.skipBytes(1);
      return SKIPPED;
    }
    if (first == '$') {
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
    int end = headEnd(in);
    if (end < 0) {
      if (in.readableBytes() > MAX_HEAD) {
        throw new DecoderException("RTSP response head longer than " + MAX_HEAD + " bytes");
      }
      return null;
    }
    String head = in.toString(at, end - at, StandardCharsets.UTF_8);
    int bodyStart = in.getByte(end) == '\r' ? end + 4 : end + 2;
    String[] lines = head.split("\r?\n");
    Map<String, List<String>> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.computeIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
            .add(lines[i].substring(colon + 1).trim());
      }
    }
    int length = 0;
    List<String> cl = headers.get("content-length");
    if (cl != null) {
      try {
        length = Integer.parseInt(cl.get(0));
      } catch (NumberFormatException e) {
        throw new DecoderException("malformed Content-Length '" + cl.get(0) + "'");
      }
      if (length < 0 || length > MAX_BODY) {
        throw new DecoderException("Content-Length " + length + " out of range");
      }
    }
    if (in.writerIndex() - bodyStart < length) {
      return null;
    }
    String body = in.toString(bodyStart, length, StandardCharsets.UTF_8);
    in.readerIndex(bodyStart + length);
    String[] status = lines[0].split(" ", 3);
    if (!status[0].startsWith("RTSP/")) {
      return SKIPPED; // a request from the server: not needed by this client
    }
    if (status.length < 2) {
      throw new DecoderException("malformed status line '" + lines[0] + "'");
    }
    try {
      return new RtspReply(Integer.parseInt(status[1]), status.length > 2 ? status[2] : "", headers, body);
    } catch (NumberFormatException e) {
      throw new DecoderException("malformed status line '" + lines[0] + "'");
    }
  }

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
