package io.livepoint.bench.jmh;

import io.livepoint.core.LiveStream;
import io.livepoint.core.Segment;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.Track;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Segment lookup in a track holding a 30 s window (15 segments of 2 s): by media time
 * ({@link Track#segmentAt}, what time-based requests use) and by number ({@link Track#segment}, what
 * every segment and part request does), at times spread over the window.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class SegmentLookupBenchmark {
  private StreamRegistry registry;
  private Track track;
  private long[] times;
  private long[] numbers;
  private int next;

  @Setup
  public void fill() {
    registry = BenchTracks.registry(Duration.ofSeconds(30));
    LiveStream s = BenchTracks.fill(registry, "bench", 60, List.of("v=" + BenchTracks.llVideo()));
    track = s.findTrack("v");
    List<Segment> window = track.segments();
    Segment first = window.get(0);
    Segment last = window.get(window.size() - 1);
    times = new long[1024];
    numbers = new long[1024];
    java.util.Random r = new java.util.Random(42);
    for (int i = 0; i < times.length; i++) {
      times[i] = first.startTime() + (long) (r.nextDouble() * (last.endTime() - first.startTime()));
      numbers[i] = first.number() + r.nextInt((int) (last.number() - first.number() + 1));
    }
  }

  @TearDown
  public void close() {
    registry.close();
  }

  @Benchmark
  public Segment segmentAt() {
    next = (next + 1) & 1023;
    return track.segmentAt(times[next]);
  }

  @Benchmark
  public Segment segmentByNumber() {
    next = (next + 1) & 1023;
    return track.segment(numbers[next]);
  }
}
