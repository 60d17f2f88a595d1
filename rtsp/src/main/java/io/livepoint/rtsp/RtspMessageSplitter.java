package io.livepoint.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.CorruptedFrameException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Cuts the server's side of an RTSP connection (what it writes: responses with their bodies and
 * interleaved {@code $} frames, RFC 2326 10.12) into whole messages, each a retained slice of the stream,
 * so that a message-based transport (WebSocket) carries exactly one RTSP message or one interleaved frame
 * per message.
 */
final class RtspMessageSplitter extends ByteToMessageDecoder {
  /** Longest response head the server writes (its own; anything longer is a bug). */
  static final int MAX_HEAD = 16384;

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    while (in.isReadable()) {
      int length = length(in);
      if (length < 0 || in.readableBytes() < length) {
        return;
      }
      out.add(in.readRetainedSlice(length));
    }
  }

  /** Bytes of the message at the reader index, or -1 while they cannot be known yet. */
  static int length(ByteBuf in) {
    int at = in.readerIndex();
    if (in.getByte(at) == Rtsp.DOLLAR) {
      return in.readableBytes() < 4 ? -1 : 4 + in.getUnsignedShort(at + 2);
    }
    int end = -1;
    int limit = Math.min(in.writerIndex(), at + MAX_HEAD);
    for (int i = at; i + 3 < limit; i++) {
      if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n') {
        end = i + 4;
        break;
      }
    }
    if (end < 0) {
      if (in.readableBytes() >= MAX_HEAD) {
        in.skipBytes(in.readableBytes());
        throw new CorruptedFrameException("RTSP response head longer than " + MAX_HEAD + " bytes");
      }
      return -1;
    }
    int body = 0;
    String head = in.toString(at, end - at, StandardCharsets.UTF_8);
    for (String line : head.split("\r\n")) {
      int colon = line.indexOf(':');
      if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
        body = Integer.parseInt(line.substring(colon + 1).trim());
      }
    }
    return end - at + body;
  }
}
