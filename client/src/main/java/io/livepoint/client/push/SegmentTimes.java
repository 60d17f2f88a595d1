package io.livepoint.client.push;

import io.livepoint.media.cmaf.CmafChunk;
import io.livepoint.media.cmaf.CmafException;
import io.livepoint.media.cmaf.CmafHeader;
import io.livepoint.media.cmaf.CmafStreamParser;
import io.livepoint.media.cmaf.TrackInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;

/**
 * The media time a received CMAF segment covers, read from its fragments (tfdt and trun durations) with
 * the track's init segment: what a player checks to see segments join without gaps or overlaps.
 *
 * @param start baseMediaDecodeTime of the first fragment, in the track timescale
 * @param duration sum of the fragments' sample durations
 * @param timescale the track's timescale
 * @param fragments how many fragments (CMAF chunks) the segment held
 */
public record SegmentTimes(long start, long duration, long timescale, int fragments) {

  public long end() {
    return start + duration;
  }

  public double seconds() {
    return (double) duration / timescale;
  }

  /** Parses {@code segment} as a segment of the track {@code init} describes. */
  public static SegmentTimes of(byte[] init, byte[] segment) throws CmafException {
    ByteBuf initBuf = Unpooled.wrappedBuffer(init);
    ByteBuf segBuf = Unpooled.wrappedBuffer(segment);
    TrackInfo info = CmafHeader.parse(initBuf);
    long[] acc = {-1, 0, 0};
    try (CmafStreamParser p = new CmafStreamParser(ByteBufAllocator.DEFAULT, Math.max(1 << 20, segment.length), info)) {
      CmafStreamParser.Listener l = new CmafStreamParser.Listener() {
        @Override
        public void header(ByteBuf data, TrackInfo ignored) {
          data.release();
        }

        @Override
        public void chunk(CmafChunk c) {
          try {
            if (acc[0] < 0) {
              acc[0] = c.fragment().baseMediaDecodeTime();
            }
            acc[1] += c.fragment().duration();
            acc[2]++;
          } finally {
            c.data().release();
          }
        }
      };
      p.feed(segBuf, l);
      p.end(l);
    }
    if (acc[2] == 0) {
      throw new CmafException(CmafException.Kind.MALFORMED, "segment holds no fragment");
    }
    return new SegmentTimes(acc[0], acc[1], info.timescale(), (int) acc[2]);
  }
}
