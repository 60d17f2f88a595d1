package io.livepoint.core;

import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;
import java.time.Instant;

/**
 * A CMAF chunk (moof + mdat, with any styp/prft/emsg that preceded it): the unit that arrives on ingest
 * and leaves as an LL-HLS part, an LL-DASH chunk, a MoQ object. Its bytes are stored once; every
 * reader gets a retained duplicate, never a copy.
 */
public final class Chunk {
  private final ByteBuf data;
  /** Kept apart from {@code data}: once released, its pooled memory may belong to another buffer. */
  private final int size;
  private final long baseMediaDecodeTime;
  private final long duration;
  private final boolean independent;
  private final long sequenceNumber;
  private final long arrivalNanos;
  private final Instant producerTime;
  private boolean released;

  /**
   * @param data the chunk bytes; ownership passes to the chunk (released when it leaves the window)
   * @param baseMediaDecodeTime tfdt of the chunk, in the track timescale
   * @param duration sum of its sample durations, in the track timescale
   * @param independent whether its first sample is a sync sample (an LL-HLS INDEPENDENT part)
   * @param sequenceNumber mfhd sequence_number
   * @param arrivalNanos {@link Clock#nanoTime()} when its last byte arrived
   * @param producerTime prft wall-clock time of this chunk, or null
   */
  public Chunk(ByteBuf data, long baseMediaDecodeTime, long duration, boolean independent,
      long sequenceNumber, long arrivalNanos, Instant producerTime) {
    this.data = data;
    this.size = data.readableBytes();
    this.baseMediaDecodeTime = baseMediaDecodeTime;
    this.duration = duration;
    this.independent = independent;
    this.sequenceNumber = sequenceNumber;
    this.arrivalNanos = arrivalNanos;
    this.producerTime = producerTime;
  }

  /**
   * A retained duplicate of the stored bytes; the caller releases it (usually by writing it). Throws
   * {@link IllegalReferenceCountException} once the chunk has left the window: the check and the
   * retain are atomic with {@link #release()}, so a recycled pooled buffer is never retained.
   */
  public synchronized ByteBuf retainedData() {
    if (released) {
      throw new IllegalReferenceCountException(0);
    }
    return data.retainedDuplicate();
  }

  /** Size in bytes (as stored; still answered after the chunk left the window). */
  public int size() {
    return size;
  }

  public long baseMediaDecodeTime() {
    return baseMediaDecodeTime;
  }

  public long duration() {
    return duration;
  }

  public long endTime() {
    return baseMediaDecodeTime + duration;
  }

  public boolean independent() {
    return independent;
  }

  public long sequenceNumber() {
    return sequenceNumber;
  }

  public long arrivalNanos() {
    return arrivalNanos;
  }

  /** prft wall-clock time, or null when the chunk carried none. */
  public Instant producerTime() {
    return producerTime;
  }

  /** Drops the stored copy; called once when the chunk leaves the time-shift window. */
  synchronized void release() {
    if (!released) {
      released = true;
      data.release();
    }
  }
}
