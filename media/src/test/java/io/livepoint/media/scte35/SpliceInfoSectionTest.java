package io.livepoint.media.scte35;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SpliceInfoSectionTest {
  /** SCTE 35 sample: time_signal with a Provider Placement Opportunity Start segmentation descriptor. */
  static final byte[] TIME_SIGNAL_PO_START = Base64.getDecoder().decode(
      "/DA0AAAAAAAA///wBQb+cr0AUAAeAhxDVUVJSAAAjn/PAAGlmbAICAAAAAAsoKGKNAIAmsnRfg==");
  /** SCTE 35 sample: splice_insert out of network with a break duration and auto return. */
  static final byte[] SPLICE_INSERT_OUT = Base64.getDecoder().decode(
      "/DAvAAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAKAAhDVUVJAAABNWLbowo=");

  @Test
  void timeSignalWithPlacementOpportunityStart() {
    SpliceInfoSection s = SpliceInfoSection.parse(TIME_SIGNAL_PO_START);
    assertEquals(Scte35.TIME_SIGNAL, s.commandType());
    assertFalse(s.encrypted());
    assertEquals(0x072BD0050L, s.timeSignal());
    assertEquals(1, s.segmentations().size());
    SegmentationDescriptor d = s.segmentations().get(0);
    assertEquals(0x4800008EL, d.eventId());
    assertEquals(0x34, d.typeId());
    assertTrue(d.starts());
    assertEquals(0x0001A599B0L, d.duration());
    assertEquals(SpliceInfoSection.Cue.OUT, s.cue());
    assertEquals(0x0001A599B0L, s.duration());
  }

  @Test
  void spliceInsertOutOfNetwork() {
    SpliceInfoSection s = SpliceInfoSection.parse(SPLICE_INSERT_OUT);
    assertEquals(Scte35.SPLICE_INSERT, s.commandType());
    SpliceInsert i = s.spliceInsert();
    assertEquals(0x4800008FL, i.eventId());
    assertTrue(i.outOfNetwork());
    assertFalse(i.immediate());
    assertEquals(0x07369C02EL, i.pts());
    assertEquals(0x0052CCF5L, i.breakDuration());
    assertTrue(i.autoReturn());
    assertEquals(SpliceInfoSection.Cue.OUT, s.cue());
    assertNull(s.timeSignal());
    assertTrue(s.hex().startsWith("0xFC302F"));
  }

  @Test
  void aCorruptedSectionFailsItsCrc() {
    byte[] bad = SPLICE_INSERT_OUT.clone();
    bad[20] ^= 1;
    assertThrows(Scte35FormatException.class, () -> SpliceInfoSection.parse(bad));
    assertThrows(Scte35FormatException.class, () -> SpliceInfoSection.parse(new byte[] {0x00, 0x30, 0x00}));
  }

  /** Mutated and truncated sections only ever fail with the documented exception. */
  @Test
  void fuzzedSectionsFailCleanly() {
    Random r = new Random(35);
    for (int round = 0; round < 20_000; round++) {
      byte[] base = r.nextBoolean() ? TIME_SIGNAL_PO_START : SPLICE_INSERT_OUT;
      byte[] b = java.util.Arrays.copyOf(base, r.nextInt(base.length + 1));
      for (int k = r.nextInt(4); k > 0 && b.length > 0; k--) {
        b[r.nextInt(b.length)] = (byte) r.nextInt(256);
      }
      fixCrc(b, r.nextInt(3) > 0); // mostly with a valid CRC, so the body parser gets garbage to chew on
      try {
        SpliceInfoSection.parse(b);
      } catch (Scte35FormatException expected) {
        // documented failure
      }
    }
  }

  private static void fixCrc(byte[] b, boolean fix) {
    if (!fix || b.length < 7) {
      return;
    }
    int length = Math.min(b.length, 3 + (((b[1] & 0x0F) << 8) | (b[2] & 0xFF)));
    if (length < 7) {
      return;
    }
    int crc = Crc32Mpeg2.of(b, length - 4);
    for (int i = 0; i < 4; i++) {
      b[length - 4 + i] = (byte) (crc >>> (24 - 8 * i));
    }
  }
}
