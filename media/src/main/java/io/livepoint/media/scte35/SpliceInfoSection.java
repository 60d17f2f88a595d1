package io.livepoint.media.scte35;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A parsed SCTE-35 splice_info_section (SCTE 35 9.6): what a packager needs to signal a splice in DASH and
 * HLS. The section's bytes are kept as received: outputs carry them unchanged.
 *
 * @param bytes the whole section, CRC included
 * @param ptsAdjustment pts_adjustment (90 kHz)
 * @param encrypted encrypted_packet: the command and descriptors cannot be read
 * @param commandType splice_command_type
 * @param spliceInsert the splice_insert() command, or null
 * @param timeSignal the time_signal() pts (90 kHz, before pts_adjustment), or null (other command, or immediate)
 * @param segmentations the segmentation descriptors
 */
public record SpliceInfoSection(byte[] bytes, long ptsAdjustment, boolean encrypted, int commandType,
    SpliceInsert spliceInsert, Long timeSignal, List<SegmentationDescriptor> segmentations) {

  /** How a cue reads for HLS {@code EXT-X-DATERANGE} (RFC 8216 4.3.2.7.1). */
  public enum Cue {
    /** SCTE35-OUT: leaving the network feed, a break or opportunity starts. */
    OUT,
    /** SCTE35-IN: returning to the network feed. */
    IN,
    /** SCTE35-CMD: any other command. */
    CMD
  }

  public SpliceInfoSection {
    bytes = bytes.clone();
    segmentations = List.copyOf(segmentations);
  }

  /** Parses a section, verifying its CRC_32. */
  public static SpliceInfoSection parse(byte[] section) {
    if (section.length < 3 || (section[0] & 0xFF) != Scte35.TABLE_ID) {
      throw new Scte35FormatException("not a splice_info_section (table_id must be 0xFC)");
    }
    int length = 3 + (((section[1] & 0x0F) << 8) | (section[2] & 0xFF));
    if (length > section.length || length < 3 + 11 + 2 + 4) {
      throw new Scte35FormatException("section_length " + (length - 3) + " does not fit " + section.length + " bytes");
    }
    if (Crc32Mpeg2.of(section, length) != 0) {
      throw new Scte35FormatException("CRC_32 mismatch");
    }
    Bits b = new Bits(section, 3, length - 4);
    b.skip(8); // protocol_version
    boolean encrypted = b.flag();
    b.skip(6); // encryption_algorithm
    long ptsAdjustment = b.read(33);
    b.skip(8 + 12); // cw_index, tier
    int commandLength = (int) b.read(12);
    int commandType = (int) b.read(8);
    byte[] whole = java.util.Arrays.copyOf(section, length);
    if (encrypted) {
      return new SpliceInfoSection(whole, ptsAdjustment, true, commandType, null, null, List.of());
    }
    // 0xFFF is the legacy "length not given": then the command is read to its natural end.
    Bits command = commandLength == 0xFFF ? b : b.slice(commandLength);
    SpliceInsert insert = null;
    Long timeSignal = null;
    switch (commandType) {
      case Scte35.SPLICE_INSERT -> insert = SpliceInsert.read(command);
      case Scte35.TIME_SIGNAL -> timeSignal = spliceTime(command);
      case Scte35.SPLICE_NULL, Scte35.BANDWIDTH_RESERVATION -> { }
      default -> {
        if (commandLength == 0xFFF) {
          throw new Scte35FormatException("command type " + commandType + " without a splice_command_length");
        }
      }
    }
    int loopLength = (int) b.read(16);
    Bits loop = b.slice(loopLength);
    List<SegmentationDescriptor> segmentations = new ArrayList<>();
    while (loop.remaining() > 0) {
      int tag = (int) loop.read(8);
      int descriptorLength = (int) loop.read(8);
      Bits d = loop.slice(descriptorLength);
      if (tag == Scte35.SEGMENTATION_DESCRIPTOR && descriptorLength >= 4 && d.read(32) == Scte35.CUEI) {
        segmentations.add(SegmentationDescriptor.read(d)); // a private descriptor with tag 2 is not one
      }
    }
    return new SpliceInfoSection(whole, ptsAdjustment, false, commandType, insert, timeSignal, segmentations);
  }

  /** A splice_time(): pts_time when time_specified_flag is set, else null. */
  static Long spliceTime(Bits b) {
    if (b.flag()) {
      b.skip(6);
      return b.read(33);
    }
    b.skip(7);
    return null;
  }

  /** OUT, IN or CMD, from a splice_insert's direction or a segmentation type's start/end. */
  public Cue cue() {
    if (spliceInsert != null && !spliceInsert.cancel()) {
      return spliceInsert.outOfNetwork() ? Cue.OUT : Cue.IN;
    }
    for (SegmentationDescriptor s : segmentations) {
      if (!s.cancel() && s.starts()) {
        return Cue.OUT;
      }
      if (!s.cancel() && s.ends()) {
        return Cue.IN;
      }
    }
    return Cue.CMD;
  }

  /** The announced break length in 90 kHz ticks (break_duration or segmentation_duration), or null. */
  public Long duration() {
    if (spliceInsert != null && spliceInsert.breakDuration() != null) {
      return spliceInsert.breakDuration();
    }
    for (SegmentationDescriptor s : segmentations) {
      if (s.duration() != null) {
        return s.duration();
      }
    }
    return null;
  }

  /** The section as HLS attribute hex ({@code 0x...}). */
  public String hex() {
    return "0x" + HexFormat.of().withUpperCase().formatHex(bytes);
  }
}
