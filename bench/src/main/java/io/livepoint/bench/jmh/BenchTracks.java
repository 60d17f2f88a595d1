package io.livepoint.bench.jmh;

import io.livepoint.core.Chunk;
import io.livepoint.core.Clock;
import io.livepoint.core.LiveStream;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.StreamSettings;
import io.livepoint.core.Track;
import io.livepoint.core.TrackHeader;
import io.livepoint.media.cmaf.CmafChunk;
import io.livepoint.media.cmaf.CmafLoop;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Real media for the micro-benchmarks: the shared encoder captures, and the bench's FFmpeg track
 * (0.5 s chunks, so LL-HLS parts exist) when {@code ./livepoint bench --jmh} made it; and a live
 * stream filled from them as ingest fills it.
 */
public final class BenchTracks {
  private BenchTracks() {}

  /** The shared test data folder ({@code -Dlivepoint.shared}, else ../shared). */
  public static Path shared() {
    return Path.of(System.getProperty("livepoint.shared", "../shared"));
  }

  /** The low-latency video track: the bench's FFmpeg media ({@code -Dbench.media}), else the 1080p capture. */
  public static Path llVideo() {
    String m = System.getProperty("bench.media");
    if (m != null && Files.exists(Path.of(m, "init.m4s"))) {
      return Path.of(m);
    }
    return shared().resolve("testdata/cmaf/livesim2-testpic_2s_low_delay/LD_1080");
  }

  public static Path captureAudio() {
    return shared().resolve("testdata/cmaf/livesim2-testpic_2s_low_delay/LD_A48");
  }

  /** The files of a track folder: init first, then the numbered segments in order. */
  public static List<Path> files(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      List<Path> all = s.filter(p -> p.getFileName().toString().matches("(init.*|\\d+\\.\\w+)")).sorted((a, b) -> {
        String x = a.getFileName().toString();
        String y = b.getFileName().toString();
        if (x.startsWith("init") != y.startsWith("init")) {
          return x.startsWith("init") ? -1 : 1;
        }
        return Long.compare(number(x), number(y));
      }).toList();
      if (all.size() < 2 || !all.get(0).getFileName().toString().startsWith("init")) {
        throw new IOException(dir + ": needs init* and numbered segments");
      }
      return all;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long number(String f) {
    String d = f.replaceAll("\\D", "");
    return d.isEmpty() ? -1 : Long.parseLong(d);
  }

  /** The files of a track folder concatenated (init + media), as one live upload would carry them. */
  public static byte[] concatenated(Path dir) {
    try {
      java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
      for (Path p : files(dir)) {
        out.write(Files.readAllBytes(p));
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * A stream named {@code name} in {@code registry} whose tracks ({@code id=dir}) hold {@code seconds}
   * of media looped from the recordings (segments as recorded, chunks as recorded), the way ingest
   * appends them.
   */
  public static LiveStream fill(StreamRegistry registry, String name, int seconds, List<String> tracks) {
    LiveStream stream = registry.getOrCreate(name);
    for (String spec : tracks) {
      String id = spec.substring(0, spec.indexOf('='));
      Path dir = Path.of(spec.substring(spec.indexOf('=') + 1));
      List<ByteBuf> bufs = new ArrayList<>();
      try {
        for (Path p : files(dir)) {
          bufs.add(Unpooled.wrappedBuffer(Files.readAllBytes(p)));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      try (CmafLoop loop = CmafLoop.parse(PooledByteBufAllocator.DEFAULT, bufs)) {
        Track t = stream.track(id);
        t.setHeader(new TrackHeader(loop.header().retainedDuplicate(), loop.info()));
        long timescale = loop.info().timescale();
        long end = loop.firstTime() + seconds * timescale;
        for (long k = 0; ; k++) {
          for (int i = 0; i < loop.chunkCount(); i++) {
            long tfdt = loop.playTime(k, i, loop.firstTime(), loop.duration());
            if (tfdt >= end) {
              return stream;
            }
            CmafChunk rec = loop.recorded(i);
            ByteBuf data = loop.play(k, i, loop.firstTime(), loop.duration(), PooledByteBufAllocator.DEFAULT);
            t.append(new Chunk(data, tfdt, rec.fragment().duration(), rec.fragment().firstSampleSync(),
                k * loop.chunkCount() + i + 1, Clock.SYSTEM.nanoTime(), null),
                loop.startsSegment(i) ? Track.Cut.START : Track.Cut.CONTINUE, false);
          }
        }
      } catch (io.livepoint.media.cmaf.CmafException e) {
        throw new IllegalStateException(dir + ": " + e.getMessage(), e);
      } finally {
        bufs.forEach(ByteBuf::release);
      }
    }
    return stream;
  }

  /** A registry whose streams keep {@code window} of 2 s segments. */
  public static StreamRegistry registry(Duration window) {
    StreamSettings s = new StreamSettings(Duration.ofSeconds(2), window, Duration.ofMillis(1500));
    return new StreamRegistry(Clock.SYSTEM, name -> s);
  }
}
