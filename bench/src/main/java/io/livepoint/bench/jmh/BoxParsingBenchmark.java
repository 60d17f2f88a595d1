package io.livepoint.bench.jmh;

import io.livepoint.media.cmaf.CmafChunk;
import io.livepoint.media.cmaf.CmafException;
import io.livepoint.media.cmaf.CmafStreamParser;
import io.livepoint.media.cmaf.TrackInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Ingest box parsing: {@link CmafStreamParser} cutting a whole recorded track (init + every segment,
 * as one upload carries it) into header and chunks, from a pooled direct buffer, the way ingest feeds
 * it. The {@code bytes} counter is the parse rate in bytes per second (÷ 1e6 for MB/s).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BoxParsingBenchmark {
  /** capture: the livesim2 1080p capture (one chunk per segment); ffmpeg: the bench's 4 Mbit/s track, 0.5 s chunks. */
  @Param({"capture-1080p", "ffmpeg-720p-4M"})
  public String track;

  private ByteBuf upload;

  /** Bytes parsed, reported per second. */
  @State(Scope.Thread)
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  public static class Rate {
    public long bytes;

    @Setup(Level.Iteration)
    public void clear() {
      bytes = 0;
    }
  }

  @Setup
  public void load() {
    Path dir = track.startsWith("capture")
        ? BenchTracks.shared().resolve("testdata/cmaf/livesim2-testpic_2s_low_delay/LD_1080")
        : BenchTracks.llVideo();
    byte[] b = BenchTracks.concatenated(dir);
    upload = PooledByteBufAllocator.DEFAULT.directBuffer(b.length);
    upload.writeBytes(b);
  }

  @TearDown
  public void release() {
    upload.release();
  }

  @Benchmark
  public int parse(Rate rate) throws CmafException {
    int[] chunks = {0};
    CmafStreamParser.Listener l = new CmafStreamParser.Listener() {
      @Override
      public void header(ByteBuf init, TrackInfo info) {
        init.release();
      }

      @Override
      public void chunk(CmafChunk chunk) {
        chunks[0]++;
        chunk.data().release();
      }
    };
    try (CmafStreamParser p = new CmafStreamParser(PooledByteBufAllocator.DEFAULT, 64 << 20, null)) {
      p.feed(upload, l);
      p.end(l);
    }
    rate.bytes += upload.readableBytes();
    return chunks[0];
  }
}
