package io.livepoint.media.codec;

/**
 * The fields of an MPEG-4 AudioSpecificConfig (ISO/IEC 14496-3 1.6.2.1) that RTP and the CMAF muxer
 * need: object type, sampling rate, channels and the frame length of GASpecificConfig.
 *
 * @param audioObjectType 2 for AAC-LC, 5 SBR, 29 PS ...
 * @param sampleRate sampling frequency in Hz (of the core codec)
 * @param channels channelConfiguration (0: defined in a program config element)
 * @param frameLength samples per frame: 1024, or 960 when frameLengthFlag is set
 * @param bytes the whole config as given
 */
public record AudioSpecificConfig(int audioObjectType, int sampleRate, int channels, int frameLength,
    byte[] bytes) implements CodecConfig {

  /** samplingFrequencyIndex values 0..12 (Table 1.18). */
  private static final int[] RATES = {96000, 88200, 64000, 48000, 44100, 32000, 24000, 22050, 16000, 12000,
      11025, 8000, 7350};

  /**
   * Parses an AudioSpecificConfig.
   *
   * @throws IllegalArgumentException when truncated or the sampling frequency index is reserved
   */
  public static AudioSpecificConfig parse(byte[] asc) {
    Bits in = new Bits(asc);
    int aot = objectType(in);
    int rate = rate(in);
    int channels = in.read(4);
    if (aot == 5 || aot == 29) { // explicit SBR/PS: extension rate, then the core object type
      rate(in);
      aot = objectType(in);
    }
    int frameLength = 1024;
    if (aot >= 1 && aot <= 4 || aot == 6 || aot == 7 || aot == 17 || aot >= 19 && aot <= 23) {
      frameLength = in.read(1) == 1 ? 960 : 1024;
    }
    return new AudioSpecificConfig(aot, rate, channels, frameLength, asc.clone());
  }

  /** A two-byte AAC config for an object type, one of the 13 indexed rates and a channel configuration. */
  public static byte[] build(int audioObjectType, int sampleRate, int channels) {
    int index = -1;
    for (int i = 0; i < RATES.length; i++) {
      if (RATES[i] == sampleRate) {
        index = i;
      }
    }
    if (index < 0 || audioObjectType > 30) {
      throw new IllegalArgumentException("no two-byte config for " + sampleRate + " Hz / AOT " + audioObjectType);
    }
    int v = audioObjectType << 11 | index << 7 | channels << 3;
    return new byte[] {(byte) (v >> 8), (byte) v};
  }

  private static int objectType(Bits in) {
    int aot = in.read(5);
    return aot == 31 ? 32 + in.read(6) : aot;
  }

  private static int rate(Bits in) {
    int index = in.read(4);
    if (index == 15) {
      return in.read(24);
    }
    if (index >= RATES.length) {
      throw new IllegalArgumentException("reserved samplingFrequencyIndex " + index);
    }
    return RATES[index];
  }

  /** A big-endian bit reader over a byte array. */
  static final class Bits {
    private final byte[] b;
    private int pos;

    Bits(byte[] b) {
      this.b = b;
    }

    int read(int n) {
      int v = 0;
      for (int i = 0; i < n; i++) {
        if (pos >> 3 >= b.length) {
          throw new IllegalArgumentException("AudioSpecificConfig truncated");
        }
        v = v << 1 | (b[pos >> 3] >> (7 - (pos & 7))) & 1;
        pos++;
      }
      return v;
    }
  }
}
