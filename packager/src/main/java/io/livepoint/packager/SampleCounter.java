package io.livepoint.packager;

import io.livepoint.media.box.Box;
import io.livepoint.media.box.BoxFormatException;
import io.livepoint.media.box.BoxTypes;
import io.livepoint.media.box.Boxes;
import io.livepoint.media.cmaf.CmafException;
import io.livepoint.media.cmaf.FragmentInfo;
import io.netty.buffer.ByteBuf;

/**
 * Counts the samples of a CMAF chunk (every trun of every moof): enough to state a video frame rate,
 * which no header box carries.
 */
final class SampleCounter {
  private SampleCounter() {}

  /** Samples in the boxes of {@code chunk} (readable bytes, left unchanged); 0 when malformed. */
  static long count(ByteBuf chunk) {
    try {
      long n = 0;
      for (Box moof : Boxes.all(chunk, BoxTypes.MOOF)) {
        n += FragmentInfo.parse(moof.data(), null).sampleCount();
      }
      return n;
    } catch (CmafException | BoxFormatException e) {
      return 0; // ingest validated it; a manifest just leaves the frame rate out
    }
  }
}
