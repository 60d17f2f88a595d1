package io.livepoint.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.io.ByteArrayOutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * RFC 2435 depacketizer: rebuilds a complete JFIF-style JPEG image (SOI, DQT, DRI, SOF0, DHT, SOS, scan,
 * EOI) as RFC 2435 Appendix B describes, with ONVIF's JPEG header extension (Streaming 5.1.2.1) taking
 * precedence for the segments it carries (SOF for large frames, DHT, DQT, DRI, SOS, APPn). A fragment
 * offset that does not continue the frame drops it. Quantization tables sent once for a Q value
 * (128..255) are remembered for later frames; Huffman tables from an extension carry over to later
 * frames.
 */
public final class JpegDepacketizer extends FrameDepacketizer {
  private static final int MAIN_HEADER = 8;

  private final Map<Integer, byte[]> qCache = new HashMap<>();
  private byte[] lastSof;
  private byte[] lastDht;
  private ByteBuf scan;
  private int expectedOffset;
  private byte[] headers;
  private ByteArrayOutputStream extension;

  public JpegDepacketizer(ByteBufAllocator alloc) {
    super(alloc);
  }

  @Override
  protected void depacketize(RtpPacket p) {
    ByteBuf b = p.payload();
    int at = b.readerIndex();
    int end = b.writerIndex();
    if (end - at < MAIN_HEADER) {
      throw new RtpFormatException("JPEG payload shorter than its main header");
    }
    int offset = b.getUnsignedMedium(at + 1);
    int type = b.getUnsignedByte(at + 4);
    int q = b.getUnsignedByte(at + 5);
    int width = b.getUnsignedByte(at + 6) * 8;
    int height = b.getUnsignedByte(at + 7) * 8;
    at += MAIN_HEADER;
    if ((type & 63) > 1 || type > 127) {
      throw new RtpFormatException("RFC 2435 type " + type + " is not supported");
    }
    if (q == 0 || q >= 100 && q < Jpeg.Q_IN_BAND) {
      throw new RtpFormatException("reserved Q value " + q);
    }
    int restartInterval = 0;
    if (type >= Jpeg.TYPE_RESTART) {
      if (end - at < 4) {
        throw new RtpFormatException("restart marker header truncated");
      }
      restartInterval = b.getUnsignedShort(at);
      at += 4;
    }
    JpegHeaderExtension ext = JpegHeaderExtension.of(p);
    if (offset == 0) {
      if (scan != null) {
        dropFragment();
        damaged();
      }
      byte[] tables;
      if (q >= Jpeg.Q_IN_BAND) {
        if (end - at < 4) {
          throw new RtpFormatException("quantization table header truncated");
        }
        int precision = b.getUnsignedByte(at + 1);
        int length = b.getUnsignedShort(at + 2);
        at += 4;
        if (length > end - at) {
          throw new RtpFormatException("quantization tables overrun the packet");
        }
        if (length == 0) {
          tables = qCache.get(q);
          if (tables == null) {
            throw new RtpFormatException("Q " + q + " refers to tables never received");
          }
        } else {
          tables = dqtBody(b, at, length, precision);
          qCache.put(q, tables);
          at += length;
        }
      } else {
        byte[] scaled = Jpeg.scaledTables(q);
        tables = new byte[130];
        tables[0] = 0x00;
        System.arraycopy(scaled, 0, tables, 1, 64);
        tables[65] = 0x01;
        System.arraycopy(scaled, 64, tables, 66, 64);
      }
      headers = frameHeader(type, width, height, restartInterval, tables);
      extension = ext != null && ext.initial() ? new ByteArrayOutputStream() : null;
      scan = alloc.buffer(Math.max(4096, (end - at) * 8), MAX_ACCESS_UNIT);
      expectedOffset = 0;
    } else if (scan == null) {
      damaged(); // the first packet of this frame was lost
      return;
    }
    if (offset != expectedOffset) {
      dropFragment();
      damaged();
      return;
    }
    if (ext != null && extension != null) {
      extension.writeBytes(ext.data());
    }
    int n = end - at;
    if (scan.readableBytes() + n > MAX_ACCESS_UNIT) {
      throw new RtpFormatException("JPEG frame larger than " + MAX_ACCESS_UNIT + " bytes");
    }
    scan.writeBytes(b, at, n);
    expectedOffset += n;
    if (p.marker()) {
      add(assemble());
    }
  }

  /**
   * The body of a DQT segment for the tables of a quantization table header: one or two tables (a
   * sender may send a single table that both components share), 8- or 16-bit by the precision bits.
   */
  private static byte[] dqtBody(ByteBuf b, int at, int length, int precision) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int i = 0;
    int table = 0;
    while (i < length) {
      int n = (precision >> table & 1) != 0 ? 128 : 64;
      if (i + n > length || table > 1) {
        throw new RtpFormatException("quantization table header of " + length + " bytes is not whole tables");
      }
      out.write((n == 128 ? 0x10 : 0) | table);
      byte[] t = new byte[n];
      b.getBytes(at + i, t);
      out.writeBytes(t);
      i += n;
      table++;
    }
    if (table == 1) { // both components use table 0: write it again as table 1
      byte[] one = out.toByteArray();
      out.write(one[0] | 1);
      out.write(one, 1, one.length - 1);
    }
    return out.toByteArray();
  }

  /** The DQT, DRI and SOF segments RFC 2435 Appendix B derives from the header. */
  private byte[] frameHeader(int type, int width, int height, int restartInterval, byte[] tables) {
    ByteArrayOutputStream h = new ByteArrayOutputStream();
    h.writeBytes(segment(Jpeg.DQT, tables));
    if (restartInterval > 0) {
      h.writeBytes(new byte[] {(byte) 0xff, (byte) Jpeg.DRI, 0, 4, (byte) (restartInterval >> 8), (byte) restartInterval});
    }
    if (width > 0 || height > 0) {
      h.writeBytes(JpegFrame.sof(type, width, height));
    } else if (lastSof != null) {
      h.writeBytes(lastSof);
    }
    return h.toByteArray();
  }

  private ByteBuf assemble() {
    ByteBuf frame = alloc.buffer(scan.readableBytes() + 1024);
    try {
      Map<Integer, byte[]> fromExt = new HashMap<>();
      ByteArrayOutputStream others = new ByteArrayOutputStream();
      if (extension != null) {
        splitSegments(extension.toByteArray(), fromExt, others);
      }
      Map<Integer, byte[]> derived = new HashMap<>();
      splitSegments(headers, derived, new ByteArrayOutputStream());
      frame.writeShort(0xff00 | Jpeg.SOI);
      frame.writeBytes(others.toByteArray());
      for (int marker : new int[] {Jpeg.DQT, Jpeg.DRI, Jpeg.SOF0}) {
        byte[] s = fromExt.getOrDefault(marker, derived.get(marker));
        if (s != null) {
          frame.writeBytes(s);
        }
      }
      byte[] sof = fromExt.getOrDefault(Jpeg.SOF0, derived.get(Jpeg.SOF0));
      if (sof == null) {
        throw new RtpFormatException("JPEG frame of size 0x0 and no previous frame");
      }
      lastSof = sof;
      byte[] dht = fromExt.getOrDefault(Jpeg.DHT, lastDht != null ? lastDht : Jpeg.standardDht());
      lastDht = dht;
      frame.writeBytes(dht);
      byte[] sos = fromExt.get(Jpeg.SOS);
      frame.writeBytes(sos != null ? sos : new byte[] {(byte) 0xff, (byte) Jpeg.SOS, 0, 12, 3, 0, 0x00, 1, 0x11, 2,
          0x11, 0, 63, 0});
      frame.writeBytes(scan);
      int n = frame.writerIndex();
      if (n < 2 || frame.getUnsignedByte(n - 2) != 0xff || frame.getUnsignedByte(n - 1) != Jpeg.EOI) {
        frame.writeShort(0xff00 | Jpeg.EOI);
      }
      return frame;
    } catch (RuntimeException e) {
      frame.release();
      throw e;
    } finally {
      dropFragment();
    }
  }

  /**
   * Splits marker segments into the ones a receiver derives itself (DQT, DRI, SOF0, DHT, SOS, the last of
   * each kind) and the others (APPn, COM...), kept in order. Fill bytes (0xFF) are skipped.
   */
  private static void splitSegments(byte[] b, Map<Integer, byte[]> known, ByteArrayOutputStream others) {
    int i = 0;
    while (i < b.length) {
      if ((b[i] & 0xff) == 0xff && i + 1 < b.length && (b[i + 1] & 0xff) == 0xff) {
        i++;
        continue;
      }
      if (i + 1 >= b.length && (b[i] & 0xff) == 0xff) {
        break; // trailing padding
      }
      if (i + 4 > b.length || (b[i] & 0xff) != 0xff) {
        throw new RtpFormatException("JPEG extension holds no marker segment at " + i);
      }
      int marker = b[i + 1] & 0xff;
      int length = (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
      if (length < 2 || i + 2 + length > b.length) {
        throw new RtpFormatException("JPEG extension segment overruns the extension");
      }
      byte[] s = java.util.Arrays.copyOfRange(b, i, i + 2 + length);
      int key = marker == Jpeg.SOF1 ? Jpeg.SOF0 : marker;
      if (key == Jpeg.DQT || key == Jpeg.DRI || key == Jpeg.SOF0 || key == Jpeg.DHT || key == Jpeg.SOS) {
        known.merge(key, s, key == Jpeg.DQT || key == Jpeg.DHT ? JpegFrame::concat : (a, c) -> c);
      } else {
        others.writeBytes(s);
      }
      i += 2 + length;
      if (marker == Jpeg.SOS) {
        break; // the SOS ends the extension's headers
      }
    }
  }

  private static byte[] segment(int marker, byte[] body) {
    byte[] s = new byte[4 + body.length];
    s[0] = (byte) 0xff;
    s[1] = (byte) marker;
    s[2] = (byte) ((body.length + 2) >> 8);
    s[3] = (byte) (body.length + 2);
    System.arraycopy(body, 0, s, 4, body.length);
    return s;
  }

  @Override
  protected boolean isKey(List<ByteBuf> units) {
    return true;
  }

  @Override
  protected void dropFragment() {
    if (scan != null) {
      scan.release();
      scan = null;
    }
  }

  @Override
  protected boolean fragmentPending() {
    return scan != null;
  }
}
