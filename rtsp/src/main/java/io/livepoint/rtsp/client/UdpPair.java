package io.livepoint.rtsp.client;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * The client's RTP/RTCP port pair for one medium over UDP (RFC 3550 11: RTP on an even port, RTCP on the
 * next): bound on the RTSP connection's event loop so packets reach the ingest on its thread. Only
 * datagrams from the camera's address are taken (anyone else could inject media); RTCP is read and
 * dropped (the session is kept alive by RTSP requests).
 */
final class UdpPair implements AutoCloseable {
  private static final int ATTEMPTS = 20;

  private final Channel rtp;
  private final Channel rtcp;

  private UdpPair(Channel rtp, Channel rtcp) {
    this.rtp = rtp;
    this.rtcp = rtcp;
  }

  int rtpPort() {
    return ((InetSocketAddress) rtp.localAddress()).getPort();
  }

  /** Binds a free even/odd pair on {@code local}; {@code packets} gets each RTP payload (not owned). */
  static CompletableFuture<UdpPair> bind(EventLoop loop, InetAddress local, InetAddress camera, Consumer<ByteBuf> packets) {
    CompletableFuture<UdpPair> result = new CompletableFuture<>();
    attempt(loop, local, camera, packets, ATTEMPTS, result);
    return result;
  }

  private static void attempt(EventLoop loop, InetAddress local, InetAddress camera, Consumer<ByteBuf> packets,
      int left, CompletableFuture<UdpPair> result) {
    bootstrap(loop, camera, packets).bind(local, 0).addListener(bound -> {
      if (!bound.isSuccess()) {
        result.completeExceptionally(bound.cause());
        return;
      }
      Channel rtp = ((io.netty.channel.ChannelFuture) bound).channel();
      int port = ((InetSocketAddress) rtp.localAddress()).getPort();
      if (port % 2 != 0 || port == 65535) {
        rtp.close();
        retry(loop, local, camera, packets, left, result);
        return;
      }
      bootstrap(loop, camera, b -> { }).bind(local, port + 1).addListener(f -> {
        if (f.isSuccess()) {
          result.complete(new UdpPair(rtp, ((io.netty.channel.ChannelFuture) f).channel()));
        } else {
          rtp.close();
          retry(loop, local, camera, packets, left, result);
        }
      });
    });
  }

  private static void retry(EventLoop loop, InetAddress local, InetAddress camera, Consumer<ByteBuf> packets, int left,
      CompletableFuture<UdpPair> result) {
    if (left <= 1) {
      result.completeExceptionally(new RtspClientException(0, "no free UDP port pair"));
    } else {
      attempt(loop, local, camera, packets, left - 1, result);
    }
  }

  private static Bootstrap bootstrap(EventLoop loop, InetAddress camera, Consumer<ByteBuf> packets) {
    return new Bootstrap().group(loop).channel(NioDatagramChannel.class)
        .handler(new SimpleChannelInboundHandler<DatagramPacket>() {
          @Override
          protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
            if (p.sender().getAddress().equals(camera)) {
              packets.accept(p.content());
            }
          }
        });
  }

  @Override
  public void close() {
    rtp.close();
    rtcp.close();
  }
}
