package io.livepoint.rtsp.record;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.EventLoop;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.DatagramChannel;
import java.util.function.Consumer;

/**
 * A local RTP/RTCP port pair receiving one medium over UDP (RFC 3550 11: RTP on an even port, RTCP on
 * the next), for a pulled camera's SETUP (client_port) and a RECORD publisher's (server_port). The
 * sockets are bound at once (a bind does not block) and registered on the RTSP connection's event loop,
 * so packets reach the ingest on its thread. Only datagrams from the peer's address are taken (anyone
 * else could inject media); RTCP is read and dropped (RTSP requests keep the session alive).
 */
public final class UdpPair implements AutoCloseable {
  private static final int ATTEMPTS = 20;

  private final Channel rtp;
  private final Channel rtcp;
  private final int port;

  private UdpPair(Channel rtp, Channel rtcp, int port) {
    this.rtp = rtp;
    this.rtcp = rtcp;
    this.port = port;
  }

  /** The RTP port (RTCP is the next one). */
  public int rtpPort() {
    return port;
  }

  /**
   * Binds a free even/odd pair on {@code local}; {@code packets} gets each RTP datagram's content (not
   * owned) from {@code peer}.
   *
   * @throws IOException when no pair is free
   */
  public static UdpPair open(EventLoop loop, InetAddress local, InetAddress peer, Consumer<ByteBuf> packets)
      throws IOException {
    for (int i = 0; i < ATTEMPTS; i++) {
      DatagramChannel a = DatagramChannel.open();
      DatagramChannel b = null;
      try {
        a.bind(new InetSocketAddress(local, 0));
        int port = ((InetSocketAddress) a.getLocalAddress()).getPort();
        if (port % 2 != 0 || port == 65535) {
          a.close();
          continue;
        }
        b = DatagramChannel.open();
        b.bind(new InetSocketAddress(local, port + 1));
        return new UdpPair(register(loop, a, peer, packets), register(loop, b, peer, p -> { }), port);
      } catch (IOException e) {
        a.close();
        if (b != null) {
          b.close();
        }
      }
    }
    throw new IOException("no free UDP port pair on " + local);
  }

  private static Channel register(EventLoop loop, DatagramChannel socket, InetAddress peer, Consumer<ByteBuf> packets) {
    NioDatagramChannel ch = new NioDatagramChannel(socket);
    ch.pipeline().addLast(new SimpleChannelInboundHandler<DatagramPacket>() {
      @Override
      protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket p) {
        if (p.sender().getAddress().equals(peer)) {
          packets.accept(p.content());
        }
      }
    });
    loop.register(ch);
    return ch;
  }

  @Override
  public void close() {
    rtp.close();
    rtcp.close();
  }
}
