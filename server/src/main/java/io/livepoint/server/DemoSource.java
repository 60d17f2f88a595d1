package io.livepoint.server;

import io.livepoint.core.Chunk;
import io.livepoint.core.Clock;
import io.livepoint.core.LiveStream;
import io.livepoint.core.MediaTime;
import io.livepoint.core.Track;
import io.livepoint.core.TrackHeader;
import io.livepoint.media.cmaf.CmafException;
import io.livepoint.media.cmaf.CmafLoop;
import io.livepoint.media.cmaf.FragmentInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The built-in demo stream: a short CMAF recording (made by tools/make-demo-loop.sh) played as a live
 * encoder would, on an epoch-anchored timeline: each chunk is published when the wall clock passes its
 * end, with tfdt re-timed so that media time = time since 1970. A newcomer sees video at once because
 * the last few seconds are published at start.
 */
final class DemoSource implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DemoSource.class);
  private static final String[] TRACKS = {"video", "audio"};
  private static final Duration BACKFILL = Duration.ofSeconds(6);

  private final LiveStream stream;
  private final Clock clock;
  private final ByteBufAllocator alloc = PooledByteBufAllocator.DEFAULT;
  private final List<Player> players = new ArrayList<>();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "demo-source");
    t.setDaemon(true);
    return t;
  });
  private final Duration period;

  private DemoSource(LiveStream stream, Clock clock, List<CmafLoop> loops) {
    this.stream = stream;
    this.clock = clock;
    Duration longest = Duration.ZERO;
    for (CmafLoop loop : loops) {
      Duration d = MediaTime.toDuration(loop.duration(), loop.info().timescale());
      longest = d.compareTo(longest) > 0 ? d : longest;
    }
    this.period = longest;
    stream.anchorTimeline(Instant.EPOCH); // media time = time since 1970; the backlog must not shift it
    for (int i = 0; i < loops.size(); i++) {
      players.add(new Player(stream.track(TRACKS[i]), loops.get(i)));
    }
  }

  static DemoSource start(LiveStream stream, Clock clock) throws IOException, CmafException {
    List<CmafLoop> loops = new ArrayList<>();
    try {
      for (String name : TRACKS) {
        ByteBuf file = Unpooled.wrappedBuffer(resource("demo/" + name + ".mp4"));
        loops.add(CmafLoop.parse(PooledByteBufAllocator.DEFAULT, List.of(file)));
      }
    } catch (IOException | CmafException | RuntimeException e) {
      loops.forEach(CmafLoop::close);
      throw e;
    }
    DemoSource demo = new DemoSource(stream, clock, loops);
    demo.timer.execute(demo::tick);
    return demo;
  }

  private static byte[] resource(String path) throws IOException {
    try (InputStream in = DemoSource.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IOException("demo media " + path + " missing from the class path");
      }
      return in.readAllBytes();
    }
  }

  /** Publishes every chunk that is due and sleeps until the next one. */
  private void tick() {
    try {
      Instant now = clock.now();
      Instant next = null;
      for (Player p : players) {
        Instant due = p.publishDue(now);
        next = next == null || due.isBefore(next) ? due : next;
      }
      long delay = Math.max(1, Duration.between(clock.now(), next).toMillis());
      timer.schedule(this::tick, delay, TimeUnit.MILLISECONDS);
    } catch (RuntimeException e) {
      LOG.error("demo stream '{}' stopped", stream.name(), e);
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
    try {
      timer.awaitTermination(2, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    players.forEach(p -> p.loop.close());
  }

  /** Plays one recorded track into one live track. */
  private final class Player {
    private final Track track;
    private final CmafLoop loop;
    private final long timescale;
    private final long periodTicks;
    private long iteration = -1;
    private int index;

    Player(Track track, CmafLoop loop) {
      this.track = track;
      this.loop = loop;
      this.timescale = loop.info().timescale();
      this.periodTicks = MediaTime.toTicksCeil(period, timescale);
      track.setHeader(new TrackHeader(loop.header(), loop.info()));
    }

    /** Appends the chunks whose end has passed; returns when the next one is due. */
    Instant publishDue(Instant now) {
      if (iteration < 0) {
        startAt(now.minus(BACKFILL));
      }
      while (true) {
        long end = loop.playTime(iteration, index, 0, periodTicks) + loop.recorded(index).fragment().duration();
        Instant due = Instant.EPOCH.plus(MediaTime.toDuration(end, timescale));
        if (due.isAfter(now)) {
          return due;
        }
        publish(due);
        if (++index == loop.chunkCount()) {
          index = 0;
          iteration++;
        }
      }
    }

    private void startAt(Instant from) {
      long ticks = MediaTime.toTicks(Duration.between(Instant.EPOCH, from), timescale);
      iteration = ticks / periodTicks;
      index = 0;
    }

    private void publish(Instant due) {
      FragmentInfo f = loop.recorded(index).fragment();
      long tfdt = loop.playTime(iteration, index, 0, periodTicks);
      ByteBuf data = loop.play(iteration, index, 0, periodTicks, alloc);
      Instant produced = Instant.EPOCH.plus(MediaTime.toDuration(tfdt, timescale));
      Chunk chunk = new Chunk(data, tfdt, f.duration(), f.firstSampleSync(),
          iteration * loop.chunkCount() + index + 1, clock.nanoTime(), produced);
      try {
        track.append(chunk, Track.Cut.AUTO, false);
      } catch (RuntimeException e) {
        throw new UncheckedIOException(new IOException("demo track " + track.id() + " rejected a chunk", e));
      }
    }
  }
}
