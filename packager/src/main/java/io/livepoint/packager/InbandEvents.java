package io.livepoint.packager;

import io.livepoint.core.Chunk;
import io.livepoint.core.LiveStream;
import io.livepoint.core.MediaTime;
import io.livepoint.core.Segment;
import io.livepoint.core.TimedEvent;
import io.livepoint.core.Track;
import io.livepoint.media.cmaf.EventMessage;
import io.livepoint.media.cmaf.TrackInfo.MediaKind;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;

/**
 * A stream's timed events re-emitted inband (ingest 6.7: SCTE-35 "as inband emsg where configured"):
 * every media segment of the stream's video tracks (its audio tracks when it has no video) starts with a
 * DASHEventMessageBox v1 for each event of its timeline that is still to come or going on at the segment's
 * start, so a player that joins late learns of a splice that is under way. Players keep one of each id.
 *
 * <p>The boxes of a segment are chosen once, at its first request, and kept with it: a segment's bytes
 * never change under its URL, whatever events arrive later (they go into later segments). They sit after
 * the segment's {@code styp} and before its first {@code moof} (ISO/IEC 23009-1 5.10.3.3.4); trun data
 * offsets count from the moof, so the media stays valid. The stored chunks are not copied: a response is
 * a composite of their retained slices around the boxes.
 */
final class InbandEvents {
  private static final byte[] NONE = new byte[0];
  private static final int STYP = 0x73747970;

  /** The boxes chosen for each segment served so far; entries go with their segments. */
  private final Map<Segment, byte[]> chosen = Collections.synchronizedMap(new WeakHashMap<>());

  /** Whether this track's segments carry the stream's events. */
  static boolean carries(Track track) {
    if (track.header() == null) {
      return false;
    }
    MediaKind kind = track.header().info().mediaKind();
    if (kind == MediaKind.VIDEO) {
      return true;
    }
    if (kind != MediaKind.AUDIO) {
      return false;
    }
    for (Track t : track.stream().playableTracks()) {
      if (t.header().info().mediaKind() == MediaKind.VIDEO) {
        return false;
      }
    }
    return true;
  }

  /**
   * The first chunk of {@code segment} with the event boxes in it, as a new buffer the caller owns
   * (the chunk itself, retained, when there are none).
   *
   * @throws io.netty.util.IllegalReferenceCountException when the chunk left the window
   */
  ByteBuf firstChunk(Segment segment, Chunk first, ByteBufAllocator alloc) {
    byte[] boxes = chosen.computeIfAbsent(segment, InbandEvents::boxes);
    ByteBuf data = first.retainedData();
    if (boxes.length == 0) {
      return data;
    }
    int at = startsWithStyp(data) ? data.getInt(data.readerIndex()) : 0;
    CompositeByteBuf out = alloc.compositeBuffer(3);
    if (at > 0) {
      out.addComponent(true, data.retainedSlice(data.readerIndex(), at));
    }
    out.addComponent(true, Unpooled.wrappedBuffer(boxes));
    out.addComponent(true, data.slice(data.readerIndex() + at, data.readableBytes() - at)); // takes data's reference
    return out;
  }

  private static boolean startsWithStyp(ByteBuf data) {
    if (data.readableBytes() < 8) {
      return false;
    }
    long size = data.getUnsignedInt(data.readerIndex());
    return data.getInt(data.readerIndex() + 4) == STYP && size >= 8 && size <= data.readableBytes();
  }

  /** emsg v1 boxes for the events of the segment's timeline that end at or after its start. */
  private static byte[] boxes(Segment segment) {
    Track track = segment.track();
    LiveStream stream = track.stream();
    if (track.header() == null) {
      return NONE;
    }
    Duration start = MediaTime.toDuration(segment.startTime(), track.header().info().timescale());
    ByteBuf out = Unpooled.buffer();
    try {
      for (TimedEvent e : stream.events()) {
        if (e.timeline() == segment.timeline() && e.end().compareTo(start) >= 0) {
          long duration = e.duration() == TimedEvent.UNKNOWN_DURATION ? 0xFFFFFFFFL : e.duration();
          new EventMessage(1, e.schemeIdUri(), e.value(), e.timescale(), e.presentationTime(), duration, e.id(),
              e.messageData()).write(out);
        }
      }
      byte[] bytes = new byte[out.readableBytes()];
      out.readBytes(bytes);
      return bytes.length == 0 ? NONE : bytes;
    } finally {
      out.release();
    }
  }
}
