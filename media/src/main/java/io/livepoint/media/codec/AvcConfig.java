package io.livepoint.media.codec;

import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.List;

/**
 * AVCDecoderConfigurationRecord (ISO/IEC 14496-15 5.3.3.1), the payload of an {@code avcC} box.
 *
 * @param profile AVCProfileIndication
 * @param compatibility profile_compatibility
 * @param level AVCLevelIndication
 * @param nalLengthSize bytes of each NAL unit length prefix in samples (1, 2 or 4)
 * @param sps sequence parameter set NAL units
 * @param pps picture parameter set NAL units
 */
public record AvcConfig(int profile, int compatibility, int level, int nalLengthSize, List<byte[]> sps,
    List<byte[]> pps) implements CodecConfig {

  /**
   * Parses an avcC payload (the box bytes after its 8-byte header).
   *
   * @throws IndexOutOfBoundsException when truncated
   * @throws IllegalArgumentException when the configuration version is not 1
   */
  public static AvcConfig parse(ByteBuf p) {
    ByteBuf in = p.duplicate();
    int version = in.readUnsignedByte();
    if (version != 1) {
      throw new IllegalArgumentException("avcC configurationVersion " + version);
    }
    int profile = in.readUnsignedByte();
    int compat = in.readUnsignedByte();
    int level = in.readUnsignedByte();
    int lengthSize = (in.readUnsignedByte() & 3) + 1;
    List<byte[]> sps = readSets(in, in.readUnsignedByte() & 0x1f);
    List<byte[]> pps = readSets(in, in.readUnsignedByte());
    return new AvcConfig(profile, compat, level, lengthSize, sps, pps);
  }

  /**
   * A configuration for in-band or SDP parameter sets, with 4-byte NAL unit lengths (what the CMAF muxer
   * writes). Profile, compatibility and level come from the first SPS.
   *
   * @throws IllegalArgumentException when there is no SPS or it is too short
   */
  public static AvcConfig of(List<byte[]> sps, List<byte[]> pps) {
    if (sps.isEmpty() || sps.get(0).length < 4) {
      throw new IllegalArgumentException("an AVC configuration needs an SPS");
    }
    byte[] s = sps.get(0);
    return new AvcConfig(s[1] & 0xff, s[2] & 0xff, s[3] & 0xff, 4, List.copyOf(sps), List.copyOf(pps));
  }

  /** RFC 6381 codecs parameter: {@code avc1.PPCCLL} with the sample entry name (avc1 or avc3). */
  public String codecs(String sampleEntry) {
    return String.format("%s.%02x%02x%02x", sampleEntry, profile, compatibility, level);
  }

  private static List<byte[]> readSets(ByteBuf in, int count) {
    List<byte[]> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      byte[] nal = new byte[in.readUnsignedShort()];
      in.readBytes(nal);
      out.add(nal);
    }
    return List.copyOf(out);
  }
}
