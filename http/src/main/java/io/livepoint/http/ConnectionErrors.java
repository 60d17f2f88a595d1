package io.livepoint.http;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last handler of an HTTP/2 connection's pipeline: an error no stream took (a peer that reset the
 * connection, a broken TLS record) closes the connection with one log line instead of Netty's
 * "reached the tail of the pipeline" warning and stack trace. Streams learn of it from the close.
 */
@ChannelHandler.Sharable
final class ConnectionErrors extends ChannelInboundHandlerAdapter {
  static final ConnectionErrors INSTANCE = new ConnectionErrors();
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionErrors.class);

  private ConnectionErrors() {}

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      LOG.debug("{} connection lost: {}", ctx.channel().remoteAddress(), cause.toString());
    } else {
      LOG.info("{} connection closed after an error: {}", ctx.channel().remoteAddress(), cause.toString());
    }
    ctx.close();
  }
}
