package io.livepoint.media.scte35;

/**
 * A segmentation_descriptor() (SCTE 35 10.3.3).
 *
 * @param eventId segmentation_event_id
 * @param cancel segmentation_event_cancel_indicator
 * @param typeId segmentation_type_id (e.g. 0x34 provider placement opportunity start, 0x35 its end)
 * @param duration segmentation_duration (90 kHz), null when absent
 * @param upidType segmentation_upid_type
 * @param upid segmentation_upid bytes
 */
public record SegmentationDescriptor(long eventId, boolean cancel, int typeId, Long duration, int upidType,
    byte[] upid) {

  /** Whether the type starts a break or opportunity (even ids of the paired range) rather than ending it. */
  public boolean starts() {
    return paired() && typeId % 2 == 0;
  }

  /** Whether the type ends a break or opportunity (odd ids of the paired range). */
  public boolean ends() {
    return paired() && typeId % 2 == 1;
  }

  private boolean paired() {
    return typeId >= Scte35.PAIRED_TYPES_FIRST && typeId <= Scte35.PAIRED_TYPES_LAST;
  }

  /** Reads the descriptor body after its tag, length and 'CUEI' identifier. */
  static SegmentationDescriptor read(Bits b) {
    long id = b.read(32);
    boolean cancel = b.flag();
    b.skip(7);
    if (cancel) {
      return new SegmentationDescriptor(id, true, 0, null, 0, new byte[0]);
    }
    boolean program = b.flag();
    boolean hasDuration = b.flag();
    b.skip(6); // delivery_not_restricted_flag and its restriction flags or reserved bits
    if (!program) {
      int components = (int) b.read(8);
      b.skip(components * 48); // component_tag, reserved, pts_offset
    }
    Long duration = hasDuration ? b.read(40) : null;
    int upidType = (int) b.read(8);
    int upidLength = (int) b.read(8);
    byte[] upid = new byte[upidLength];
    for (int i = 0; i < upidLength; i++) {
      upid[i] = (byte) b.read(8);
    }
    int type = (int) b.read(8);
    // segment_num, segments_expected and the optional sub-segment fields follow; nothing here needs them.
    return new SegmentationDescriptor(id, false, type, duration, upidType, upid);
  }
}
