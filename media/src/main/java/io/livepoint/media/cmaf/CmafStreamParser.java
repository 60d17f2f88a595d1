package io.livepoint.media.cmaf;

import static io.livepoint.media.box.BoxTypes.*;

import io.livepoint.media.box.Box;
import io.livepoint.media.box.BoxFormatException;
import io.livepoint.media.box.BoxFramer;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Splits a CMAF byte stream (one ingest request body, fed in pieces as they arrive) into CMAF headers
 * and chunks. A chunk is emitted the moment its mdat is complete, so a low-latency source is passed on
 * without waiting for the end of the request.
 *
 * <p>What goes where:
 * <ul>
 *   <li>ftyp starts a CMAF header; every box up to and including the moov (livesim2 puts a skip box
 *       between them) forms the header bytes, kept as sent. A moov without ftyp is a header on its own.
 *       A header in the middle of a stream is a new (repeated or changed) header.
 *   <li>styp, prft, emsg and unknown boxes (uuid...) before a moof are kept in that chunk's bytes;
 *       sidx/ssix (an index of the sender's segment layout, wrong once the receiver re-cuts segments)
 *       and free/skip padding are dropped outside the header.
 *   <li>moof + mdat end a chunk, stored in one pooled direct buffer started once the mdat header
 *       arrives: the small boxes before it are copied in, the mdat is written straight into it, and
 *       the buffer grows with the mdat bytes received (up to the size the mdat claims).
 *   <li>mfra (the deprecated end-of-session box, ingest 6.2 item 7) ends the track.
 * </ul>
 *
 * <p>Errors: a moof/mdat before any header is NO_HEADER; bad sizes and broken boxes MALFORMED; a box
 * over the size limit TOO_LARGE; an unsupported header UNSUPPORTED. After an error the parser has
 * released everything and must not be fed again. Not thread-safe: one request, one thread.
 */
public final class CmafStreamParser implements AutoCloseable {
  /** Receives what the parser cuts; ownership of every buffer passes to it. */
  public interface Listener {
    /** A CMAF header: {@code initSegment} holds ftyp (and anything before moov) + moov. */
    void header(ByteBuf initSegment, TrackInfo info);

    /** A complete chunk. */
    void chunk(CmafChunk chunk);

    /** An mfra box: the source ended the track. */
    default void endOfTrack() {}

    /**
     * A fragment came and no header is known: the header the track got since the parser was made (by
     * another request), or null for none. A source may open a segment's request before the request that
     * names its track (a manifest) has arrived.
     */
    default TrackInfo headerSince() {
      return null;
    }
  }

  /** Top-level boxes of a CMAF track stream; other types with absurd sizes are treated as garbage. */
  private static final Set<Integer> STREAM_BOXES = Set.of(FTYP, MOOV, STYP, MOOF, MDAT, PRFT, EMSG, MFRA, SIDX,
      SSIX, FREE, SKIP, UUID, io.livepoint.media.box.FourCC.of("meta"));

  private final ByteBufAllocator alloc;
  private final long maxBoxSize;
  private final BoxFramer framer;
  private TrackInfo info;
  private final List<Box> headerParts = new ArrayList<>();
  private boolean inHeader;
  private final List<Box> prefix = new ArrayList<>();
  private long prefixBytes;
  private FragmentInfo fragment;
  private final Set<String> brands = new HashSet<>();
  private ProducerReferenceTime prft;
  private final List<EventMessage> events = new ArrayList<>();
  private ByteBuf chunkBuffer;
  private Listener listener;
  private boolean failed;

  /**
   * @param maxBoxSize largest box (and largest chunk) accepted
   * @param known the track's header from an earlier request (one segment per request), or null
   */
  public CmafStreamParser(ByteBufAllocator alloc, long maxBoxSize, TrackInfo known) {
    this.alloc = alloc;
    this.maxBoxSize = Math.min(maxBoxSize, Integer.MAX_VALUE - 64);
    this.framer = new BoxFramer(alloc, this.maxBoxSize);
    this.info = known;
    framer.target(this::bufferFor);
  }

  /** The current track header info (the known one, or the last header parsed), or null. */
  public TrackInfo trackInfo() {
    return info;
  }

  /** Whether bytes of an unfinished box or chunk are held. */
  public boolean hasPartial() {
    return framer.hasPartial() || fragment != null || inHeader;
  }

  /**
   * Consumes the readable bytes of {@code piece} (not released, readerIndex unchanged) and reports
   * every header and chunk it completes to {@code l}.
   */
  public void feed(ByteBuf piece, Listener l) throws CmafException {
    if (failed) {
      throw new IllegalStateException("parser already failed");
    }
    listener = l;
    try {
      framer.feed(piece, this::onBox);
    } catch (Abort a) {
      fail();
      throw a.cause;
    } catch (BoxFormatException e) {
      fail();
      // Only a box this stream can carry is "too large"; an unknown type with a huge size is garbage.
      boolean tooLarge = e.tooLarge() && STREAM_BOXES.contains(e.boxType());
      throw new CmafException(tooLarge ? CmafException.Kind.TOO_LARGE : CmafException.Kind.MALFORMED,
          tooLarge ? e.getMessage() : "not a CMAF box stream: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      fail();
      throw e;
    } finally {
      listener = null;
    }
  }

  /** End of input: throws MALFORMED when a box, header or chunk is incomplete. */
  public void end(Listener l) throws CmafException {
    if (failed) {
      return;
    }
    String problem = framer.hasPartial() ? "truncated: body ends " + framer.partialBytes() + " bytes into a box"
        : fragment != null ? "truncated: moof without its mdat at the end"
        : inHeader ? "truncated: ftyp without moov at the end" : null;
    releasePending();
    if (problem != null) {
      fail();
      throw CmafException.malformed(problem);
    }
  }

  /** Releases everything held. */
  @Override
  public void close() {
    releasePending();
    framer.close();
    chunkBuffer = null; // owned by the framer's box in progress, released with it
  }

  private void fail() {
    failed = true;
    close();
  }

  /** The framer asks where a box goes: an mdat after a moof goes behind the chunk's earlier boxes. */
  private ByteBuf bufferFor(int type, int size, int initialCapacity) {
    if (type != MDAT || fragment == null) {
      return alloc.directBuffer(initialCapacity, size);
    }
    long total = prefixBytes + size;
    if (total > maxBoxSize) {
      throw new Abort(new CmafException(CmafException.Kind.TOO_LARGE,
          "chunk of " + total + " bytes exceeds the limit of " + maxBoxSize));
    }
    ByteBuf buf = alloc.directBuffer((int) (prefixBytes + initialCapacity), (int) total);
    for (Box b : prefix) {
      buf.writeBytes(b.data(), b.data().readerIndex(), b.size());
      b.release();
    }
    prefix.clear();
    prefixBytes = 0;
    chunkBuffer = buf;
    return buf;
  }

  private void onBox(Box b) {
    try {
      handle(b);
    } catch (CmafException e) {
      throw new Abort(e);
    } catch (BoxFormatException | IndexOutOfBoundsException | IllegalArgumentException e) {
      throw new Abort(new CmafException(CmafException.Kind.MALFORMED,
          "malformed '" + b.typeName() + "': " + e.getMessage(), e));
    }
  }

  /** Takes ownership of {@code b} (released here on every error). */
  private void handle(Box b) throws CmafException {
    int type = b.type();
    if (type == MDAT) {
      if (fragment == null) {
        b.release();
        throw info == null ? noHeader("mdat") : CmafException.malformed("mdat without a preceding moof");
      }
      ByteBuf data = chunkBuffer;
      chunkBuffer = null;
      CmafChunk chunk = new CmafChunk(data, fragment, brands, prft, events);
      fragment = null;
      brands.clear();
      prft = null;
      events.clear();
      listener.chunk(chunk);
      return;
    }
    if (fragment != null && (type == MOOF || type == MOOV || type == FTYP || type == STYP || type == MFRA)) {
      b.release();
      throw CmafException.malformed("'" + b.typeName() + "' between a moof and its mdat");
    }
    if (type == FTYP) {
      releasePending();
      inHeader = true;
      headerParts.add(b);
      limitHeader();
    } else if (type == MOOV) {
      if (!inHeader) {
        releasePending();
      }
      headerParts.add(b);
      limitHeader();
      installHeader();
    } else if (inHeader) {
      if (type == MOOF || type == MFRA) {
        b.release();
        throw CmafException.malformed("'" + b.typeName() + "' after ftyp before moov");
      }
      headerParts.add(b);
      limitHeader();
    } else if (type == MOOF) {
      if (info == null) {
        info = listener.headerSince();
      }
      if (info == null) {
        b.release();
        throw noHeader("moof");
      }
      try {
        fragment = FragmentInfo.parse(b.data(), info);
      } catch (CmafException e) {
        b.release();
        throw e;
      }
      keep(b);
    } else if (type == MFRA) {
      b.release();
      releasePending();
      listener.endOfTrack();
    } else if (type == STYP) {
      SegmentType st = parseOrRelease(b, () -> SegmentType.parse(b));
      brands.addAll(st.brands());
      keep(b);
    } else if (type == PRFT) {
      prft = parseOrRelease(b, () -> ProducerReferenceTime.parse(b));
      keep(b);
    } else if (type == EMSG) {
      events.add(parseOrRelease(b, () -> EventMessage.parse(b)));
      keep(b);
    } else if (type == SIDX || type == SSIX || type == FREE || type == SKIP) {
      b.release();
    } else {
      keep(b);
    }
  }

  private interface Parse<T> {
    T get();
  }

  private static <T> T parseOrRelease(Box b, Parse<T> p) {
    try {
      return p.get();
    } catch (RuntimeException e) {
      b.release();
      throw e;
    }
  }

  private void keep(Box b) throws CmafException {
    prefix.add(b);
    prefixBytes += b.size();
    if (prefixBytes > maxBoxSize) {
      throw new CmafException(CmafException.Kind.TOO_LARGE,
          "boxes before a chunk's mdat exceed the limit of " + maxBoxSize + " bytes");
    }
  }

  private void limitHeader() throws CmafException {
    long total = 0;
    for (Box p : headerParts) {
      total += p.size();
    }
    if (total > maxBoxSize) {
      throw new CmafException(CmafException.Kind.TOO_LARGE, "CMAF header exceeds " + maxBoxSize + " bytes");
    }
  }

  private void installHeader() throws CmafException {
    int total = 0;
    for (Box p : headerParts) {
      total += p.size();
    }
    ByteBuf init = alloc.directBuffer(total, total);
    for (Box p : headerParts) {
      init.writeBytes(p.data(), p.data().readerIndex(), p.size());
      p.release();
    }
    headerParts.clear();
    inHeader = false;
    TrackInfo parsed;
    try {
      parsed = CmafHeader.parse(init);
    } catch (CmafException e) {
      init.release();
      throw e;
    }
    info = parsed;
    listener.header(init, parsed);
  }

  private CmafException noHeader(String what) {
    return new CmafException(CmafException.Kind.NO_HEADER, what + " before any CMAF header for this track");
  }

  private void releasePending() {
    headerParts.forEach(Box::release);
    headerParts.clear();
    inHeader = false;
    prefix.forEach(Box::release);
    prefix.clear();
    prefixBytes = 0;
    fragment = null;
    brands.clear();
    prft = null;
    events.clear();
  }

  /** Carries a checked parser error out through the framer's callbacks. */
  private static final class Abort extends RuntimeException {
    final CmafException cause;

    Abort(CmafException cause) {
      super(cause.getMessage(), null, false, false);
      this.cause = cause;
    }
  }
}
