package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.client.push.PushClient;
import io.livepoint.client.push.PushReport;
import io.livepoint.client.push.PushedResource;
import io.livepoint.client.push.SegmentTimes;
import io.livepoint.core.Chunk;
import io.livepoint.core.Segment;
import io.livepoint.core.Track;
import io.livepoint.testkit.Peer;
import io.livepoint.testkit.Tools;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ISO/IEC 23009-6 DASH server push over HTTP/2 with real peers: nghttp receives every push type over h2c
 * and h2/TLS with bodies byte-identical to GETs; the JDK client plays the demo stream by push alone for
 * 20 s; cancel (RST_STREAM, push-none, push disabled) and downgrade; HTTP/1.1 unaffected.
 */
@Tag("it")
class PushIT {
  private static final String U = "urn:mpeg:dash:fdh:2016:";
  private static final Pattern SEGMENT = Pattern.compile("/live/demo/(\\w+)/(\\d+)\\.m4s");
  private static LiveServerFixture live;
  private static final HttpClient HTTP1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void start() throws Exception {
    Tools.require("nghttp");
    live = new LiveServerFixture("demo.enabled", "true");
    live.awaitLive("demo", 2, 3, Duration.ofSeconds(15));
  }

  @AfterAll
  static void stop() {
    if (live != null) {
      live.close();
    }
  }

  private static String mpdUrl() {
    return live.base() + "/live/demo/index.mpd";
  }

  private static Track track(String id) {
    return live.server.registry().get("demo").findTrack(id);
  }

  /** nghttp with a directive on the MPD: its trace, after every push ended. */
  private static NghttpTrace nghttp(String url, String directive, String... extra) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("nghttp", "-v", "-n", "--hexdump"));
    cmd.addAll(List.of(extra));
    if (directive != null) {
      cmd.addAll(List.of("-H", "Accept-Push-Policy: " + directive));
    }
    cmd.add(url);
    Peer.Result r = Peer.run(Duration.ofSeconds(40), cmd.toArray(String[]::new));
    assertEquals(0, r.exitCode(), "nghttp failed: " + tail(r.output()));
    return new NghttpTrace(r.output());
  }

  private static String tail(String s) {
    return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
  }

  private static byte[] get(String path) throws Exception {
    HttpResponse<byte[]> r = HTTP1.send(HttpRequest.newBuilder(URI.create(live.base() + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), path);
    return r.body();
  }

  /** Every pushed stream answered 200 with the bytes a plain HTTP/1.1 GET of its path gives. */
  private static void assertPushesMatchGets(NghttpTrace t) throws Exception {
    for (Map.Entry<Integer, String> p : t.promised.entrySet()) {
      assertEquals("200", t.header(p.getKey(), ":status"), p.getValue() + " " + t);
      byte[] pushed = t.body(p.getKey());
      assertTrue(pushed.length > 0, p.getValue() + " pushed no bytes");
      assertArrayEquals(get(p.getValue()), pushed, p.getValue() + ": pushed body differs from GET");
    }
  }

  private static void assertAck(NghttpTrace t, String expected) {
    assertEquals(expected, t.header(t.requestStream(), "push-policy"), t.toString());
  }

  @Test
  void nghttpReceivesEveryPushTypeOverH2cByteIdenticalToGet() throws Exception {
    NghttpTrace none = nghttp(mpdUrl(), U + "push-none");
    assertAck(none, U + "push-none");
    assertTrue(none.promised.isEmpty(), none.toString());

    NghttpTrace next = nghttp(mpdUrl(), U + "push-next;2");
    assertAck(next, U + "push-next;2");
    assertEquals(4, next.promised.size(), next.toString());
    assertConsecutivePerTrack(next.promised.values(), 2);
    assertPushesMatchGets(next);

    NghttpTrace time = nghttp(mpdUrl(), U + "push-time;4");
    assertAck(time, U + "push-time;4");
    assertEquals(4, time.promised.size(), "4 s of 2 s segments on 2 tracks: " + time);
    assertPushesMatchGets(time);

    NghttpTrace list = nghttp(mpdUrl(), U + "push-list;\"video/init.mp4\";\"audio/init.mp4\"");
    assertAck(list, U + "push-list;\"video/init.mp4\";\"audio/init.mp4\"");
    assertEquals(List.of("/live/demo/video/init.mp4", "/live/demo/audio/init.mp4"), List.copyOf(list.promised.values()));
    assertPushesMatchGets(list);

    long last = track("video").lastNumber();
    String template = U + "push-template;\"video/$Number$.m4s\";" + (last - 2) + "-" + last;
    NghttpTrace tpl = nghttp(mpdUrl(), template);
    assertAck(tpl, template);
    assertEquals(List.of("/live/demo/video/" + (last - 2) + ".m4s", "/live/demo/video/" + (last - 1) + ".m4s",
        "/live/demo/video/" + last + ".m4s"), List.copyOf(tpl.promised.values()));
    assertPushesMatchGets(tpl);

    NghttpTrace fast = nghttp(mpdUrl(), U + "fast-start;1");
    assertAck(fast, U + "fast-start;1");
    List<String> paths = List.copyOf(fast.promised.values());
    assertEquals(4, paths.size(), fast.toString());
    assertEquals(List.of("/live/demo/video/init.mp4", "/live/demo/audio/init.mp4"), paths.subList(0, 2));
    assertPushesMatchGets(fast);

    // The research client's header name, on a segment request: the next segment of the same track.
    long n = track("video").lastNumber();
    Peer.Result alt = Peer.run(Duration.ofSeconds(30), "nghttp", "-v", "-n", "--hexdump", "-H",
        "PushDirective: " + U + "push-next;1", live.base() + "/live/demo/video/" + n + ".m4s");
    NghttpTrace seg = new NghttpTrace(alt.output());
    assertAck(seg, U + "push-next;1");
    assertEquals(List.of("/live/demo/video/" + (n + 1) + ".m4s"), List.copyOf(seg.promised.values()));
    assertPushesMatchGets(seg);
  }

  @Test
  void nghttpReceivesPushesOverTls() throws Exception {
    String url = "https://127.0.0.1:" + live.server.httpsPort() + "/live/demo/index.mpd";
    NghttpTrace next = nghttp(url, U + "push-next;1");
    assertAck(next, U + "push-next;1");
    assertEquals(2, next.promised.size(), next.toString());
    assertPushesMatchGets(next);
    NghttpTrace fast = nghttp(url, U + "fast-start;1;\"video\"");
    assertAck(fast, U + "fast-start;1;\"video\"");
    assertEquals(List.of("/live/demo/video/init.mp4"), List.copyOf(fast.promised.values()).subList(0, 1));
    assertEquals(2, fast.promised.size(), fast.toString());
    assertPushesMatchGets(fast);
  }

  @Test
  void downgradesAreAcked() throws Exception {
    // One URL names no output of this stream: the others are pushed, the ack lists what was applied.
    NghttpTrace list = nghttp(mpdUrl(), U + "push-list;\"../other/index.mpd\";\"video/init.mp4\";\"audio/init.mp4\"");
    assertAck(list, U + "push-list;\"video/init.mp4\";\"audio/init.mp4\"");
    assertEquals(2, list.promised.size());
    assertPushesMatchGets(list);
    // More than push.maxStreams (32) on two tracks: 16 segments each.
    try (HttpClient h2 = PushClient.http2().build()) {
      PushReport r = new PushClient(h2, System::nanoTime).run(URI.create(mpdUrl()), U + "push-next;100",
          Duration.ofSeconds(3), p -> { });
      assertEquals(U + "push-next;16", r.ack());
      assertEquals(32, r.pushed().size());
      h2.shutdownNow();
    }
    // A malformed directive is not an error: the MPD is served, the ack says nothing is pushed.
    NghttpTrace bad = nghttp(mpdUrl(), U + "push-next;zero");
    assertEquals("200", bad.header(bad.requestStream(), ":status"));
    assertAck(bad, U + "push-none");
    assertTrue(bad.promised.isEmpty());
    // fast-start on a segment request does not apply.
    NghttpTrace seg = nghttp(live.base() + "/live/demo/video/init.mp4", U + "fast-start;1");
    assertAck(seg, U + "push-none");
  }

  @Test
  void noPushWhenTheClientDisabledIt() throws Exception {
    NghttpTrace t = nghttp(mpdUrl(), U + "push-next;2", "--no-push");
    assertAck(t, U + "push-none");
    assertTrue(t.promised.isEmpty(), t.toString());
  }

  @Test
  void http11ClientsAreUnaffected() throws Exception {
    HttpResponse<byte[]> plain = HTTP1.send(HttpRequest.newBuilder(URI.create(mpdUrl())).build(),
        HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, plain.statusCode());
    assertTrue(plain.headers().firstValue("push-policy").isEmpty(), "no ack without a directive");
    assertTrue(new String(plain.body()).contains("<MPD"));
    HttpResponse<byte[]> asked = HTTP1.send(HttpRequest.newBuilder(URI.create(mpdUrl()))
        .header("Accept-Push-Policy", U + "push-next;2").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, asked.statusCode());
    assertEquals(U + "push-none", asked.headers().firstValue("push-policy").orElse(null));
    String init = "/live/demo/video/init.mp4";
    HttpResponse<byte[]> seg = HTTP1.send(HttpRequest.newBuilder(URI.create(live.base() + init))
        .header("Accept-Push-Policy", U + "push-next;2").build(), HttpResponse.BodyHandlers.ofByteArray());
    assertArrayEquals(get(init), seg.body());
  }

  /**
   * The client refuses one promise (the JDK client resets it): the server stops the whole strategy at
   * once. The segments after the refused one would otherwise arrive within the run (2 s apart); none does.
   * (The JDK client leaves a push reset before its response headers pending, so the run ends at its
   * timeout: what is checked is that nothing after the refusal was delivered.)
   */
  @Test
  void rejectedPromiseStopsTheStrategy() throws Exception {
    int[] promises = {0};
    PushReport r = new PushClient(PushClient.http2().build(), System::nanoTime)
        .run(URI.create(mpdUrl()), U + "push-next;5", Duration.ofSeconds(12), path -> ++promises[0] != 3, p -> { });
    assertEquals(U + "push-next;5", r.ack());
    assertEquals(10, promises[0]);
    long refused = number(r.pushed().get(0).path()) + 1; // the third promise: video, the segment after the edge
    List<String> late = r.pushed().stream().filter(p -> number(p.path()) > refused && p.complete())
        .map(PushedResource::path).toList();
    assertTrue(late.isEmpty(), "pushed after a promise was refused: " + late);
  }

  /** A push-none directive on the same connection stops a running strategy at once. */
  @Test
  void pushNoneDirectiveCancelsRunningPushes() throws Exception {
    try (HttpClient h2 = PushClient.http2().build()) {
      PushClient client = new PushClient(h2, System::nanoTime);
      AtomicReference<PushReport> first = new AtomicReference<>();
      Thread t = Thread.ofVirtual().start(() -> {
        try {
          first.set(client.run(URI.create(mpdUrl()), U + "push-next;6", Duration.ofSeconds(14), p -> { }));
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
      });
      Thread.sleep(1000);
      HttpResponse<String> cancel = h2.send(HttpRequest.newBuilder(URI.create(mpdUrl()))
          .header("Accept-Push-Policy", U + "push-none").build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(200, cancel.statusCode());
      assertEquals(HttpClient.Version.HTTP_2, cancel.version());
      assertEquals(U + "push-none", cancel.headers().firstValue("push-policy").orElse(null));
      t.join(30_000);
      PushReport r = first.get();
      assertEquals(12, r.pushed().size());
      long edge = number(r.pushed().get(0).path());
      // Segments two or more after the edge start after the cancel; without it they all arrive in 14 s.
      List<String> late = r.pushed().stream().filter(p -> number(p.path()) >= edge + 2 && p.complete())
          .map(PushedResource::path).toList();
      assertTrue(late.isEmpty(), "pushed after push-none: " + late);
      h2.shutdownNow();
    }
  }

  @Test
  void jdkClientOverTlsReceivesPushesFromTheSelfSignedServer() throws Exception {
    SSLContext ssl = trusting(serverCertificate("localhost", live.server.httpsPort()));
    HttpClient h2 = PushClient.http2().sslContext(ssl).build();
    PushReport r = new PushClient(h2, System::nanoTime).run(
        URI.create("https://localhost:" + live.server.httpsPort() + "/live/demo/index.mpd"), U + "fast-start;1",
        Duration.ofSeconds(15), p -> { });
    assertEquals(200, r.status());
    assertEquals(U + "fast-start;1", r.ack());
    assertEquals(4, r.pushed().size());
    for (PushedResource p : r.pushed()) {
      assertTrue(p.complete(), p.toString());
      assertArrayEquals(get(p.path()), p.body(), p.path());
    }
  }

  /**
   * The JDK client asks once for the MPD with fast-start and plays the demo stream for 20 s by push alone:
   * init segments, then every segment of both tracks, consecutive, without duplicates, joining in media
   * time. A polling LL-DASH client (next segment requested as soon as the previous one ended, streamed
   * while it grows) runs in the same time; both arrival delays are printed as FIGURE lines.
   */
  @Test
  void jdkClientPlaysLiveByPushAloneFor20Seconds() throws Exception {
    int segments = 11; // 2 s segments: 22 s of media from the live edge
    List<Timed> polled = Collections.synchronizedList(new ArrayList<>());
    long edge = track("video").lastNumber();
    Thread poller = Thread.ofVirtual().start(() -> poll(edge, segments, polled));
    PushReport r = new PushClient(PushClient.http2().build(), System::nanoTime)
        .run(URI.create(mpdUrl()), U + "fast-start;" + segments, Duration.ofSeconds(40), p -> { });
    poller.join(40_000);
    assertEquals(200, r.status());
    assertEquals(U + "fast-start;" + segments, r.ack());
    Map<String, byte[]> inits = new TreeMap<>();
    Map<String, TreeMap<Long, PushedResource>> byTrack = new TreeMap<>();
    Set<String> seen = new HashSet<>();
    for (PushedResource p : r.pushed()) {
      assertTrue(p.complete(), "incomplete push: " + p);
      assertTrue(seen.add(p.path()), "pushed twice: " + p.path());
      Matcher m = SEGMENT.matcher(p.path());
      if (m.matches()) {
        byTrack.computeIfAbsent(m.group(1), k -> new TreeMap<>()).put(Long.parseLong(m.group(2)), p);
      } else {
        inits.put(p.path().split("/")[3], p.body());
      }
    }
    assertEquals(Set.of("video", "audio"), inits.keySet());
    assertEquals(Set.of("video", "audio"), byTrack.keySet());
    for (var e : byTrack.entrySet()) {
      TreeMap<Long, PushedResource> segs = e.getValue();
      assertEquals(segments, segs.size(), e.getKey());
      assertEquals(segs.firstKey() + segments - 1, segs.lastKey(), e.getKey() + " numbers have a gap: " + segs.keySet());
      SegmentTimes previous = null;
      double media = 0;
      for (PushedResource p : segs.values()) {
        SegmentTimes st = SegmentTimes.of(inits.get(e.getKey()), p.body());
        if (previous != null) {
          assertEquals(previous.end(), st.start(), e.getKey() + " " + p.path() + " does not join its predecessor");
        }
        previous = st;
        media += st.seconds();
      }
      assertTrue(media >= 20, e.getKey() + ": only " + media + " s of media pushed");
    }
    figure("push", byTrack.get("video"));
    List<Timed> polledCopy;
    synchronized (polled) {
      polledCopy = new ArrayList<>(polled);
    }
    TreeMap<Long, PushedResource> polledMap = new TreeMap<>();
    for (Timed t : polledCopy) {
      polledMap.put(t.number, new PushedResource(t.path, t.status, new byte[0], 0, t.first, t.last, null));
    }
    figure("poll", polledMap);
  }

  /**
   * Start-up with fast-start (one request, the rest pushed) against a player's usual sequence (MPD, then
   * both init segments, then the live-edge segment of both tracks, over the same HTTP/2 connection):
   * time from the first request to the first media byte of both tracks. Printed as FIGURE lines.
   */
  @Test
  void fastStartVersusRequestedStartup() throws Exception {
    for (int round = 0; round < 3; round++) {
      try (HttpClient h2 = PushClient.http2().build()) {
        long t0 = System.nanoTime();
        PushReport r = new PushClient(h2, System::nanoTime).run(URI.create(mpdUrl()), U + "fast-start;1",
            Duration.ofSeconds(10), p -> { });
        assertEquals(4, r.pushed().size());
        long ready = 0;
        for (PushedResource p : r.pushed()) {
          assertTrue(p.firstByteNanos() > 0, p.toString());
          ready = Math.max(ready, p.firstByteNanos());
        }
        double push = (ready - t0) / 1e6;
        h2.shutdownNow();
        try (HttpClient plain = PushClient.http2().build()) {
          long t1 = System.nanoTime();
          String mpd = plain.send(HttpRequest.newBuilder(URI.create(mpdUrl())).build(),
              HttpResponse.BodyHandlers.ofString()).body();
          List<CompletableFuture<HttpResponse<byte[]>>> inits = new ArrayList<>();
          for (String t : List.of("video", "audio")) {
            inits.add(plain.sendAsync(HttpRequest.newBuilder(URI.create(live.base() + "/live/demo/" + t + "/init.mp4"))
                .build(), HttpResponse.BodyHandlers.ofByteArray()));
          }
          for (var f : inits) {
            assertEquals(200, f.get().statusCode());
          }
          List<Timed> firsts = new ArrayList<>();
          List<CompletableFuture<HttpResponse<Void>>> segs = new ArrayList<>();
          for (String t : List.of("video", "audio")) {
            Timed timed = new Timed(lastListed(mpd, t), "/live/demo/" + t + "/" + lastListed(mpd, t) + ".m4s");
            firsts.add(timed);
            segs.add(plain.sendAsync(HttpRequest.newBuilder(URI.create(live.base() + timed.path)).build(), timed::subscriber));
          }
          long deadline = System.nanoTime() + 10_000_000_000L;
          while (firsts.stream().anyMatch(x -> x.first == 0) && System.nanoTime() < deadline) {
            Thread.sleep(1);
          }
          long readyPlain = firsts.stream().mapToLong(x -> x.first).max().orElse(0);
          assertTrue(readyPlain > 0, "no first media byte without push");
          System.out.printf(Locale.ROOT, "FIGURE startup round %d: first media byte of both tracks after %.1f ms with "
              + "fast-start, %.1f ms with MPD + init + segment requests%n", round, push, (readyPlain - t1) / 1e6);
          plain.shutdownNow();
        }
      }
    }
  }

  /** The newest segment number a Representation lists (startNumber plus its S entries and repeats). */
  private static long lastListed(String mpd, String representation) {
    int at = mpd.indexOf("<Representation id=\"" + representation + "\"");
    assertTrue(at >= 0, "no Representation " + representation);
    String rep = mpd.substring(at, mpd.indexOf("</Representation>", at));
    Matcher start = Pattern.compile("startNumber=\"(\\d+)\"").matcher(rep);
    assertTrue(start.find(), rep);
    long n = Long.parseLong(start.group(1)) - 1;
    Matcher s = Pattern.compile("<S [^>]*/>").matcher(rep);
    while (s.find()) {
      Matcher r = Pattern.compile(" r=\"(\\d+)\"").matcher(s.group());
      n += 1 + (r.find() ? Long.parseLong(r.group(1)) : 0);
    }
    return n;
  }

  /** LL-DASH polling: each video segment requested as soon as the previous one ended. */
  private static void poll(long from, int count, List<Timed> out) {
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    for (long n = from; n < from + count; n++) {
      Timed t = new Timed(n, "/live/demo/video/" + n + ".m4s");
      try {
        HttpResponse<Void> r = http.send(HttpRequest.newBuilder(URI.create(live.base() + t.path)).build(), t::subscriber);
        t.status = r.statusCode();
      } catch (Exception e) {
        return;
      }
      out.add(t);
    }
  }

  /** A polled segment's arrival times. */
  private static final class Timed {
    final long number;
    final String path;
    int status;
    long first;
    long last;

    Timed(long number, String path) {
      this.number = number;
      this.path = path;
    }

    HttpResponse.BodySubscriber<Void> subscriber(HttpResponse.ResponseInfo info) {
      return new HttpResponse.BodySubscriber<>() {
        final CompletableFuture<Void> done = new CompletableFuture<>();

        @Override
        public CompletionStage<Void> getBody() {
          return done;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
          s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> item) {
          if (first == 0 && item.stream().anyMatch(ByteBuffer::hasRemaining)) {
            first = System.nanoTime();
          }
        }

        @Override
        public void onError(Throwable throwable) {
          done.completeExceptionally(throwable);
        }

        @Override
        public void onComplete() {
          last = System.nanoTime();
          done.complete(null);
        }
      };
    }
  }

  /**
   * Prints, per segment, the delay from its availability on the server (first chunk in, for the first
   * byte; last chunk in, for the end) to its arrival at the client. Same JVM, same monotonic clock.
   */
  private static void figure(String how, TreeMap<Long, PushedResource> segs) {
    Track video = track("video");
    List<Double> firstDelays = new ArrayList<>();
    List<Double> lastDelays = new ArrayList<>();
    for (var e : segs.entrySet()) {
      Segment s = video.segment(e.getKey());
      if (s == null || s.chunks().isEmpty() || !s.isComplete()) {
        continue;
      }
      List<Chunk> chunks = s.chunks();
      PushedResource p = e.getValue();
      // The live-edge segment was already growing when asked for: its first byte is not a live arrival.
      if (e.getKey() > segs.firstKey()) {
        firstDelays.add((p.firstByteNanos() - chunks.get(0).arrivalNanos()) / 1e6);
      }
      lastDelays.add((p.lastByteNanos() - chunks.get(chunks.size() - 1).arrivalNanos()) / 1e6);
      System.out.printf(Locale.ROOT, "ARRIVAL %s segment %d first-byte-delay-ms %.2f end-delay-ms %.2f%n", how,
          e.getKey(), (p.firstByteNanos() - chunks.get(0).arrivalNanos()) / 1e6,
          (p.lastByteNanos() - chunks.get(chunks.size() - 1).arrivalNanos()) / 1e6);
    }
    System.out.printf(Locale.ROOT, "FIGURE %s: segment first byte after its first chunk arrived: median %.2f ms, max %.2f ms;"
        + " end after its last chunk: median %.2f ms, max %.2f ms (%d segments)%n", how, median(firstDelays),
        max(firstDelays), median(lastDelays), max(lastDelays), lastDelays.size());
  }

  private static double median(List<Double> v) {
    if (v.isEmpty()) {
      return Double.NaN;
    }
    List<Double> s = new ArrayList<>(v);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }

  private static double max(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
  }

  private static void assertConsecutivePerTrack(java.util.Collection<String> paths, int perTrack) {
    Map<String, List<Long>> byTrack = new TreeMap<>();
    for (String p : paths) {
      Matcher m = SEGMENT.matcher(p);
      assertTrue(m.matches(), p);
      byTrack.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(Long.parseLong(m.group(2)));
    }
    assertEquals(Set.of("video", "audio"), byTrack.keySet());
    for (List<Long> ns : byTrack.values()) {
      assertEquals(perTrack, ns.size());
      for (int i = 1; i < ns.size(); i++) {
        assertEquals(ns.get(i - 1) + 1, ns.get(i), ns.toString());
      }
    }
  }

  private static long number(String path) {
    Matcher m = SEGMENT.matcher(path);
    return m.matches() ? Long.parseLong(m.group(2)) : -1;
  }

  /** The certificate the server presents (read once, trusting anything, only to pin it below). */
  private static X509Certificate serverCertificate(String host, int port) throws Exception {
    AtomicReference<X509Certificate> seen = new AtomicReference<>();
    SSLContext probe = SSLContext.getInstance("TLS");
    probe.init(null, new TrustManager[] {new X509TrustManager() {
      @Override
      public void checkClientTrusted(X509Certificate[] chain, String authType) {}

      @Override
      public void checkServerTrusted(X509Certificate[] chain, String authType) {
        seen.set(chain[0]);
      }

      @Override
      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, null);
    try (Socket raw = new Socket(host, port); SSLSocket s = (SSLSocket) probe.getSocketFactory()
        .createSocket(raw, host, port, true)) {
      s.startHandshake();
    }
    return seen.get();
  }

  /** A TLS context that trusts exactly {@code cert}. */
  private static SSLContext trusting(X509Certificate cert) throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    ks.setCertificateEntry("livepoint", cert);
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
