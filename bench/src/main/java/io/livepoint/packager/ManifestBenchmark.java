package io.livepoint.packager;

import io.livepoint.bench.jmh.BenchTracks;
import io.livepoint.core.LiveStream;
import io.livepoint.core.StreamRegistry;
import java.time.Duration;
import java.time.Instant;
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
 * MPD and LL-HLS media playlist generation for a live stream holding a 30 s window of real media
 * (the bench's 4 Mbit/s video with 0.5 s chunks, so the playlist lists parts, plus the captured AAC
 * audio): rendering a document from a snapshot (what happens once per stream change), and what a
 * request costs when the document of the current version is already rendered (the cache hit that
 * every other request of that version gets). In this package to reach the package-private writers.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ManifestBenchmark {
  /** The UTCTiming URL a request with a Host header gets. */
  private static final String TIME_URL = "http://127.0.0.1:8080" + PackagerService.TIME_PATH;
  private StreamRegistry registry;
  private LiveStream stream;
  private ManifestCache cache;
  private StreamSnapshot snap;
  private HlsTiming timing;
  private TrackSnapshot video;
  private final MpdWriter mpd = new MpdWriter(PackagerConfig.DEFAULTS);
  private final HlsMediaPlaylistWriter playlist = new HlsMediaPlaylistWriter();
  private final Instant now = Instant.parse("2026-01-01T00:00:00Z");

  @Setup
  public void fill() {
    registry = BenchTracks.registry(Duration.ofSeconds(30));
    stream = BenchTracks.fill(registry, "bench", 40, List.of("v=" + BenchTracks.llVideo(),
        "a=" + BenchTracks.captureAudio()));
    cache = new ManifestCache(PackagerConfig.DEFAULTS);
    snap = cache.snapshot(stream);
    timing = HlsTiming.of(snap, PackagerConfig.DEFAULTS);
    video = timing.track("v");
    if (video == null) {
      throw new IllegalStateException("no video track in the snapshot");
    }
  }

  @TearDown
  public void close() {
    registry.close();
  }

  /** Renders the MPD from a snapshot (once per stream change in the server). */
  @Benchmark
  public String mpdRender() {
    return mpd.write(snap, now, TIME_URL);
  }

  /** Renders the video media playlist with its parts (once per stream change in the server). */
  @Benchmark
  public String hlsPlaylistRender() {
    return playlist.write(snap, timing, video, false);
  }

  /** Per request, version unchanged: the snapshot and the rendered MPD come from the cache. */
  @Benchmark
  public byte[] mpdRequest() {
    StreamSnapshot s = cache.snapshot(stream);
    return cache.document(s, new ManifestCache.Key(stream.name(), OutputPath.Kind.MPD, TIME_URL),
        x -> mpd.write(x, now, TIME_URL));
  }

  /** Per request, version unchanged: the media playlist from the cache. */
  @Benchmark
  public byte[] hlsPlaylistRequest() {
    StreamSnapshot s = cache.snapshot(stream);
    HlsTiming t = HlsTiming.of(s, PackagerConfig.DEFAULTS);
    TrackSnapshot v = t.track("v");
    return cache.document(s, new ManifestCache.Key(stream.name(), OutputPath.Kind.MEDIA_PLAYLIST, "v"),
        x -> playlist.write(x, t, v, false));
  }

  /** A new snapshot of the stream (taken once per change, before the renders). */
  @Benchmark
  public Object snapshot() {
    return StreamSnapshot.of(stream, true, new SampleCounts());
  }
}
