package io.livepoint.media.scte35;

/** SCTE-35 wire constants (ANSI/SCTE 35) and the scheme that carries it in DASH and CMAF (SCTE 214). */
public final class Scte35 {
  private Scte35() {}

  /** Event scheme of a binary splice_info_section in emsg / event tracks / MPD EventStreams (SCTE 214-1). */
  public static final String SCHEME_BIN = "urn:scte:scte35:2013:bin";
  /** Scheme of an MPD EventStream whose Events carry the section as {@code <Signal><Binary>} (SCTE 214-1). */
  public static final String SCHEME_XML_BIN = "urn:scte:scte35:2014:xml+bin";
  /** Namespace of the MPD Event payload {@code <Signal><Binary>} (SCTE 214-1). */
  public static final String SIGNAL_NAMESPACE = "http://www.scte.org/schemas/35/2016";

  public static final int TABLE_ID = 0xFC;
  public static final int SPLICE_NULL = 0x00;
  public static final int SPLICE_SCHEDULE = 0x04;
  public static final int SPLICE_INSERT = 0x05;
  public static final int TIME_SIGNAL = 0x06;
  public static final int BANDWIDTH_RESERVATION = 0x07;
  public static final int PRIVATE_COMMAND = 0xFF;
  /** splice_descriptor_tag of a segmentation_descriptor. */
  public static final int SEGMENTATION_DESCRIPTOR = 0x02;
  /** identifier of SCTE's own splice descriptors: 'CUEI'. */
  public static final long CUEI = 0x43554549L;
  /** SCTE-35 times count a 90 kHz clock. */
  public static final long TIMESCALE = 90_000;
  /** segmentation_type_id range where even ids start a break/opportunity and odd ids end it. */
  static final int PAIRED_TYPES_FIRST = 0x22;
  static final int PAIRED_TYPES_LAST = 0x3F;
}
