package io.livepoint.media.cmaf;

import io.netty.buffer.ByteBuf;
import java.util.List;
import java.util.Set;

/**
 * One CMAF chunk as cut from an ingest stream: every top-level box since the previous chunk up to and
 * including this chunk's mdat (styp, prft, emsg..., moof, mdat) in one buffer.
 *
 * @param data the chunk bytes; ownership passes to the receiver
 * @param fragment what its moof says
 * @param segmentBrands brands of a styp in this chunk, empty when none
 * @param prft its producer reference time, or null
 * @param events its emsg boxes
 */
public record CmafChunk(ByteBuf data, FragmentInfo fragment, Set<String> segmentBrands,
    ProducerReferenceTime prft, List<EventMessage> events) {

  public CmafChunk {
    segmentBrands = Set.copyOf(segmentBrands);
    events = List.copyOf(events);
  }

  /** Whether a styp in this chunk carries {@code brand}. */
  public boolean hasBrand(String brand) {
    return segmentBrands.contains(brand);
  }

  /** Whether a styp labels this chunk as the start of a segment (a styp without the cmfl chunk brand). */
  public boolean startsSegment() {
    return !segmentBrands.isEmpty() && !segmentBrands.contains(SegmentType.CMFL);
  }
}
