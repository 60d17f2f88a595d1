package io.livepoint.media.scte35;

/**
 * A splice_insert() command (SCTE 35 9.7.3).
 *
 * @param eventId splice_event_id
 * @param cancel splice_event_cancel_indicator: a previously sent event is withdrawn
 * @param outOfNetwork out_of_network_indicator: leaving the network feed (a break starts) rather than returning
 * @param immediate splice_immediate_flag
 * @param pts pts_time of the program splice (90 kHz, before pts_adjustment), null when immediate or per component
 * @param breakDuration break_duration (90 kHz), null when absent
 * @param autoReturn break_duration's auto_return
 */
public record SpliceInsert(long eventId, boolean cancel, boolean outOfNetwork, boolean immediate, Long pts,
    Long breakDuration, boolean autoReturn) {

  static SpliceInsert read(Bits b) {
    long id = b.read(32);
    boolean cancel = b.flag();
    b.skip(7);
    if (cancel) {
      return new SpliceInsert(id, true, false, false, null, null, false);
    }
    boolean out = b.flag();
    boolean program = b.flag();
    boolean hasDuration = b.flag();
    boolean immediate = b.flag();
    b.skip(4); // event_id_compliance_flag and reserved bits
    Long pts = null;
    if (program && !immediate) {
      pts = SpliceInfoSection.spliceTime(b);
    }
    if (!program) {
      int components = (int) b.read(8);
      for (int i = 0; i < components; i++) {
        b.skip(8); // component_tag
        if (!immediate) {
          SpliceInfoSection.spliceTime(b);
        }
      }
    }
    Long duration = null;
    boolean autoReturn = false;
    if (hasDuration) {
      autoReturn = b.flag();
      b.skip(6);
      duration = b.read(33);
    }
    b.skip(32); // unique_program_id, avail_num, avails_expected
    return new SpliceInsert(id, false, out, immediate, pts, duration, autoReturn);
  }
}
