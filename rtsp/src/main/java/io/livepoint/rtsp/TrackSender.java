package io.livepoint.rtsp;

import io.livepoint.core.Chunk;
import io.livepoint.core.LiveStream;
import io.livepoint.core.Segment;
import io.livepoint.core.Track;
import io.livepoint.media.cmaf.CmafException;
import io.livepoint.media.cmaf.Sample;
import io.livepoint.media.cmaf.SampleReader;
import io.livepoint.media.rtp.AccessUnit;
import io.livepoint.media.rtp.CmafTrackSource;
import io.livepoint.media.rtp.NtpTime;
import io.livepoint.media.rtp.Packetizer;
import io.livepoint.media.rtp.Rtcp;
import io.livepoint.media.rtp.RtcpPacket;
import io.livepoint.media.rtp.RtpPacket;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.EventLoop;
import io.netty.util.IllegalReferenceCountException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends one track of a session: follows the live track chunk by chunk with the core's futures (no
 * polling), reads each stored chunk's samples (retained slices, no copy), packetizes and stamps them with
 * this sender's payload type, sequence numbers, SSRC and random timestamp offset (RFC 3550 5.1), and
 * makes the RTCP sender reports that map its RTP time to the stream's wall clock. Runs on one event loop.
 */
final class TrackSender {
  private static final Logger LOG = LoggerFactory.getLogger(TrackSender.class);
  /** Largest RTP payload: a 1400-byte packet with the 12-byte header and room for a tunnel. */
  static final int MAX_PAYLOAD = 1388;
  private static final long NONE = Long.MIN_VALUE;

  private final MediaTrack media;
  private final RtpOutput output;
  private final EventLoop loop;
  private final ByteBufAllocator alloc;
  private final Consumer<String> onFailure;
  private final Packetizer packetizer;
  private final long ssrc;
  private final long timestampOffset;
  private int sequence;
  private boolean running;
  private Segment segment;
  private int chunkIndex;
  /** Samples presented before this media time are not sent (a track joining another's start). */
  private long skipBefore;
  private CompletableFuture<?> waiting;
  /** The number of the segment waited for after a complete one, or -1. */
  private long awaitedSegment = -1;
  private boolean atEnd;
  private final Runnable onEnd;
  private long packets;
  private long octets;
  /** The media time the next sender report maps: the newest sample sent, or the start before any. */
  private long reportTime = Long.MIN_VALUE;

  TrackSender(MediaTrack media, RtpOutput output, EventLoop loop, ByteBufAllocator alloc, Random random,
      Consumer<String> onFailure) {
    this(media, output, loop, alloc, random, onFailure, () -> { });
  }

  /** @param onEnd called on the loop when everything of the ended track was sent ({@link #checkEnd}) */
  TrackSender(MediaTrack media, RtpOutput output, EventLoop loop, ByteBufAllocator alloc, Random random,
      Consumer<String> onFailure, Runnable onEnd) {
    this.onEnd = onEnd;
    this.media = media;
    this.output = output;
    this.loop = loop;
    this.alloc = alloc;
    this.onFailure = onFailure;
    this.packetizer = media.source().packetizer(MAX_PAYLOAD, alloc);
    this.ssrc = random.nextInt() & 0xffffffffL;
    this.timestampOffset = random.nextInt() & 0xffffffffL;
    this.sequence = random.nextInt(0x10000);
  }

  MediaTrack media() {
    return media;
  }

  RtpOutput output() {
    return output;
  }

  long ssrc() {
    return ssrc;
  }

  /** The next sequence number to send (RTP-Info seq). */
  int sequence() {
    return sequence & 0xffff;
  }

  /**
   * Chooses where playing starts: the newest independent chunk of the newest segment (for video the
   * newest GOP start, as CMAF chunks that start with a sync sample are marked independent), or,
   * given another track's start on the wall clock, the segment of this track holding that instant,
   * skipping the samples before it. Returns the wall-clock start, or null when the track has no segment.
   */
  Instant seek(Instant anchor) {
    Track track = media.track();
    LiveStream stream = track.stream();
    Segment s = null;
    long from = 0;
    if (anchor != null && stream.availabilityStartTime() != null) {
      from = track.ticks(java.time.Duration.between(stream.availabilityStartTime(), anchor));
      s = track.segmentAt(from);
    }
    int startChunk = 0;
    if (s == null) {
      s = track.segment(track.lastNumber());
      if (s == null) {
        return null;
      }
      if (anchor == null) {
        // The live edge's newest independent chunk (a GOP start in a segment of several): the start-up
        // burst is at most one GOP.
        List<Chunk> chunks = s.chunks();
        for (int i = chunks.size() - 1; i > 0; i--) {
          if (chunks.get(i).independent()) {
            startChunk = i;
            from = chunks.get(i).baseMediaDecodeTime();
            break;
          }
        }
      }
    }
    from = Math.max(from, s.startTime());
    long first = firstPresentation(s, startChunk, from);
    Segment next = track.segment(s.number() + 1);
    if (first == NONE && next != null) {
      // The instant falls after the last sample of its segment (e.g. audio frames straddling video's cut).
      s = next;
      startChunk = 0;
      first = firstPresentation(s, 0, Math.max(from, s.startTime()));
    }
    segment = s;
    chunkIndex = startChunk;
    skipBefore = first == NONE ? from : first;
    return stream.wallClock(track, skipBefore);
  }

  /**
   * The presentation time of the first sample of {@code s} at or after {@code from} among the chunks
   * from index {@code fromChunk} already stored (for a segment's start: its sync sample, whose presentation time follows its decode
   * time by the composition offset), so that RTP-Info and the first sender report name exactly the first
   * packet's timestamp; {@link #NONE} when no stored sample qualifies yet.
   */
  private long firstPresentation(Segment s, int fromChunk, long from) {
    List<Chunk> chunks = s.chunks();
    for (Chunk chunk : chunks.subList(Math.min(fromChunk, chunks.size()), chunks.size())) {
      ByteBuf data;
      try {
        data = chunk.retainedData();
      } catch (IllegalReferenceCountException e) {
        return NONE;
      }
      List<Sample> samples;
      try {
        samples = SampleReader.read(data, media.source().info());
      } catch (CmafException e) {
        return NONE;
      } finally {
        data.release();
      }
      long first = Long.MAX_VALUE;
      for (Sample sample : samples) {
        if (first == Long.MAX_VALUE && sample.presentationTime() >= from) {
          first = sample.presentationTime();
        }
        sample.release();
      }
      if (first != Long.MAX_VALUE) {
        return first;
      }
    }
    return NONE;
  }

  /** RTP-Info rtptime: the timestamp of the first sample sent after {@link #seek}. */
  long startRtpTime() {
    return (media.source().toRtpTime(skipBefore) + timestampOffset) & 0xffffffffL;
  }

  /**
   * Starts sending: first a sender report mapping the first packet's timestamp to its wall-clock time
   * (so a receiver places every packet, the start-up backlog included, on the shared timeline from the
   * first one on), then the stored chunks from the seek point, then the live ones as they come.
   */
  void start(String cname) {
    if (segment == null || running) {
      return;
    }
    running = true;
    reportTime = skipBefore;
    output.rtcp(senderReport(cname));
    pump();
  }

  /** Stops sending (PAUSE, TEARDOWN, a closed connection); waits are given up. */
  void stop() {
    running = false;
    if (waiting != null) {
      waiting.cancel(false);
      waiting = null;
    }
  }

  /** Sends every chunk that is already there, then waits for the next one on this loop. */
  private void pump() {
    while (running) {
      CompletableFuture<Chunk> next = segment.awaitChunk(chunkIndex);
      if (!next.isDone()) {
        waitFor(next, c -> pump());
        return;
      }
      Chunk chunk = next.getNow(null);
      if (chunk == null) {
        nextSegment();
        return;
      }
      chunkIndex++;
      send(chunk);
      if (output.overloaded()) {
        running = false;
        onFailure.accept("client reads too slowly (send queue full)");
        return;
      }
    }
  }

  private void nextSegment() {
    Track track = media.track();
    long number = segment.number() + 1;
    awaitedSegment = number;
    CompletableFuture<Segment> f = track.awaitSegment(number);
    checkEnd();
    waitFor(f, s -> {
      if (s == null) {
        Segment newest = track.segment(track.lastNumber());
        if (newest == null || newest.number() < number) {
          running = false;
          onFailure.accept("track " + track.id() + " is gone");
          return;
        }
        LOG.info("RTSP: track {}/{} fell behind the window, jumping to segment {}", track.stream().name(),
            track.id(), newest.number());
        s = newest;
      }
      awaitedSegment = -1;
      segment = s;
      chunkIndex = 0;
      pump();
    });
  }

  /**
   * Whether everything of an ended track was sent: the sender waits for a segment after the track's
   * last. Tells the session once (it ends with an RTCP BYE when all its tracks are there).
   */
  void checkEnd() {
    Track track = media.track();
    if (running && !atEnd && awaitedSegment >= 0 && track.isEnded() && track.lastNumber() < awaitedSegment) {
      atEnd = true;
      onEnd.run();
    }
  }

  boolean atEnd() {
    return atEnd;
  }

  /** Continues on this sender's event loop once {@code f} completes (never blocks). */
  private <T> void waitFor(CompletableFuture<T> f, Consumer<T> then) {
    waiting = f;
    f.whenComplete((v, e) -> {
      if (e == null) {
        loop.execute(() -> {
          if (running && waiting == f) {
            waiting = null;
            then.accept(v);
          }
        });
      }
    });
  }

  private void send(Chunk chunk) {
    ByteBuf data;
    try {
      data = chunk.retainedData();
    } catch (IllegalReferenceCountException e) {
      return; // left the window meanwhile: the next wait jumps ahead
    }
    List<Sample> samples;
    try {
      samples = SampleReader.read(data, media.source().info());
    } catch (CmafException e) {
      LOG.warn("RTSP: track {} chunk at {} unreadable, skipped: {}", media.track().id(),
          chunk.baseMediaDecodeTime(), e.getMessage());
      return;
    } finally {
      data.release();
    }
    List<RtpPacket> out = new ArrayList<>();
    for (Sample s : samples) {
      try {
        if (s.presentationTime() < skipBefore || !running) {
          continue;
        }
        AccessUnit au = media.source().accessUnit(s);
        try {
          packetizer.packetize(au, out);
        } finally {
          au.release();
        }
        for (int i = 0; i < out.size(); i++) {
          RtpPacket p = out.set(i, null);
          RtpPacket stamped = p.stamped(media.payloadType(), sequence++, timestampOffset, ssrc);
          p.release();
          octets += stamped.payload().readableBytes();
          packets++;
          output.rtp(stamped.encode(alloc));
          stamped.release();
        }
        reportTime = Math.max(reportTime, s.presentationTime());
      } catch (CmafException e) {
        LOG.warn("RTSP: track {} sample at {} malformed, skipped: {}", media.track().id(),
            s.presentationTime(), e.getMessage());
      } finally {
        for (RtpPacket p : out) {
          if (p != null) {
            p.release(); // left over when packetizing failed
          }
        }
        out.clear();
        s.release();
      }
    }
    output.flush();
  }

  /**
   * A sender report (RFC 3550 6.4.1) with CNAME, tying the RTP time of the newest sample sent (or, before
   * any, of the first to be sent) to its wall-clock time on the stream's timeline (shared by all tracks,
   * so players sync audio and video); null before a seek.
   */
  ByteBuf senderReport(String cname) {
    return report(cname, null);
  }

  /**
   * The closing compound: a sender report, CNAME and BYE (RFC 3550 6.6) for this sender's SSRC, sent
   * when the session ends (TEARDOWN, end of stream) so receivers end the source at once rather than by
   * timeout.
   */
  ByteBuf goodbye(String cname, String reason) {
    return report(cname, new RtcpPacket.Goodbye(List.of(ssrc), reason));
  }

  private ByteBuf report(String cname, RtcpPacket.Goodbye bye) {
    if (reportTime == Long.MIN_VALUE) {
      return null;
    }
    Instant wall = media.track().stream().wallClock(media.track(), reportTime);
    long ntp = NtpTime.fromUnixMicros(wall.getEpochSecond() * 1_000_000L + wall.getNano() / 1000);
    long rtp = (media.source().toRtpTime(reportTime) + timestampOffset) & 0xffffffffL;
    List<RtcpPacket> compound = new ArrayList<>(3);
    compound.add(new RtcpPacket.SenderReport(ssrc, ntp, rtp, packets, octets, List.of()));
    compound.add(RtcpPacket.SourceDescription.cname(ssrc, cname));
    if (bye != null) {
      compound.add(bye);
    }
    ByteBuf b = alloc.buffer(96 + cname.length());
    Rtcp.write(compound, b);
    return b;
  }
}
