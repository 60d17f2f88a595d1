package io.livepoint.media.codec;

/**
 * The fields of an H.265 sequence parameter set (ITU-T H.265 7.3.2.2) a container needs: the general
 * profile_tier_level, chroma format, bit depths and the conformance-window-cropped picture size.
 */
public record HevcSps(int maxSubLayersMinus1, boolean temporalIdNesting, int profileSpace, boolean tierFlag,
    int profileIdc, int compatibilityFlags, byte[] constraintFlags, int levelIdc, int chromaFormatIdc,
    int bitDepthLuma, int bitDepthChroma, int width, int height) {

  /**
   * Parses an SPS NAL unit (2-byte header included).
   *
   * @throws IllegalArgumentException when truncated or not an SPS
   */
  public static HevcSps parse(byte[] nal) {
    if (nal.length < 6 || (nal[0] >> 1 & 0x3f) != 33) {
      throw new IllegalArgumentException("not an H.265 SPS");
    }
    Rbsp r = new Rbsp(nal, 2);
    r.skip(4); // sps_video_parameter_set_id
    int maxSubLayers = r.u(3);
    boolean nesting = r.flag();
    int space = r.u(2);
    boolean tier = r.flag();
    int profile = r.u(5);
    int compat = (int) r.u32();
    byte[] constraints = new byte[6];
    for (int i = 0; i < 6; i++) {
      constraints[i] = (byte) r.u(8);
    }
    int level = r.u(8);
    boolean[] profilePresent = new boolean[maxSubLayers];
    boolean[] levelPresent = new boolean[maxSubLayers];
    for (int i = 0; i < maxSubLayers; i++) {
      profilePresent[i] = r.flag();
      levelPresent[i] = r.flag();
    }
    if (maxSubLayers > 0) {
      r.skip(2 * (8 - maxSubLayers)); // reserved_zero_2bits
    }
    for (int i = 0; i < maxSubLayers; i++) {
      r.skip((profilePresent[i] ? 88 : 0) + (levelPresent[i] ? 8 : 0));
    }
    r.ue(); // sps_seq_parameter_set_id
    int chroma = r.ue();
    if (chroma > 3) {
      throw new IllegalArgumentException("chroma_format_idc " + chroma);
    }
    boolean separate = chroma == 3 && r.flag();
    int width = r.ue();
    int height = r.ue();
    if (r.flag()) { // conformance_window_flag
      int subW = separate || chroma == 0 || chroma == 3 ? 1 : 2;
      int subH = separate || chroma != 1 ? 1 : 2;
      int left = r.ue();
      int right = r.ue();
      int top = r.ue();
      int bottom = r.ue();
      width -= subW * (left + right);
      height -= subH * (top + bottom);
    }
    int depthLuma = 8 + r.ue();
    int depthChroma = 8 + r.ue();
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("SPS picture size " + width + "x" + height);
    }
    return new HevcSps(maxSubLayers, nesting, space, tier, profile, compat, constraints, level, chroma, depthLuma,
        depthChroma, width, height);
  }
}
