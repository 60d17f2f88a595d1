package io.livepoint.packager;

import io.livepoint.core.Chunk;
import io.livepoint.core.LiveStream;
import io.livepoint.core.ManualClock;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.StreamSettings;
import io.livepoint.core.Track;
import io.livepoint.core.TrackHeader;
import io.livepoint.core.store.ObjectStore;
import io.livepoint.http.Exchange;
import io.livepoint.http.testing.RecordingExchange;
import io.livepoint.media.cmaf.TrackInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A registry filled the way ingest fills it (headers, then chunks with a manual clock), a packager
 * over it, and a single-threaded executor standing in for an event loop.
 */
final class Fixture implements AutoCloseable {
  static final Instant START = Instant.parse("2025-03-01T12:00:00Z");

  final ManualClock clock = new ManualClock(START);
  final StreamRegistry registry;
  final PackagerService packager;
  /** Interface-2 objects the packager serves back (empty unless a test stores some). */
  final ObjectStore objects = new ObjectStore(clock, new ObjectStore.Limits(16 << 20, Duration.ofSeconds(30)));
  final EventExecutor loop = new DefaultEventExecutor();
  private long sequence;

  Fixture() {
    this(StreamSettings.DEFAULTS, PackagerConfig.DEFAULTS);
  }

  Fixture(StreamSettings settings, PackagerConfig config) {
    registry = new StreamRegistry(clock, name -> settings);
    packager = new PackagerService(registry, config, clock, objects);
  }

  static TrackInfo video(int width, int height, String codecs, long avg, long max, List<TrackInfo.Kind> kinds) {
    return new TrackInfo(1, "vide", 90_000, "und", null, codecs.substring(0, 4), codecs, width, height, 0, 0,
        avg, max, kinds, 0, 0);
  }

  static TrackInfo audio(String lang, String codecs, List<TrackInfo.Kind> kinds) {
    return new TrackInfo(2, "soun", 48_000, lang, null, codecs.substring(0, 4), codecs, 0, 0, 48_000, 2,
        0, 0, kinds, 0, 0);
  }

  static TrackInfo text(String lang, String codecs) {
    return text(lang, codecs, List.of());
  }

  static TrackInfo text(String lang, String codecs, List<TrackInfo.Kind> kinds) {
    return new TrackInfo(3, "text", 1000, lang, null, codecs, codecs, 0, 0, 0, 0, 0, 0, kinds, 0, 0);
  }

  /** A track with a header whose bytes are {@code "init:" + id}. */
  Track track(String stream, String id, TrackInfo info) {
    Track t = registry.getOrCreate(stream).track(id);
    t.setHeader(new TrackHeader(buffer(initBytes(id)), info));
    return t;
  }

  static byte[] initBytes(String id) {
    return ("ftyp+moov:" + id).getBytes(StandardCharsets.US_ASCII);
  }

  /**
   * Appends one chunk of {@code samples} samples lasting {@code duration} ticks after advancing the
   * clock by its duration (it arrives when its last sample was produced); returns its bytes.
   */
  byte[] append(Track t, long tfdt, long duration, int samples, boolean startsSegment, Instant producerTime) {
    clock.advance(Duration.ofNanos(duration * 1_000_000_000L / t.header().info().timescale()));
    long seq = ++sequence;
    byte[] bytes = Fmp4.chunk(seq, tfdt, samples, 100 + (int) (seq % 50), (byte) seq);
    boolean appended = t.append(new Chunk(buffer(bytes), tfdt, duration, startsSegment, seq, clock.nanoTime(),
        producerTime), startsSegment, false);
    if (!appended) {
      throw new IllegalStateException("chunk dropped as duplicate");
    }
    return bytes;
  }

  /**
   * Appends {@code segments} segments of {@code chunksPerSegment} chunks of {@code chunkTicks} each,
   * starting at {@code tfdt}; returns the time after the last chunk.
   */
  long feed(Track t, long tfdt, int segments, int chunksPerSegment, long chunkTicks, int samplesPerChunk) {
    for (int s = 0; s < segments; s++) {
      for (int c = 0; c < chunksPerSegment; c++) {
        append(t, tfdt, chunkTicks, samplesPerChunk, c == 0, null);
        tfdt += chunkTicks;
      }
    }
    return tfdt;
  }

  /**
   * A 720p video track "v" of stream "live" with 3 segments of 5 chunks of {@code chunk} ticks, ended:
   * its encoder stopped. The caller restarts it.
   */
  Track endedVideo(long chunk) {
    Track v = track("live", "v", video(1280, 720, "avc1.64001f", 0, 0, List.of()));
    feed(v, 0, 3, 5, chunk, 10);
    v.end();
    return v;
  }

  static ByteBuf buffer(byte[] bytes) {
    ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(bytes.length);
    b.writeBytes(bytes);
    return b;
  }

  LiveStream stream(String name) {
    return registry.get(name);
  }

  /** Sends a request to the packager on the loop, as the server would. */
  RecordingExchange request(HttpMethod method, String uri, HttpHeaders headers) throws Exception {
    RecordingExchange ex = exchange(method, uri, headers);
    handle(ex);
    return ex;
  }

  /** An exchange for {@code uri}, not sent yet (see {@link #handle}). */
  RecordingExchange exchange(HttpMethod method, String uri, HttpHeaders headers) {
    HttpHeaders h = headers != null ? headers : new DefaultHttpHeaders().set("host", "media.example:8080");
    return RecordingExchange.of(loop, method, uri, isTime(uri) ? PackagerService.TIME_PATH : PackagerService.ROUTE, h);
  }

  /** Hands {@code ex} (possibly a wrapper of an exchange made here) to the packager on the loop. */
  void handle(Exchange ex) throws Exception {
    boolean time = isTime(ex.path());
    loop.submit(() -> {
      try {
        (time ? packager.newTimeHandler() : packager.newHandler()).onRequest(ex);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }).get(5, TimeUnit.SECONDS);
  }

  private static boolean isTime(String uri) {
    return uri.startsWith(PackagerService.TIME_PATH);
  }

  RecordingExchange get(String uri) throws Exception {
    return request(HttpMethod.GET, uri, null);
  }

  /** A finished GET. */
  RecordingExchange fetch(String uri) throws Exception {
    return get(uri).awaitDone();
  }

  /** Lets every task queued on the loop so far run. */
  void sync() throws Exception {
    loop.submit(() -> { }).get(5, TimeUnit.SECONDS);
  }

  void onLoop(Runnable r) throws Exception {
    loop.submit(r).get(5, TimeUnit.SECONDS);
  }

  /** Releases all media and stops the loop. */
  @Override
  public void close() {
    registry.close();
    objects.close();
    loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }
}
