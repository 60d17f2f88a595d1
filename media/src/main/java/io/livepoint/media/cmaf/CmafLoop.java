package io.livepoint.media.cmaf;

import io.livepoint.media.box.Box;
import io.livepoint.media.box.BoxTypes;
import io.livepoint.media.box.Boxes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A recorded CMAF track played as an endless live track, like a live encoder would produce it: chunk
 * {@code i} of iteration {@code k} is the recorded chunk with its tfdt moved by {@code k} loop periods
 * (and any start offset) and its sequence number continued. Used by the demo stream and by the
 * replaying ingest client. Pure: the caller reads the files and paces the output.
 */
public final class CmafLoop implements AutoCloseable {
  private final ByteBuf header;
  private final TrackInfo info;
  private final List<CmafChunk> chunks;
  private final List<Boolean> segmentStarts;
  private final long firstTime;
  private final long duration;

  private CmafLoop(ByteBuf header, TrackInfo info, List<CmafChunk> chunks, List<Boolean> segmentStarts) {
    this.header = header;
    this.info = info;
    this.chunks = chunks;
    this.segmentStarts = segmentStarts;
    this.firstTime = chunks.get(0).fragment().baseMediaDecodeTime();
    CmafChunk last = chunks.get(chunks.size() - 1);
    this.duration = last.fragment().endTime() - firstTime;
  }

  /**
   * Parses a recorded track: the init segment followed by the media, given as one or more buffers (one
   * per segment file, or a single fragmented MP4). A buffer boundary starts a segment, and so does a
   * styp. The buffers are read, not released.
   */
  public static CmafLoop parse(ByteBufAllocator alloc, List<ByteBuf> files) throws CmafException {
    List<CmafChunk> chunks = new ArrayList<>();
    List<Boolean> starts = new ArrayList<>();
    ByteBuf[] header = new ByteBuf[1];
    TrackInfo known = null;
    try {
      for (ByteBuf file : files) {
        boolean[] first = {true};
        try (CmafStreamParser p = new CmafStreamParser(alloc, Integer.MAX_VALUE, known)) {
          p.feed(file, new CmafStreamParser.Listener() {
            @Override
            public void header(ByteBuf init, TrackInfo info) {
              if (header[0] != null) {
                header[0].release();
              }
              header[0] = init;
            }

            @Override
            public void chunk(CmafChunk chunk) {
              chunks.add(withoutLastSegmentBrand(chunk, alloc));
              starts.add(first[0] || chunk.startsSegment());
              first[0] = false;
            }
          });
          p.end(new CmafStreamParser.Listener() {
            @Override
            public void header(ByteBuf init, TrackInfo info) {
              init.release();
            }

            @Override
            public void chunk(CmafChunk chunk) {
              chunk.data().release();
            }
          });
          known = p.trackInfo();
        }
      }
      if (header[0] == null || chunks.isEmpty()) {
        throw CmafException.malformed("a loop needs a CMAF header and at least one chunk");
      }
      return new CmafLoop(header[0], known, chunks, starts);
    } catch (CmafException | RuntimeException e) {
      if (header[0] != null) {
        header[0].release();
      }
      chunks.forEach(c -> c.data().release());
      throw e;
    }
  }

  /**
   * A loop never ends, so the recording's last segment must not say it is the last: a receiver ends the
   * track on {@code lmsg} (an HLS playlist gets its ENDLIST, players stop loading) at every wrap.
   */
  private static CmafChunk withoutLastSegmentBrand(CmafChunk chunk, ByteBufAllocator alloc) {
    if (!chunk.hasBrand(SegmentType.LMSG)) {
      return chunk;
    }
    SegmentType type = null;
    for (Box top : Boxes.children(chunk.data())) {
      if (top.type() == BoxTypes.STYP) {
        type = SegmentType.parse(top).without(SegmentType.LMSG);
      }
    }
    Set<String> brands = new HashSet<>(chunk.segmentBrands());
    brands.remove(SegmentType.LMSG);
    ByteBuf data = type == null ? chunk.data() : FragmentRewriter.withSegmentType(chunk.data(), type, alloc);
    return new CmafChunk(data, chunk.fragment(), brands, chunk.prft(), chunk.events());
  }

  public TrackInfo info() {
    return info;
  }

  /** The CMAF header bytes (a retained duplicate: the caller releases it). */
  public ByteBuf header() {
    return header.retainedDuplicate();
  }

  public int chunkCount() {
    return chunks.size();
  }

  /** Loop period in the track timescale: from the first chunk's tfdt to the last chunk's end. */
  public long duration() {
    return duration;
  }

  /** tfdt of the first recorded chunk. */
  public long firstTime() {
    return firstTime;
  }

  /** Whether recorded chunk {@code index} starts a segment (a file boundary or a styp). */
  public boolean startsSegment(int index) {
    return segmentStarts.get(index);
  }

  /** The recorded chunk {@code index} (its buffer stays owned by the loop). */
  public CmafChunk recorded(int index) {
    return chunks.get(index);
  }

  /**
   * Chunk {@code index} of a played-out timeline: tfdt = {@code origin + iteration * period +
   * (recorded tfdt - first tfdt)}; sequence numbers continue across iterations. Returns a new buffer
   * the caller owns.
   *
   * @param period ticks between iterations (at least {@link #duration()}; larger leaves a gap)
   */
  public ByteBuf play(long iteration, int index, long origin, long period, ByteBufAllocator alloc) {
    CmafChunk c = chunks.get(index);
    ByteBuf copy = alloc.directBuffer(c.data().readableBytes());
    copy.writeBytes(c.data(), c.data().readerIndex(), c.data().readableBytes());
    long shift = origin + iteration * period - firstTime;
    long seqBase = iteration * chunks.size();
    long firstSeq = chunks.get(0).fragment().sequenceNumber();
    return FragmentRewriter.retime(copy, shift, seq -> seqBase + seq - firstSeq + 1, alloc);
  }

  /** The played-out tfdt of chunk {@code index} in {@code iteration} (see {@link #play}). */
  public long playTime(long iteration, int index, long origin, long period) {
    return origin + iteration * period + chunks.get(index).fragment().baseMediaDecodeTime() - firstTime;
  }

  @Override
  public void close() {
    header.release();
    chunks.forEach(c -> c.data().release());
  }
}
