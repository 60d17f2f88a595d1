package io.livepoint.rtsp;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageDecoder;
import java.util.List;

/**
 * Maps the request URIs of a tunnel mounted under an HTTP path (e.g. {@code rtsp://host:8080/rtsp/cam},
 * the URL an RTSP-over-HTTP client is given for the HTTP port) to the server's own layout
 * ({@code rtsp://host:8080/cam}). Content-Base then names the unmounted URL, which the client uses for
 * its SETUP URLs; those pass unchanged.
 */
final class TunnelMount extends MessageToMessageDecoder<Object> {
  private final String mount;

  /** @param mount the path prefix to drop, with leading and trailing slash ({@code /rtsp/}) */
  TunnelMount(String mount) {
    this.mount = mount;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, Object msg, List<Object> out) {
    if (msg instanceof RtspRequest r) {
      out.add(new RtspRequest(r.methodToken(), unmount(r.uri()), r.version(), r.headers(), r.body()));
    } else {
      io.netty.util.ReferenceCountUtil.retain(msg);
      out.add(msg);
    }
  }

  String unmount(String uri) {
    int start = 0;
    if (uri.regionMatches(true, 0, "rtsp://", 0, 7) || uri.regionMatches(true, 0, "rtsps://", 0, 8)) {
      start = uri.indexOf('/', uri.indexOf("//") + 2);
      if (start < 0) {
        return uri;
      }
    }
    if (uri.startsWith(mount, start)) {
      return uri.substring(0, start) + "/" + uri.substring(start + mount.length());
    }
    return uri;
  }
}
