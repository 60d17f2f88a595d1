package io.livepoint.rtsp;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;

/**
 * RTP and RTCP as {@code $} frames on the RTSP connection (RFC 2326 10.12). The connection's write
 * buffer high-water mark bounds what is queued: past it the client is too slow and is dropped.
 */
final class InterleavedOutput implements RtpOutput {
  private final Channel channel;
  private final int rtpChannel;
  private final int rtcpChannel;

  InterleavedOutput(Channel channel, int rtpChannel, int rtcpChannel) {
    this.channel = channel;
    this.rtpChannel = rtpChannel;
    this.rtcpChannel = rtcpChannel;
  }

  int rtpChannel() {
    return rtpChannel;
  }

  int rtcpChannel() {
    return rtcpChannel;
  }

  @Override
  public void rtp(ByteBuf packet) {
    frame(rtpChannel, packet);
  }

  @Override
  public void rtcp(ByteBuf packet) {
    frame(rtcpChannel, packet);
    channel.flush();
  }

  private void frame(int ch, ByteBuf packet) {
    if (!channel.isActive() || packet.readableBytes() > 0xffff) {
      packet.release();
      return;
    }
    ByteBuf header = channel.alloc().buffer(4);
    header.writeByte(Rtsp.DOLLAR).writeByte(ch).writeShort(packet.readableBytes());
    channel.write(header, channel.voidPromise());
    channel.write(packet, channel.voidPromise());
  }

  @Override
  public void flush() {
    channel.flush();
  }

  @Override
  public boolean overloaded() {
    return !channel.isWritable();
  }

  @Override
  public String transport() {
    return Rtsp.RTP_AVP_TCP + ";" + Rtsp.UNICAST + ";" + Rtsp.INTERLEAVED + "=" + rtpChannel + "-" + rtcpChannel;
  }
}
