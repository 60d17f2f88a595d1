package io.livepoint.media.scte35;

/** A splice_info_section that is malformed, truncated or fails its CRC. */
public final class Scte35FormatException extends IllegalArgumentException {
  public Scte35FormatException(String message) {
    super(message);
  }
}
