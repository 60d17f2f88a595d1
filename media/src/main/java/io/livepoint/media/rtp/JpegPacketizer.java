package io.livepoint.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import java.util.List;

/**
 * RFC 2435 packetizer for baseline JPEG images: the scan data in fragments behind the main JPEG header,
 * the restart marker header when the image has a restart interval, and the image's own quantization
 * tables in-band (Q = 255) in the first packet, so the receiver rebuilds the exact tables. When the
 * RFC 2435 header cannot describe the image (a side above 2040 pixels or not a multiple of 8, or
 * Huffman tables other than the standard ones), the first packet also carries ONVIF's JPEG header
 * extension (Streaming 5.1.2.1) with the exact SOF and the DHT.
 */
public final class JpegPacketizer implements Packetizer {
  private static final int MAIN_HEADER = 8;
  private static final int RESTART_HEADER = 4;
  private static final int Q_TABLES = 255;
  private final int maxPayload;
  private final ByteBufAllocator alloc;

  public JpegPacketizer(int maxPayload, ByteBufAllocator alloc) {
    if (maxPayload < MAIN_HEADER + RESTART_HEADER + 4 + 256 + 1) {
      throw new IllegalArgumentException("payload limit " + maxPayload + " too small for JPEG");
    }
    this.maxPayload = maxPayload;
    this.alloc = alloc;
  }

  /** @throws RtpFormatException when the image is not a baseline JPEG RFC 2435 can carry */
  @Override
  public void packetize(AccessUnit au, List<RtpPacket> out) {
    ByteBuf image = au.frame();
    JpegFrame f = JpegFrame.parse(image);
    byte[] extension = null;
    if (f.needsSofExtension() || f.huffman().length > 0) {
      byte[] segments = JpegFrame.concat(JpegFrame.sof(f.type(), f.width(), f.height()), f.huffman());
      extension = JpegHeaderExtension.initial(segments).data();
    }
    boolean fits = f.width() <= Jpeg.MAX_DIMENSION && f.height() <= Jpeg.MAX_DIMENSION;
    int w8 = fits ? (f.width() + 7) / 8 : 0;
    int h8 = fits ? (f.height() + 7) / 8 : 0;
    int offset = 0;
    int scanAt = image.readerIndex() + f.scanOffset();
    int scanLength = f.scanLength();
    if (scanLength >= 1 << 24) {
      throw new RtpFormatException("JPEG scan of " + scanLength + " bytes exceeds the 24-bit fragment offset");
    }
    boolean first = true;
    do {
      ByteBuf header = alloc.buffer(MAIN_HEADER + RESTART_HEADER + 4 + f.qTables().length);
      header.writeByte(0); // type-specific: progressive frame
      header.writeMedium(offset);
      header.writeByte(f.type());
      header.writeByte(Q_TABLES);
      header.writeByte(w8);
      header.writeByte(h8);
      if (f.restartInterval() > 0) {
        header.writeShort(f.restartInterval());
        header.writeShort(0xffff); // F=1, L=1, count 0x3fff: not aligned to restart intervals
      }
      if (offset == 0) {
        header.writeByte(0); // MBZ
        header.writeByte(f.precision());
        header.writeShort(f.qTables().length);
        header.writeBytes(f.qTables());
      }
      int n = Math.min(maxPayload - header.readableBytes(), scanLength - offset);
      CompositeByteBuf p = alloc.compositeBuffer(2);
      p.addComponent(true, header);
      p.addComponent(true, image.retainedSlice(scanAt + offset, n));
      offset += n;
      boolean last = offset == scanLength;
      out.add(extension != null && first
          ? RtpPacket.of(last, au.timestamp(), JpegHeaderExtension.PROFILE_INITIAL, extension, p)
          : RtpPacket.of(last, au.timestamp(), p));
      first = false;
    } while (offset < scanLength);
  }
}
