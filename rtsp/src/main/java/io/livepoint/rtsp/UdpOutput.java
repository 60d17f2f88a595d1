package io.livepoint.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.socket.DatagramPacket;
import java.net.InetSocketAddress;

/**
 * RTP and RTCP as UDP datagrams from the server's port pair to the client's. UDP is lossy anyway: a
 * packet that finds the socket's buffer full is dropped rather than queued.
 */
final class UdpOutput implements RtpOutput {
  private final Channel rtpSocket;
  private final Channel rtcpSocket;
  private final InetSocketAddress clientRtp;
  private final InetSocketAddress clientRtcp;
  private long dropped;

  UdpOutput(Channel rtpSocket, Channel rtcpSocket, InetSocketAddress clientRtp, InetSocketAddress clientRtcp) {
    this.rtpSocket = rtpSocket;
    this.rtcpSocket = rtcpSocket;
    this.clientRtp = clientRtp;
    this.clientRtcp = clientRtcp;
  }

  InetSocketAddress clientRtcp() {
    return clientRtcp;
  }

  @Override
  public void rtp(ByteBuf packet) {
    send(rtpSocket, packet, clientRtp);
  }

  @Override
  public void rtcp(ByteBuf packet) {
    send(rtcpSocket, packet, clientRtcp);
    rtcpSocket.flush();
  }

  private void send(Channel socket, ByteBuf packet, InetSocketAddress to) {
    if (!socket.isWritable()) {
      dropped++;
      packet.release();
      return;
    }
    socket.write(new DatagramPacket(packet, to), socket.voidPromise());
  }

  @Override
  public void flush() {
    rtpSocket.flush();
  }

  @Override
  public boolean overloaded() {
    return false;
  }

  long dropped() {
    return dropped;
  }

  @Override
  public String transport() {
    return Rtsp.RTP_AVP + ";" + Rtsp.UNICAST + ";" + Rtsp.CLIENT_PORT + "=" + clientRtp.getPort() + "-"
        + clientRtcp.getPort() + ";" + Rtsp.SERVER_PORT + "=" + ((InetSocketAddress) rtpSocket.localAddress()).getPort()
        + "-" + ((InetSocketAddress) rtcpSocket.localAddress()).getPort();
  }
}
