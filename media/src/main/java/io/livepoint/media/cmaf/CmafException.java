package io.livepoint.media.cmaf;

/** A CMAF header or stream that cannot be taken, with why (the ingest maps the kind to a status code). */
public final class CmafException extends Exception {
  /** Why the input was refused. */
  public enum Kind {
    /** Not valid ISOBMFF/CMAF (bad sizes, missing mandatory boxes, truncated). */
    MALFORMED,
    /** Valid ISOBMFF, but media this server does not handle (unknown or encrypted sample entry, several tracks). */
    UNSUPPORTED,
    /** A fragment arrived before any CMAF header for its track. */
    NO_HEADER,
    /** A box larger than the configured maximum. */
    TOO_LARGE
  }

  private final Kind kind;

  public CmafException(Kind kind, String message) {
    super(message);
    this.kind = kind;
  }

  public CmafException(Kind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  static CmafException malformed(String message) {
    return new CmafException(Kind.MALFORMED, message);
  }

  static CmafException unsupported(String message) {
    return new CmafException(Kind.UNSUPPORTED, message);
  }
}
