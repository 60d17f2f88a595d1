package io.livepoint.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RTSP over HTTP on the RTSP port, for clients that tunnel to the RTSP URL's own port (FFmpeg's
 * {@code -rtsp_transport http}): the first bytes of a connection decide. An RTSP request passes on
 * untouched (this handler leaves the pipeline); an HTTP GET with {@code x-sessioncookie} is answered
 * {@code 200 application/x-rtsp-tunnelled} and then IS the RTSP connection (its responses and interleaved
 * data are the GET's body); a POST with the same cookie has its base64 body decoded and fed into the GET
 * connection's RTSP framer, on that connection's event loop.
 */
final class TunnelSniffer extends ByteToMessageDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(TunnelSniffer.class);
  private static final int MAX_HEAD = 8192;
  private static final byte[] GET = "GET ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] POST = "POST ".getBytes(StandardCharsets.US_ASCII);

  private final ConcurrentHashMap<String, Channel> tunnels;
  /** Set once this connection is a POST half: where its decoded requests go. */
  private Channel target;
  private final Base64Stream base64 = new Base64Stream();

  /** @param tunnels GET halves by cookie, shared by all connections of the server */
  TunnelSniffer(ConcurrentHashMap<String, Channel> tunnels) {
    this.tunnels = tunnels;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (target != null) {
      post(ctx, in);
      return;
    }
    int get = startsWith(in, GET);
    int post = startsWith(in, POST);
    if (get == 0 && post == 0) {
      ctx.pipeline().remove(this); // plain RTSP: the buffered bytes go on to the framer
      return;
    }
    if (get < 0 || post < 0) {
      return; // could still become "GET " or "POST ": wait for more
    }
    int end = headEnd(in);
    if (end < 0) {
      if (in.readableBytes() > MAX_HEAD) {
        reject(ctx, "431 Request Header Fields Too Large", "HTTP request head longer than " + MAX_HEAD + " bytes");
        in.skipBytes(in.readableBytes());
      }
      return;
    }
    String head = in.readCharSequence(end - in.readerIndex(), StandardCharsets.ISO_8859_1).toString();
    String cookie = null;
    String[] lines = head.split("\r\n");
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0 && lines[i].substring(0, colon).trim().equalsIgnoreCase(HttpTunnel.COOKIE)) {
        cookie = lines[i].substring(colon + 1).trim();
      }
    }
    String method = lines[0].substring(0, lines[0].indexOf(' '));
    if (cookie == null || cookie.isEmpty()) {
      reject(ctx, "400 Bad Request", method + " without " + HttpTunnel.COOKIE);
      in.skipBytes(in.readableBytes());
      return;
    }
    if (method.equals("GET")) {
      Channel self = ctx.channel();
      if (tunnels.putIfAbsent(cookie, self) != null) {
        reject(ctx, "400 Bad Request", "second GET for one " + HttpTunnel.COOKIE);
        in.skipBytes(in.readableBytes());
        return;
      }
      String key = cookie;
      self.closeFuture().addListener(f -> tunnels.remove(key, self));
      ctx.writeAndFlush(Unpooled.copiedBuffer("HTTP/1.0 200 OK\r\n" + Rtsp.SERVER + ": " + Rtsp.SERVER_NAME
          + "\r\nConnection: close\r\nCache-Control: no-cache\r\nPragma: no-cache\r\nContent-Type: "
          + HttpTunnel.MEDIA_TYPE + "\r\n\r\n", StandardCharsets.US_ASCII));
      ctx.pipeline().remove(this); // from now on an RTSP connection; the GET sends nothing more
      return;
    }
    target = tunnels.get(cookie);
    if (target == null) {
      reject(ctx, "404 Not Found", "POST for no open tunnel");
      in.skipBytes(in.readableBytes());
      return;
    }
    post(ctx, in);
  }

  private void post(ChannelHandlerContext ctx, ByteBuf in) {
    if (!target.isActive()) {
      in.skipBytes(in.readableBytes());
      ctx.close();
      return;
    }
    ByteBuf decoded = ctx.alloc().buffer(in.readableBytes() * 3 / 4 + 3);
    try {
      base64.decode(in, decoded);
    } catch (Base64Stream.Base64Exception e) {
      decoded.release();
      in.skipBytes(in.readableBytes());
      LOG.info("RTSP over HTTP {}: POST body rejected: {}", ctx.channel().remoteAddress(), e.getMessage());
      ctx.close();
      return;
    }
    if (!decoded.isReadable()) {
      decoded.release();
      return;
    }
    Channel get = target;
    get.eventLoop().execute(() -> {
      if (get.isActive()) {
        get.pipeline().fireChannelRead(decoded); // into the GET connection's RTSP framer
      } else {
        decoded.release();
      }
    });
  }

  private static void reject(ChannelHandlerContext ctx, String status, String why) {
    LOG.info("RTSP over HTTP {}: rejected ({}): {}", ctx.channel().remoteAddress(), status, why);
    ctx.writeAndFlush(Unpooled.copiedBuffer("HTTP/1.0 " + status + "\r\nConnection: close\r\nContent-Length: 0\r\n\r\n",
        StandardCharsets.US_ASCII)).addListener(ChannelFutureListener.CLOSE);
  }

  /** 1 when {@code in} starts with {@code token}, 0 when it cannot, -1 when too short to tell yet. */
  private static int startsWith(ByteBuf in, byte[] token) {
    int n = Math.min(in.readableBytes(), token.length);
    for (int i = 0; i < n; i++) {
      if (in.getByte(in.readerIndex() + i) != token[i]) {
        return 0;
      }
    }
    return n == token.length ? 1 : -1;
  }

  /** The index just past the head's empty line, or -1. */
  private static int headEnd(ByteBuf in) {
    for (int i = in.readerIndex(); i + 3 < in.writerIndex(); i++) {
      if (in.getByte(i) == '\r' && in.getByte(i + 1) == '\n' && in.getByte(i + 2) == '\r' && in.getByte(i + 3) == '\n') {
        return i + 4;
      }
    }
    return -1;
  }
}
