package io.livepoint.client;

import io.livepoint.media.cmaf.CmafLoop;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A DASH-IF Interface-1 ingest source that replays recorded CMAF tracks as a live encoder would (like
 * the spec's fmp4ingest, 9.2): each track on its own connection, chunks sent when their media time
 * comes (real time) with tfdt re-timed on every loop so the timeline keeps growing.
 */
public final class IngestClient {
  /** How requests carry the track. */
  public enum Mode {
    /** One request per CMAF segment (its chunks streamed as they become due). */
    SEGMENT,
    /** One long chunked request carrying the header and every fragment (FFmpeg -f mp4 style). */
    LONG
  }

  /** How upload paths name a track below the publishing point. */
  public enum Naming {
    /** {@code Streams(name.cmfv)} for every request (ingest 6.2 item 9). */
    STREAMS,
    /** {@code name/init.cmfv}, {@code name/1.cmfv}, ... */
    PATH
  }

  /**
   * @param publishingPoint e.g. {@code http://127.0.0.1:8080/ingest/demo/}
   * @param loops how many times to play the recording (0: until {@code maxDuration})
   * @param maxDuration stop after this much media time (null: after {@code loops})
   * @param userInfo {@code user:password} for HTTP Basic or Digest (whichever the server asks), or null
   * @param tls TLS settings for {@code https://} publishing points
   * @param wallClockOffset null: the timeline starts at the recording's first tfdt; otherwise tfdt is
   *     anchored at the Unix epoch (tfdt / timescale = seconds since 1970 of the wall clock plus this
   *     offset), on a grid of the loop period, so senders started at different times send identical
   *     tfdt (and PATH names) for the same wall-clock instant (like the spec's fmp4ingest)
   */
  public record Options(URI publishingPoint, List<String> tracks, String method, Mode mode, Naming naming,
      boolean realtime, int loops, Duration maxDuration, String userInfo, ClientTls tls, Duration wallClockOffset) {
    public Options {
      tls = tls == null ? ClientTls.DEFAULT : tls;
    }

    /** Plain timeline, default TLS. */
    public Options(URI publishingPoint, List<String> tracks, String method, Mode mode, Naming naming,
        boolean realtime, int loops, Duration maxDuration, String userInfo) {
      this(publishingPoint, tracks, method, mode, naming, realtime, loops, maxDuration, userInfo, null, null);
    }
  }

  private final Options options;

  public IngestClient(Options options) {
    this.options = options;
  }

  /** Sends every track until done; throws when the receiving entity answers an error. */
  public void run() throws Exception {
    List<RecordedTrack> tracks = new ArrayList<>();
    for (String spec : options.tracks()) {
      tracks.add(RecordedTrack.of(spec));
    }
    List<CmafLoop> loops = new ArrayList<>();
    try {
      for (RecordedTrack t : tracks) {
        loops.add(t.load());
      }
      double period = 0;
      double reference = Double.MAX_VALUE;
      for (CmafLoop l : loops) {
        period = Math.max(period, l.duration() / (double) l.info().timescale());
        reference = Math.min(reference, l.firstTime() / (double) l.info().timescale());
      }
      long start = System.nanoTime();
      List<Future<?>> running = new ArrayList<>();
      try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
        try {
          for (int i = 0; i < tracks.size(); i++) {
            TrackSender s = new TrackSender(tracks.get(i), loops.get(i), period, reference, start);
            running.add(pool.submit(() -> {
              s.run();
              return null;
            }));
          }
          for (Future<?> f : running) {
            f.get();
          }
        } catch (ExecutionException e) {
          throw e.getCause() instanceof Exception ex ? ex : e;
        } finally {
          // One track failed, or the caller interrupted us: stop the others too (they sleep in real time).
          running.forEach(f -> f.cancel(true));
        }
      }
    } finally {
      loops.forEach(CmafLoop::close);
    }
  }

  /** Sends one track over one connection. */
  private final class TrackSender {
    private final RecordedTrack track;
    private final CmafLoop loop;
    private final long periodTicks;
    private final double reference;
    private final long startNanos;
    private final long timescale;

    TrackSender(RecordedTrack track, CmafLoop loop, double period, double reference, long startNanos) {
      this.track = track;
      this.loop = loop;
      this.timescale = loop.info().timescale();
      this.periodTicks = Math.round(period * timescale);
      this.reference = reference;
      this.startNanos = startNanos;
      this.origin = options.wallClockOffset() != null ? 0 : loop.firstTime();
      this.firstTfdt = loop.firstTime();
    }

    /** The tfdt iteration 0 of the recording starts at: its own first tfdt, or the epoch when anchored. */
    private final long origin;
    /** The tfdt of the first chunk sent (maxDuration counts from it). */
    private long firstTfdt;
    private long segmentsPerLoop;

    /** Segments started so far (their upload paths are numbered from 1). */
    private long segment;
    /** Whether a request is open and waits for more chunks. */
    private boolean open;

    void run() throws Exception {
      try (HttpUpload up = new HttpUpload(options.publishingPoint(), options.userInfo(), options.tls())) {
        boolean longMode = options.mode() == Mode.LONG;
        if (longMode) {
          up.begin(options.method(), path(-1), contentType());
          writeAndRelease(up, loop.header());
          open = true;
        } else {
          send(up, path(-1), loop.header());
        }
        long k0 = 0;
        int i0 = 0;
        if (anchored()) {
          // The segment that starts at or after now on the epoch grid: every sender picks the same one.
          long now = epochTicks(System.currentTimeMillis());
          k0 = Math.floorDiv(now, periodTicks);
          i0 = -1;
          for (int i = 0; i < loop.chunkCount(); i++) {
            if (loop.startsSegment(i) && loop.playTime(k0, i, origin, periodTicks) >= now) {
              i0 = i;
              break;
            }
          }
          if (i0 < 0) {
            k0++;
            i0 = 0;
          }
          firstTfdt = loop.playTime(k0, i0, origin, periodTicks);
          segmentsPerLoop = 0;
          for (int i = 0; i < loop.chunkCount(); i++) {
            segmentsPerLoop += loop.startsSegment(i) ? 1 : 0;
          }
        }
        for (long k = k0; (options.loops() == 0 || k - k0 < options.loops()) && sendIteration(up, k, k == k0 ? i0 : 0, longMode); k++) {
          // each iteration re-times the recording by one more loop period
        }
        if (open) {
          check(up.end(), longMode ? "long request" : "segment " + segment);
        }
      }
    }

    /**
     * Sends iteration {@code k} of the loop in real time; false when {@code maxDuration} was reached.
     * In per-segment mode every segment start ends the open request and opens the next.
     */
    private boolean sendIteration(HttpUpload up, long k, int from, boolean longMode) throws IOException, InterruptedException {
      for (int i = from; i < loop.chunkCount(); i++) {
        long tfdt = loop.playTime(k, i, origin, periodTicks);
        if (options.maxDuration() != null
            && (tfdt - firstTfdt) / (double) timescale >= options.maxDuration().toNanos() / 1e9) {
          return false;
        }
        if (!longMode && loop.startsSegment(i)) {
          if (open) {
            check(up.end(), "segment " + segment);
          }
          if (anchored()) {
            segment = k * segmentsPerLoop + segmentIndex(i); // the same name for the same time in every sender
          }
          up.begin(options.method(), path(++segment), contentType());
          open = true;
        }
        waitUntil(tfdt + loop.recorded(i).fragment().duration()); // before allocating: it may be interrupted
        writeAndRelease(up, loop.play(k, i, origin, periodTicks, PooledByteBufAllocator.DEFAULT));
      }
      return true;
    }

    private boolean anchored() {
      return options.wallClockOffset() != null;
    }

    /** Media ticks since the epoch of a wall-clock instant, shifted by the offset. */
    private long epochTicks(long epochMillis) {
      long ms = epochMillis + options.wallClockOffset().toMillis();
      return Math.floorDiv(ms, 1000) * timescale + Math.floorMod(ms, 1000) * timescale / 1000; // no overflow at 10 MHz
    }

    /** Segments that start before chunk {@code i} in one loop. */
    private long segmentIndex(int i) {
      long n = 0;
      for (int j = 0; j < i; j++) {
        n += loop.startsSegment(j) ? 1 : 0;
      }
      return n;
    }

    private void send(HttpUpload up, String path, ByteBuf data) throws IOException {
      try {
        up.begin(options.method(), path, contentType());
      } catch (IOException | RuntimeException e) {
        data.release(); // not connected (TLS refused, server gone): the header is not sent
        throw e;
      }
      writeAndRelease(up, data);
      check(up.end(), path);
    }

    private void writeAndRelease(HttpUpload up, ByteBuf data) throws IOException {
      try {
        byte[] b = new byte[data.readableBytes()];
        data.getBytes(data.readerIndex(), b);
        up.chunk(b, 0, b.length);
      } finally {
        data.release();
      }
    }

    private void waitUntil(long endTicks) throws InterruptedException {
      if (!options.realtime()) {
        return;
      }
      if (anchored()) { // due when the wall clock (plus offset) reaches the chunk's end
        long dueMillis = (long) (endTicks * 1000.0 / timescale) - options.wallClockOffset().toMillis();
        long wait = dueMillis - System.currentTimeMillis();
        if (wait > 0) {
          Thread.sleep(wait);
        }
        return;
      }
      double mediaSeconds = endTicks / (double) timescale - reference;
      long dueNanos = startNanos + (long) (mediaSeconds * 1e9);
      long wait = dueNanos - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
      }
    }

    private String path(long segment) {
      String ext = track.extension();
      if (options.naming() == Naming.STREAMS) {
        return "Streams(" + track.name() + ext + ")";
      }
      return track.name() + "/" + (segment < 0 ? "init" : Long.toString(segment)) + ext;
    }

    private String contentType() {
      return switch (loop.info().mediaKind()) {
        case VIDEO -> "video/mp4";
        case AUDIO -> "audio/mp4";
        default -> "application/mp4";
      };
    }

    private void check(int status, String what) throws IOException {
      if (status / 100 != 2) {
        throw new IOException("track " + track.name() + ": " + what + " answered HTTP " + status);
      }
    }
  }
}
