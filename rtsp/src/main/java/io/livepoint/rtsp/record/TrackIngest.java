package io.livepoint.rtsp.record;

import io.livepoint.core.Chunk;
import io.livepoint.core.ChunkRejectedException;
import io.livepoint.core.Clock;
import io.livepoint.core.MediaTime;
import io.livepoint.core.Track;
import io.livepoint.core.TrackHeader;
import io.livepoint.media.box.Box;
import io.livepoint.media.box.Boxes;
import io.livepoint.media.box.FourCC;
import io.livepoint.media.cmaf.CmafException;
import io.livepoint.media.cmaf.CmafHeader;
import io.livepoint.media.cmaf.CmafWriter;
import io.livepoint.media.cmaf.FragmentInfo;
import io.livepoint.media.cmaf.TrackInfo;
import io.livepoint.media.codec.CodecConfig;
import io.livepoint.media.rtp.AccessUnit;
import io.livepoint.media.rtp.CmafTrackSink;
import io.livepoint.media.rtp.PayloadFormat;
import io.livepoint.media.rtp.RtpFormatException;
import io.livepoint.media.rtp.RtpPacket;
import io.livepoint.media.rtp.RtpReceiver;
import io.livepoint.media.rtp.SdpMedia;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One received RTP stream into one core track: reorder, depacketize, mux into CMAF chunks and append.
 *
 * <p>Timeline: media time is wall-clock time since the Unix epoch in the track timescale (the stream is
 * anchored at the epoch), so a source that reconnects continues on the same timeline after a gap, and
 * tracks of one session line up. The RTP time that corresponds to "now" is given by {@link #anchor}
 * (RTP-Info of PLAY, common to all tracks of a session) or, failing that, taken from the first access
 * unit as it arrives.
 *
 * <p>Chunks: a chunk is cut before every video key frame (so core can start a segment there on its
 * target-duration grid) and otherwise once it spans {@link #chunkDuration}, for LL-HLS parts and LL-DASH
 * chunks. Video is dropped until the first key frame (a decoder cannot start earlier).
 */
public final class TrackIngest implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TrackIngest.class);
  /** Packets held for reordering. */
  static final int REORDER_PACKETS = 64;

  private final Track track;
  private final SdpMedia media;
  private final int trackId;
  private final Clock clock;
  private final ByteBufAllocator alloc;
  private final Duration chunkDuration;
  private final RtpReceiver receiver;
  private final boolean video;
  private CmafTrackSink sink;
  private TrackInfo info;
  private long timescale;
  private long chunkTicks;
  /** Added to the (extended, rescaled) RTP time to get media time; unset until anchored. */
  private long offset = Long.MIN_VALUE;
  private long anchorRtp = Long.MIN_VALUE;
  private Instant anchorWall;
  private long firstPending = Long.MIN_VALUE;
  private long chunks;
  private boolean closed;

  public TrackIngest(Track track, SdpMedia media, int trackId, Clock clock, ByteBufAllocator alloc,
      Duration chunkDuration) {
    this.track = track;
    this.media = media;
    this.trackId = trackId;
    this.clock = clock;
    this.alloc = alloc;
    this.chunkDuration = chunkDuration;
    this.receiver = new RtpReceiver(media.depacketizer(alloc), REORDER_PACKETS);
    this.video = media.format().media == PayloadFormat.Media.VIDEO;
  }

  public Track track() {
    return track;
  }

  public SdpMedia media() {
    return media;
  }

  /** Chunks appended so far. */
  public long chunks() {
    return chunks;
  }

  /** RTP time {@code rtpTime} (32-bit, from RTP-Info) was presented at {@code wall}. */
  public void anchor(long rtpTime, Instant wall) {
    anchorRtp = rtpTime;
    anchorWall = wall;
  }

  /** Takes one RTP packet as received (the caller keeps ownership of {@code datagram}). */
  public void rtp(ByteBuf datagram) {
    if (closed) {
      return;
    }
    RtpPacket p;
    try {
      p = RtpPacket.parse(datagram);
    } catch (RtpFormatException e) {
      LOG.info("track {}/{}: RTP packet dropped: {}", track.stream().name(), track.id(), e.getMessage());
      return;
    }
    if (p.payloadType() != media.payloadType()) {
      p.release();
      return;
    }
    receiver.receive(p, this::accessUnit);
  }

  private void accessUnit(AccessUnit au) {
    try {
      if (sink == null && !start(au)) {
        au.release();
        return;
      }
      long ts = mediaTime(au.timestamp());
      boolean cutBefore = video ? au.key() && sink.pending() > 0
          : firstPending != Long.MIN_VALUE && ts - firstPending >= chunkTicks;
      if (video && !cutBefore && firstPending != Long.MIN_VALUE && ts - firstPending >= chunkTicks) {
        cutBefore = true;
      }
      sink.add(au.withTimestamp(ts));
      if (cutBefore) {
        emit(sink.fragment(null));
        firstPending = ts;
      } else if (firstPending == Long.MIN_VALUE) {
        firstPending = ts;
      }
    } catch (RuntimeException e) {
      au.release();
      throw e;
    }
  }

  /** Creates the muxer and installs the CMAF header at the first usable access unit. */
  private boolean start(AccessUnit au) {
    if (video && !au.key()) {
      return false; // wait for a key frame (and its in-band parameter sets)
    }
    CodecConfig config;
    ByteBuf header;
    try {
      config = media.codecConfig(au);
      if (config == null) {
        return false;
      }
      header = CmafWriter.header(config, trackId, CmafWriter.timescale(config), alloc);
      info = CmafHeader.parse(header);
    } catch (RtpFormatException | CmafException | IllegalArgumentException e) {
      LOG.info("track {}/{}: no usable codec configuration: {}", track.stream().name(), track.id(), e.getMessage());
      return false;
    }
    sink = new CmafTrackSink(config, trackId, alloc);
    timescale = info.timescale();
    chunkTicks = MediaTime.toTicks(chunkDuration, timescale);
    track.setHeader(new TrackHeader(header, info));
    long rtp = rescale(au.timestamp());
    if (anchorWall != null) {
      long anchorTicks = MediaTime.toTicks(Duration.between(Instant.EPOCH, anchorWall), timescale);
      // The extended timestamp of the first unit keeps its 32-bit value: the anchor is in the same range.
      long d = rescale(au.timestamp()) - rescale(anchorRtp);
      offset = anchorTicks + d - rtp;
      if (Math.abs(d) > 10 * timescale) {
        offset = Long.MIN_VALUE; // RTP-Info far from the stream (wrapped or wrong): use arrival instead
      }
    }
    if (offset == Long.MIN_VALUE) {
      offset = MediaTime.toTicks(Duration.between(Instant.EPOCH, clock.now()), timescale) - rtp;
    }
    LOG.info("track {}/{}: {} {} Hz from RTP", track.stream().name(), track.id(), media.format(), timescale);
    return true;
  }

  private long rescale(long rtpTicks) {
    return timescale == media.clockRate() || media.clockRate() == 0 ? rtpTicks
        : rtpTicks * timescale / media.clockRate();
  }

  private long mediaTime(long rtpTicks) {
    return rescale(rtpTicks) + offset;
  }

  private void emit(ByteBuf fragment) {
    if (fragment == null) {
      return;
    }
    FragmentInfo f;
    try {
      Box moof = Boxes.first(fragment, FourCC.of("moof"));
      f = FragmentInfo.parse(moof.data(), info);
    } catch (CmafException | RuntimeException e) {
      fragment.release();
      LOG.warn("track {}/{}: muxed fragment unreadable: {}", track.stream().name(), track.id(), e.getMessage());
      return;
    }
    Chunk chunk = new Chunk(fragment, f.baseMediaDecodeTime(), f.duration(), f.firstSampleSync(),
        f.sequenceNumber(), clock.nanoTime(), null);
    try {
      if (track.append(chunk, Track.Cut.AUTO, false) != null) {
        chunks++;
      }
    } catch (ChunkRejectedException e) {
      LOG.info("track {}/{}: chunk rejected: {}", track.stream().name(), track.id(), e.getMessage());
    }
  }

  /** Delivers what is held and completes the open segment (the source stopped or dropped). */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (sink != null) {
      receiver.flush(au -> {
        if (sink.pending() > 0 || !video || au.key()) {
          sink.add(au.withTimestamp(mediaTime(au.timestamp())));
        } else {
          au.release();
        }
      });
      emit(sink.finish(null));
      sink.close();
      track.completeSegment();
    }
    receiver.close();
  }
}
