package io.livepoint.media.rtp;

import io.netty.buffer.ByteBuf;
import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.TreeMap;

/**
 * What RFC 2435 needs of a baseline JPEG image: its type (4:2:2 or 4:2:0), size, restart interval,
 * quantization tables and where the entropy-coded scan is. Images RFC 2435 cannot describe (progressive,
 * greyscale, other sampling, arithmetic coding, table selectors other than Y=0 and Cb/Cr=1) are refused.
 *
 * @param type RFC 2435 type (0 or 1, plus 64 with a restart interval)
 * @param precision bit 0: luminance table is 16-bit; bit 1: chrominance table is 16-bit
 * @param qTables luminance then chrominance quantization table, zig-zag order
 * @param huffman the image's DHT segments when they differ from the standard tables, else empty
 * @param scanOffset index of the first scan byte in the image buffer
 * @param scanLength bytes of scan data (up to, not including, the final EOI)
 */
public record JpegFrame(int type, int width, int height, int restartInterval, int precision, byte[] qTables,
    byte[] huffman, int scanOffset, int scanLength) {

  /**
   * Parses a JPEG image (readable bytes, left unchanged).
   *
   * @throws RtpFormatException when it is not a baseline JPEG RFC 2435 can carry
   */
  public static JpegFrame parse(ByteBuf jpeg) {
    try {
      return read(jpeg);
    } catch (IndexOutOfBoundsException e) {
      throw new RtpFormatException("JPEG truncated");
    }
  }

  private static JpegFrame read(ByteBuf in) {
    int at = in.readerIndex();
    int end = in.writerIndex();
    if (end - at < 4 || in.getUnsignedByte(at) != 0xff || in.getUnsignedByte(at + 1) != Jpeg.SOI) {
      throw new RtpFormatException("not a JPEG image (no SOI)");
    }
    at += 2;
    byte[][] tables = new byte[4][];
    int width = -1;
    int height = 0;
    int lumaHv = 0;
    int lumaTq = 0;
    int chromaTq = 0;
    int restart = 0;
    TreeMap<Integer, byte[]> huffman = new TreeMap<>();
    ByteArrayOutputStream dht = new ByteArrayOutputStream();
    while (true) {
      if (in.getUnsignedByte(at) != 0xff) {
        throw new RtpFormatException("JPEG marker expected at " + at);
      }
      int marker = in.getUnsignedByte(at + 1);
      if (marker == 0xff) {
        at++; // fill byte
        continue;
      }
      if (marker == Jpeg.EOI || marker == Jpeg.SOI || marker >= Jpeg.RST0 && marker <= Jpeg.RST0 + 7) {
        throw new RtpFormatException("JPEG marker " + Integer.toHexString(marker) + " before the scan");
      }
      int length = in.getUnsignedShort(at + 2);
      int seg = at + 4;
      int segEnd = at + 2 + length;
      if (length < 2 || segEnd > end) {
        throw new RtpFormatException("JPEG segment " + Integer.toHexString(marker) + " overruns the image");
      }
      switch (marker) {
        case Jpeg.DQT -> {
          for (int i = seg; i < segEnd; ) {
            int pq = in.getUnsignedByte(i) >> 4;
            int tq = in.getUnsignedByte(i) & 15;
            int n = pq == 0 ? 64 : 128;
            if (tq > 3 || pq > 1 || i + 1 + n > segEnd) {
              throw new RtpFormatException("bad DQT table");
            }
            tables[tq] = new byte[n];
            in.getBytes(i + 1, tables[tq]);
            i += 1 + n;
          }
        }
        case Jpeg.SOF0, Jpeg.SOF1 -> {
          if (in.getUnsignedByte(seg) != 8 || length != 17 || in.getUnsignedByte(seg + 5) != 3) {
            throw new RtpFormatException("RFC 2435 carries 8-bit, three-component (YCbCr) images only");
          }
          height = in.getUnsignedShort(seg + 1);
          width = in.getUnsignedShort(seg + 3);
          lumaHv = in.getUnsignedByte(seg + 7);
          lumaTq = in.getUnsignedByte(seg + 8);
          chromaTq = in.getUnsignedByte(seg + 11);
          if (in.getUnsignedByte(seg + 10) != 0x11 || in.getUnsignedByte(seg + 13) != 0x11
              || in.getUnsignedByte(seg + 14) != chromaTq || lumaHv != 0x21 && lumaHv != 0x22
              || lumaTq > 3 || chromaTq > 3) {
            throw new RtpFormatException("sampling other than 4:2:2 or 4:2:0 is not in RFC 2435");
          }
        }
        case Jpeg.DHT -> {
          for (int i = seg; i < segEnd; ) {
            int classId = in.getUnsignedByte(i);
            int count = 0;
            for (int k = 0; k < 16; k++) {
              count += in.getUnsignedByte(i + 1 + k);
            }
            if (i + 17 + count > segEnd) {
              throw new RtpFormatException("bad DHT table");
            }
            byte[] t = new byte[16 + count];
            in.getBytes(i + 1, t);
            huffman.put(classId, t);
            i += 17 + count;
          }
          dht.write(0xff);
          dht.write(Jpeg.DHT);
          dht.write(length >> 8);
          dht.write(length);
          byte[] body = new byte[length - 2];
          in.getBytes(seg, body);
          dht.writeBytes(body);
        }
        case Jpeg.DRI -> restart = in.getUnsignedShort(seg);
        case Jpeg.SOS -> {
          if (width < 0) {
            throw new RtpFormatException("JPEG scan before a baseline SOF");
          }
          int ns = in.getUnsignedByte(seg);
          if (ns != 3 || in.getUnsignedByte(seg + 2) != 0x00 || in.getUnsignedByte(seg + 4) != 0x11
              || in.getUnsignedByte(seg + 6) != 0x11) {
            throw new RtpFormatException("scan table selectors other than Y=0, Cb/Cr=1 are not in RFC 2435");
          }
          if (tables[lumaTq] == null || tables[chromaTq] == null) {
            throw new RtpFormatException("JPEG without its quantization tables");
          }
          int scanEnd = end;
          if (in.getUnsignedByte(end - 2) == 0xff && in.getUnsignedByte(end - 1) == Jpeg.EOI) {
            scanEnd -= 2;
          }
          byte[] q = concat(tables[lumaTq], tables[chromaTq]);
          int precision = (tables[lumaTq].length == 128 ? 1 : 0) | (tables[chromaTq].length == 128 ? 2 : 0);
          int type = (lumaHv == 0x21 ? Jpeg.TYPE_422 : Jpeg.TYPE_420) + (restart > 0 ? Jpeg.TYPE_RESTART : 0);
          byte[] dhtBytes = huffman.isEmpty() || isStandard(huffman) ? new byte[0] : dht.toByteArray();
          return new JpegFrame(type, width, height, restart, precision, q, dhtBytes, segEnd, scanEnd - segEnd);
        }
        default -> {
          if (marker >= 0xc2 && marker <= 0xcf && marker != Jpeg.DHT) {
            throw new RtpFormatException("JPEG process " + Integer.toHexString(marker) + " is not baseline");
          }
        }
      }
      at = segEnd;
    }
  }

  private static boolean isStandard(TreeMap<Integer, byte[]> tables) {
    return tables.size() == 4 && Arrays.equals(tables.get(0x00), concat(Jpeg.DC_LUMA_BITS, Jpeg.DC_LUMA_VALUES))
        && Arrays.equals(tables.get(0x10), concat(Jpeg.AC_LUMA_BITS, Jpeg.AC_LUMA_VALUES))
        && Arrays.equals(tables.get(0x01), concat(Jpeg.DC_CHROMA_BITS, Jpeg.DC_CHROMA_VALUES))
        && Arrays.equals(tables.get(0x11), concat(Jpeg.AC_CHROMA_BITS, Jpeg.AC_CHROMA_VALUES));
  }

  static byte[] concat(byte[] a, byte[] b) {
    byte[] c = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, c, a.length, b.length);
    return c;
  }

  /** Whether RFC 2435's header alone cannot describe the size (ONVIF then sends a SOF in the extension). */
  public boolean needsSofExtension() {
    return width > Jpeg.MAX_DIMENSION || height > Jpeg.MAX_DIMENSION || width % 8 != 0 || height % 8 != 0;
  }

  /** The SOF0 segment a receiver derives (component ids 0, 1, 2; tables 0, 1, 1). */
  static byte[] sof(int type, int width, int height) {
    return new byte[] {(byte) 0xff, (byte) Jpeg.SOF0, 0, 17, 8, (byte) (height >> 8), (byte) height,
        (byte) (width >> 8), (byte) width, 3, 0, (byte) ((type & 63) == Jpeg.TYPE_422 ? 0x21 : 0x22), 0, 1, 0x11, 1,
        2, 0x11, 1};
  }
}
