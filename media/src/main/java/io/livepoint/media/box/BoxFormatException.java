package io.livepoint.media.box;

/**
 * The bytes are not a well-formed box sequence (bad size, box overrunning its parent, truncated). Unchecked:
 * box readers are called deep inside parsers that translate it into their own error.
 */
public final class BoxFormatException extends RuntimeException {
  private final boolean tooLarge;
  private final int boxType;

  public BoxFormatException(String message) {
    this(message, false, 0);
  }

  public BoxFormatException(String message, boolean tooLarge) {
    this(message, tooLarge, 0);
  }

  /** @param boxType the four-character code of the offending box, 0 when unknown */
  public BoxFormatException(String message, boolean tooLarge, int boxType) {
    super(message);
    this.tooLarge = tooLarge;
    this.boxType = boxType;
  }

  /** The type of the offending box, 0 when unknown. */
  public int boxType() {
    return boxType;
  }

  /** True when the box was well-formed but larger than the configured maximum (HTTP 413, not 400). */
  public boolean tooLarge() {
    return tooLarge;
  }
}
