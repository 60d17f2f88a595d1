package io.livepoint.media.codec;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * HEVCDecoderConfigurationRecord (ISO/IEC 14496-15 8.3.3.1), the payload of an {@code hvcC} box: the
 * general profile/tier/level fields and the parameter set arrays.
 *
 * @param profileSpace general_profile_space (0..3)
 * @param tierFlag general_tier_flag (false = Main tier)
 * @param profileIdc general_profile_idc
 * @param compatibilityFlags general_profile_compatibility_flags (32 bits, flag 0 in the MSB)
 * @param constraintFlags general_constraint_indicator_flags (6 bytes)
 * @param levelIdc general_level_idc
 * @param nalLengthSize bytes of each NAL unit length prefix in samples
 * @param vps video parameter sets
 * @param sps sequence parameter sets
 * @param pps picture parameter sets
 */
public record HevcConfig(int profileSpace, boolean tierFlag, int profileIdc, int compatibilityFlags,
    byte[] constraintFlags, int levelIdc, int nalLengthSize, List<byte[]> vps, List<byte[]> sps,
    List<byte[]> pps) implements CodecConfig {

  private static final int VPS = 32;
  private static final int SPS = 33;
  private static final int PPS = 34;

  /**
   * Parses an hvcC payload.
   *
   * @throws IndexOutOfBoundsException when truncated
   */
  public static HevcConfig parse(ByteBuf p) {
    ByteBuf in = p.duplicate();
    in.readUnsignedByte(); // configurationVersion (1; 0 written by some early muxers)
    int b = in.readUnsignedByte();
    int compat = in.readInt();
    byte[] constraints = new byte[6];
    in.readBytes(constraints);
    int level = in.readUnsignedByte();
    in.skipBytes(2 + 1 + 1 + 1 + 1 + 2 + 1); // segmentation, parallelism, chroma, depths, frame rate
    int lengthSize = (in.getUnsignedByte(in.readerIndex() - 1) & 3) + 1;
    int arrays = in.readUnsignedByte();
    List<byte[]> vps = new ArrayList<>();
    List<byte[]> sps = new ArrayList<>();
    List<byte[]> pps = new ArrayList<>();
    for (int i = 0; i < arrays; i++) {
      int type = in.readUnsignedByte() & 0x3f;
      int n = in.readUnsignedShort();
      for (int j = 0; j < n; j++) {
        byte[] nal = new byte[in.readUnsignedShort()];
        in.readBytes(nal);
        switch (type) {
          case VPS -> vps.add(nal);
          case SPS -> sps.add(nal);
          case PPS -> pps.add(nal);
          default -> { } // SEI and others are not needed
        }
      }
    }
    return new HevcConfig(b >> 6, (b & 0x20) != 0, b & 0x1f, compat, constraints, level, lengthSize,
        List.copyOf(vps), List.copyOf(sps), List.copyOf(pps));
  }

  /**
   * A configuration for parameter sets (in-band or from SDP) with 4-byte NAL unit lengths; the general
   * profile, tier and level come from the first SPS.
   *
   * @throws IllegalArgumentException when there is no parsable SPS
   */
  public static HevcConfig of(List<byte[]> vps, List<byte[]> sps, List<byte[]> pps) {
    if (sps.isEmpty()) {
      throw new IllegalArgumentException("an HEVC configuration needs an SPS");
    }
    HevcSps s = HevcSps.parse(sps.get(0));
    return new HevcConfig(s.profileSpace(), s.tierFlag(), s.profileIdc(), s.compatibilityFlags(),
        s.constraintFlags(), s.levelIdc(), 4, List.copyOf(vps), List.copyOf(sps), List.copyOf(pps));
  }

  /**
   * RFC 6381 / ISO/IEC 14496-15 Annex E codecs parameter, e.g. {@code hvc1.1.6.L93.B0}: profile space
   * letter and profile, the compatibility flags in reverse bit order as hex, tier and level, then the
   * constraint bytes in hex with trailing zero bytes left out.
   */
  public String codecs(String sampleEntry) {
    StringBuilder s = new StringBuilder(sampleEntry).append('.');
    if (profileSpace > 0) {
      s.append((char) ('A' + profileSpace - 1));
    }
    s.append(profileIdc).append('.');
    s.append(Integer.toHexString(Integer.reverse(compatibilityFlags)).toUpperCase());
    s.append('.').append(tierFlag ? 'H' : 'L').append(levelIdc);
    int last = constraintFlags.length - 1;
    while (last >= 0 && constraintFlags[last] == 0) {
      last--;
    }
    for (int i = 0; i <= last; i++) {
      s.append('.').append(Integer.toHexString(constraintFlags[i] & 0xff).toUpperCase());
    }
    return s.toString();
  }
}
