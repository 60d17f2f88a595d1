package io.livepoint.media.rtp;

import java.util.Arrays;

/**
 * ONVIF Streaming 5.1.2.1 JPEG header extension: extra JPEG marker segments (SOF, DQT, DHT, DRI, SOS,
 * APPn...) carried beyond RFC 2435's limits, e.g. a SOF for frames wider or taller than 2040 pixels.
 * Profile 0xFFD8 in the initial packet of a frame, 0xFFFF in later ones; the data is padded with 0xFF
 * to a whole number of words. It may also follow an {@link OnvifReplayExtension}.
 *
 * @param initial whether it is the 0xFFD8 (first packet) form
 * @param data the marker segments, padding included
 */
public record JpegHeaderExtension(boolean initial, byte[] data) {
  public static final int PROFILE_INITIAL = 0xFFD8;
  public static final int PROFILE_CONTINUATION = 0xFFFF;

  public JpegHeaderExtension {
    data = data.clone();
  }

  /** The JPEG extension of a packet (direct or after the ONVIF replay extension), or null. */
  public static JpegHeaderExtension of(RtpPacket p) {
    int profile = p.extensionProfile();
    if (profile == PROFILE_INITIAL || profile == PROFILE_CONTINUATION) {
      return new JpegHeaderExtension(profile == PROFILE_INITIAL, p.extension());
    }
    if (profile == OnvifReplayExtension.PROFILE) {
      byte[] b = p.extension();
      int at = OnvifReplayExtension.LENGTH;
      if (b.length < at + 4) {
        return null;
      }
      int inner = (b[at] & 0xff) << 8 | (b[at + 1] & 0xff);
      if (inner != PROFILE_INITIAL && inner != PROFILE_CONTINUATION) {
        return null;
      }
      int words = (b[at + 2] & 0xff) << 8 | (b[at + 3] & 0xff);
      if (at + 4 + 4 * words > b.length) {
        throw new RtpFormatException("JPEG extension of " + words + " words overruns the ONVIF extension");
      }
      return new JpegHeaderExtension(inner == PROFILE_INITIAL, Arrays.copyOfRange(b, at + 4, at + 4 + 4 * words));
    }
    return null;
  }

  /** Wraps marker segments into extension data, padded with 0xFF to a word boundary. */
  public static JpegHeaderExtension initial(byte[] segments) {
    byte[] padded = Arrays.copyOf(segments, (segments.length + 3) / 4 * 4);
    Arrays.fill(padded, segments.length, padded.length, (byte) 0xff);
    return new JpegHeaderExtension(true, padded);
  }

  public int profile() {
    return initial ? PROFILE_INITIAL : PROFILE_CONTINUATION;
  }

  /** Profile, length and data: the form nested after an ONVIF replay extension. */
  public byte[] nested() {
    byte[] b = new byte[4 + data.length];
    b[0] = (byte) (profile() >> 8);
    b[1] = (byte) profile();
    b[2] = (byte) (data.length / 4 >> 8);
    b[3] = (byte) (data.length / 4);
    System.arraycopy(data, 0, b, 4, data.length);
    return b;
  }
}
