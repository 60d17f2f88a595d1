package io.livepoint.media.cmaf;

import io.netty.buffer.ByteBuf;

/**
 * One sample of a track fragment: its timing from tfdt/trun and its bytes.
 *
 * @param decodeTime decode time in the track timescale
 * @param compositionOffset presentation time minus decode time (trun sample_composition_time_offset)
 * @param duration in the track timescale
 * @param sync whether it is a sync sample (sample_is_non_sync_sample clear)
 * @param data the sample bytes; owned by the sample ({@link #release()})
 */
public record Sample(long decodeTime, int compositionOffset, long duration, boolean sync, ByteBuf data) {

  /** Presentation time in the track timescale. */
  public long presentationTime() {
    return decodeTime + compositionOffset;
  }

  public void release() {
    data.release();
  }
}
