package io.livepoint.rtsp;

import io.livepoint.http.auth.AuthResult;
import io.livepoint.http.auth.Authenticator;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RTSP authentication (RFC 2326 12.5/12.44 with RFC 7616/7617 credentials, ONVIF Core 5.12.1): every
 * request but OPTIONS must carry credentials the {@link Authenticator} accepts, checked with the RTSP
 * method and the request-URI exactly as received (what a Digest client hashes). Anything else is
 * answered {@code 401 Unauthorized} with fresh challenges and goes no further; the connection stays open
 * so the client can answer the challenge on it. Wrong credentials get 401 too, not 403: RFC 7235 3.1
 * makes a 401 to a request with credentials mean they were refused, and RTSP clients (FFmpeg, GStreamer,
 * VLC, NVRs) treat 401 as "ask for other credentials" — the convention of RTSP servers. Interleaved
 * frames pass: without an authenticated SETUP or RECORD they reach no session.
 */
final class RtspAuthGate extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(RtspAuthGate.class);
  private final Authenticator authenticator;

  RtspAuthGate(Authenticator authenticator) {
    this.authenticator = authenticator;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof RtspRequest r && !"OPTIONS".equals(r.methodToken())) {
      AuthResult result = authenticator.check(r.methodToken(), r.uri(), r.header(Rtsp.AUTHORIZATION));
      if (!result.passed()) {
        LOG.info("RTSP {}: {} {} answered 401: {}", ctx.channel().remoteAddress(), RtspRequest.printable(r.methodToken()),
            RtspRequest.printable(r.uri()), result.reason());
        ctx.writeAndFlush(unauthorized(r.cseq(), result).encode(ctx.alloc()));
        return;
      }
    }
    ctx.fireChannelRead(msg);
  }

  /** The 401 for a refused request: the result's challenges (stale=true for an expired nonce), or fresh ones. */
  RtspResponse unauthorized(String cseq, AuthResult result) {
    RtspResponse response = new RtspResponse(Rtsp.Status.UNAUTHORIZED, cseq);
    for (String c : result.outcome() == AuthResult.Outcome.CHALLENGE ? result.challenges()
        : authenticator.challenges(false)) {
      response.addHeader(Rtsp.WWW_AUTHENTICATE, c);
    }
    return response;
  }
}
