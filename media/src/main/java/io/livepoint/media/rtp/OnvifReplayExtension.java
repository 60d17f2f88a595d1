package io.livepoint.media.rtp;

import java.nio.ByteBuffer;

/**
 * ONVIF Streaming 6.3 replay header extension (profile 0xABAC, 3 words): the NTP wall-clock time of the
 * access unit, clean point, end of a contiguous recording, discontinuity and terminal flags, and the low
 * byte of the PLAY request's CSeq. A JPEG extension (see {@link JpegHeaderExtension}) may follow it.
 */
public record OnvifReplayExtension(long ntpTime, boolean cleanPoint, boolean end, boolean discontinuity,
    boolean terminal, int cseq) {

  /** The extension's "defined by profile" value. */
  public static final int PROFILE = 0xABAC;
  /** Bytes of the extension data (3 words). */
  public static final int LENGTH = 12;

  /** The replay extension of a packet, or null when it has none. */
  public static OnvifReplayExtension of(RtpPacket p) {
    if (p.extensionProfile() != PROFILE) {
      return null;
    }
    byte[] b = p.extension();
    if (b.length < LENGTH) {
      throw new RtpFormatException("ONVIF replay extension of " + b.length + " bytes");
    }
    ByteBuffer in = ByteBuffer.wrap(b);
    long ntp = in.getLong();
    int flags = in.get() & 0xff;
    int cseq = in.get() & 0xff;
    return new OnvifReplayExtension(ntp, (flags & 0x80) != 0, (flags & 0x40) != 0, (flags & 0x20) != 0,
        (flags & 0x10) != 0, cseq);
  }

  /** The 12 extension bytes. */
  public byte[] bytes() {
    ByteBuffer out = ByteBuffer.allocate(LENGTH);
    out.putLong(ntpTime);
    out.put((byte) ((cleanPoint ? 0x80 : 0) | (end ? 0x40 : 0) | (discontinuity ? 0x20 : 0) | (terminal ? 0x10 : 0)));
    out.put((byte) cseq);
    return out.array();
  }

  /** The extension bytes with a JPEG extension (profile and length words included) appended. */
  public byte[] bytesWith(byte[] jpegExtension) {
    byte[] b = new byte[LENGTH + jpegExtension.length];
    System.arraycopy(bytes(), 0, b, 0, LENGTH);
    System.arraycopy(jpegExtension, 0, b, LENGTH, jpegExtension.length);
    return b;
  }
}
