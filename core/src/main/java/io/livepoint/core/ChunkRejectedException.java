package io.livepoint.core;

/**
 * A chunk {@link Track#append} refused. The chunk has been released: the caller owns nothing more.
 */
public final class ChunkRejectedException extends RuntimeException {
  /** Why a chunk was refused. */
  public enum Reason {
    /** The track has no CMAF header (none arrived yet, or the stream was removed meanwhile). */
    NO_HEADER,
    /**
     * The chunk would start a segment (none is open, or the timeline jumped back) but its first sample
     * is not a sync sample: a segment must start independent.
     */
    NOT_INDEPENDENT
  }

  private final Reason reason;

  ChunkRejectedException(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
