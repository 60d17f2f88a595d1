package io.livepoint.media.codec;

/**
 * The fields of an H.264 sequence parameter set (ITU-T H.264 7.3.2.1.1) a container needs: profile,
 * level, chroma format, bit depths and the cropped picture size.
 */
public record AvcSps(int profileIdc, int constraintFlags, int levelIdc, int chromaFormatIdc, int bitDepthLuma,
    int bitDepthChroma, int width, int height) {

  private static final java.util.Set<Integer> HIGH_PROFILES =
      java.util.Set.of(100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135);

  /**
   * Parses an SPS NAL unit (header included).
   *
   * @throws IllegalArgumentException when truncated or not an SPS
   */
  public static AvcSps parse(byte[] nal) {
    if (nal.length < 4 || (nal[0] & 0x1f) != 7) {
      throw new IllegalArgumentException("not an H.264 SPS");
    }
    Rbsp r = new Rbsp(nal, 1);
    int profile = r.u(8);
    int constraints = r.u(8);
    int level = r.u(8);
    r.ue(); // seq_parameter_set_id
    int chroma = 1;
    boolean separateColourPlane = false;
    int depthLuma = 8;
    int depthChroma = 8;
    if (HIGH_PROFILES.contains(profile)) {
      chroma = r.ue();
      if (chroma == 3) {
        separateColourPlane = r.flag();
      }
      depthLuma = 8 + r.ue();
      depthChroma = 8 + r.ue();
      r.skip(1); // qpprime_y_zero_transform_bypass_flag
      if (r.flag()) { // seq_scaling_matrix_present_flag
        for (int i = 0; i < (chroma != 3 ? 8 : 12); i++) {
          if (r.flag()) {
            scalingList(r, i < 6 ? 16 : 64);
          }
        }
      }
    }
    r.ue(); // log2_max_frame_num_minus4
    int pocType = r.ue();
    if (pocType == 0) {
      r.ue();
    } else if (pocType == 1) {
      r.skip(1);
      r.se();
      r.se();
      int n = r.ue();
      if (n > 255) {
        throw new IllegalArgumentException("num_ref_frames_in_pic_order_cnt_cycle " + n);
      }
      for (int i = 0; i < n; i++) {
        r.se();
      }
    }
    r.ue(); // max_num_ref_frames
    r.skip(1); // gaps_in_frame_num_value_allowed_flag
    int widthMbs = r.ue() + 1;
    int heightMapUnits = r.ue() + 1;
    boolean frameMbsOnly = r.flag();
    if (!frameMbsOnly) {
      r.skip(1); // mb_adaptive_frame_field_flag
    }
    r.skip(1); // direct_8x8_inference_flag
    int width = widthMbs * 16;
    int height = (frameMbsOnly ? 1 : 2) * heightMapUnits * 16;
    if (r.flag()) { // frame_cropping_flag
      int left = r.ue();
      int right = r.ue();
      int top = r.ue();
      int bottom = r.ue();
      boolean mono = chroma == 0 || separateColourPlane;
      int cropX = mono ? 1 : chroma == 3 ? 1 : 2;
      int cropY = (mono ? 1 : chroma == 1 ? 2 : 1) * (frameMbsOnly ? 1 : 2);
      width -= cropX * (left + right);
      height -= cropY * (top + bottom);
    }
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("SPS picture size " + width + "x" + height);
    }
    return new AvcSps(profile, constraints, level, chroma, depthLuma, depthChroma, width, height);
  }

  private static void scalingList(Rbsp r, int size) {
    int last = 8;
    int next = 8;
    for (int j = 0; j < size; j++) {
      if (next != 0) {
        next = (last + r.se() + 256) % 256;
      }
      last = next == 0 ? last : next;
    }
  }
}
