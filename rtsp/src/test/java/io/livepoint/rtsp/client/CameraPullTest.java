package io.livepoint.rtsp.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.livepoint.core.Clock;
import io.livepoint.core.LiveStream;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.Track;
import io.netty.channel.nio.NioEventLoopGroup;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The camera client against an in-process fake camera: Digest after a 401, a refused PLAY, a dropped connection. */
class CameraPullTest {
  static final String PUBLIC = "OPTIONS, DESCRIBE, SETUP, PLAY, TEARDOWN, GET_PARAMETER";
  static final String SDP = String.join("\r\n", "v=0", "o=- 1 1 IN IP4 127.0.0.1", "s=fake", "t=0 0", "a=control:*",
      "m=audio 0 RTP/AVP 97", "a=rtpmap:97 mpeg4-generic/48000/2",
      "a=fmtp:97 streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=1190",
      "a=control:trackID=1", "");

  private final NioEventLoopGroup group = new NioEventLoopGroup(1);
  private final StreamRegistry registry = new StreamRegistry(Clock.SYSTEM);

  @AfterEach
  void tearDown() {
    group.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    registry.close();
  }

  /** An RTP packet with one AAC-hbr access unit (RFC 3640 3.3.6). */
  static byte[] aacPacket(int seq, long ts) {
    int size = 40;
    byte[] p = new byte[12 + 4 + size];
    p[0] = (byte) 0x80;
    p[1] = (byte) (0x80 | 97);
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    p[4] = (byte) (ts >> 24);
    p[5] = (byte) (ts >> 16);
    p[6] = (byte) (ts >> 8);
    p[7] = (byte) ts;
    p[11] = 0x42; // SSRC
    p[13] = 16; // AU-headers-length: one 16-bit header
    p[14] = (byte) (size >> 5);
    p[15] = (byte) (size << 3);
    for (int i = 16; i < p.length; i++) {
      p[i] = (byte) i;
    }
    return p;
  }

  /** OPTIONS, DESCRIBE, SETUP, PLAY answered as a camera does; returns the PLAY request. */
  static FakeCamera.Request setUp(FakeCamera.Connection c, FakeCamera cam, int playStatus) throws IOException {
    FakeCamera.Request r = c.next();
    assertEquals("OPTIONS", r.method());
    c.reply(r, 200, "OK", "Public", PUBLIC);
    r = c.next();
    assertEquals("DESCRIBE", r.method());
    c.reply(r, 200, "OK", "Content-Base", cam.url() + "/", "Content-Type", "application/sdp", SDP);
    r = c.next();
    assertEquals("SETUP", r.method());
    assertEquals(cam.url() + "/trackID=1", r.uri());
    assertTrue(r.header("Transport").startsWith("RTP/AVP/TCP;unicast;interleaved=0-1"), r.header("Transport"));
    c.reply(r, 200, "OK", "Session", "12345678;timeout=4", "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1");
    r = c.next();
    assertEquals("PLAY", r.method());
    assertEquals("12345678", r.header("Session"));
    if (playStatus == 200) {
      c.reply(r, 200, "OK", "Session", "12345678", "RTP-Info", "url=" + cam.url() + "/trackID=1;seq=1;rtptime=1000");
    } else {
      c.reply(r, playStatus, "Session Not Found");
    }
    return r;
  }

  static void send(FakeCamera.Connection c, int packets) throws IOException {
    for (int i = 0; i < packets; i++) {
      c.interleaved(0, aacPacket(1 + i, 1000 + 1024L * i));
    }
  }

  /** Answers keep-alives until TEARDOWN (answered) or the end of the connection. */
  static void serve(FakeCamera.Connection c) throws IOException {
    for (FakeCamera.Request r = c.next(); r != null; r = c.next()) {
      c.reply(r, 200, "OK", "Session", "12345678");
      if (r.method().equals("TEARDOWN")) {
        c.close();
        return;
      }
    }
  }

  static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long end = System.nanoTime() + Duration.ofSeconds(40).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        fail("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  private CameraPull pull(FakeCamera cam, String userInfo) {
    String url = "rtsp://" + userInfo + "127.0.0.1:" + cam.port() + "/cam";
    return new CameraPull(PullSource.of("cam", url, PullSource.Transport.TCP, PullSource.Pull.ALWAYS), registry,
        Clock.SYSTEM, group, Duration.ofSeconds(30));
  }

  private Track audio() {
    LiveStream s = registry.get("cam");
    return s == null ? null : s.findTrack("audio");
  }

  @Test
  void answersDigestAfter401PlaysIntoTheTrackKeepsAliveAndTearsDown() throws Exception {
    try (FakeCamera cam = new FakeCamera(c -> {
      FakeCamera.Request r = c.next();
      c.reply(r, 200, "OK", "Public", PUBLIC);
      r = c.next();
      assertEquals(null, r.header("Authorization"));
      c.reply(r, 401, "Unauthorized", "WWW-Authenticate", "Basic realm=\"cam\"", "WWW-Authenticate",
          "Digest realm=\"cam\", nonce=\"dcd98b7102dd2f0e8b11d0f600bfb0c0\", qop=\"auth\", opaque=\"5ccc\"");
      r = c.next();
      String auth = r.header("Authorization");
      var p = Credentials.params(auth.substring("Digest ".length()));
      // RFC 2617 3.2.2.1 computed here independently of the client.
      String ha1 = Credentials.md5("Mufasa:cam:Circle Of Life");
      String ha2 = Credentials.md5("DESCRIBE:" + r.uri());
      String expected = Credentials.md5(ha1 + ":dcd98b7102dd2f0e8b11d0f600bfb0c0:" + p.get("nc") + ":" + p.get("cnonce")
          + ":auth:" + ha2);
      if (!expected.equals(p.get("response")) || !"5ccc".equals(p.get("opaque")) || !"00000001".equals(p.get("nc"))) {
        c.reply(r, 401, "Unauthorized");
        return;
      }
      // An absolute media control URL wins over Content-Base (RFC 2326 C.1.1).
      c.reply(r, 200, "OK", "Content-Base", "rtsp://127.0.0.1/elsewhere/", "Content-Type",
          "application/sdp", SDP.replace("a=control:trackID=1", "a=control:rtsp://127.0.0.1/cam/trackID=1"));
      r = c.next();
      assertEquals("SETUP", r.method());
      assertEquals("rtsp://127.0.0.1/cam/trackID=1", r.uri());
      assertTrue(r.header("Authorization").contains("nc=00000002"), r.header("Authorization"));
      c.reply(r, 200, "OK", "Session", "12345678;timeout=4", "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1");
      r = c.next();
      assertEquals("PLAY", r.method());
      c.reply(r, 200, "OK", "Session", "12345678");
      send(c, 60);
      serve(c);
    })) {
      CameraPull pull = pull(cam, "Mufasa:Circle%20Of%20Life@").start();
      await(() -> audio() != null && audio().header() != null && !audio().segments().isEmpty(), "audio chunks");
      assertEquals(48000, audio().header().info().timescale());
      await(() -> cam.requests.stream().anyMatch(r -> r.method().equals("GET_PARAMETER")
          && "12345678".equals(r.header("Session"))), "a GET_PARAMETER keep-alive in the session");
      pull.close();
      await(() -> cam.requests.stream().anyMatch(r -> r.method().equals("TEARDOWN")), "TEARDOWN");
      await(() -> audio().openSegment() == null, "the open segment completed at the end");
      assertEquals(1, cam.connections());
      assertEquals(List.of(), cam.errors);
    }
  }

  @Test
  void refusedPlayAndDroppedConnectionReconnectWithBackOff() throws Exception {
    try (FakeCamera cam = new FakeCamera(new FakeCamera.Script() {
      private int n;

      @Override
      public void run(FakeCamera.Connection c) throws IOException {
        int attempt;
        synchronized (this) {
          attempt = ++n;
        }
        if (attempt == 1) {
          setUp(c, camRef[0], 454); // refused: the client closes and tries again later
          c.next();
          return;
        }
        setUp(c, camRef[0], 200);
        send(c, 40);
        if (attempt == 2) {
          c.close(); // the camera drops mid-stream
          return;
        }
        serve(c);
      }
    })) {
      camRef[0] = cam;
      CameraPull pull = pull(cam, "").start();
      await(() -> cam.connections() >= 3, "two reconnects (after 454, after a drop)");
      await(() -> pull.tracks().size() == 1 && pull.tracks().get(0).chunks() > 0, "media on the third connection");
      assertEquals(3, pull.connects());
      assertEquals(3, cam.requests.stream().filter(r -> r.method().equals("PLAY")).count());
      assertNotNull(audio().header());
      pull.close();
      await(() -> cam.requests.stream().anyMatch(r -> r.method().equals("TEARDOWN")), "TEARDOWN");
      assertEquals(List.of(), cam.errors);
    }
  }

  private final FakeCamera[] camRef = new FakeCamera[1];

  @Test
  void aCameraThatNeverAnswersIsGivenUpAndRetried() throws Exception {
    try (FakeCamera cam = new FakeCamera(new FakeCamera.Script() {
      private int n;

      @Override
      public void run(FakeCamera.Connection c) throws IOException {
        synchronized (this) {
          n++;
        }
        if (n == 1) {
          c.next();
          while (c.next() != null) {
            // reads, never answers: the client must not wait forever
          }
          return;
        }
        setUp(c, camRef[0], 200);
        send(c, 40);
        serve(c);
      }
    })) {
      camRef[0] = cam;
      CameraPull pull = pull(cam, "").start();
      await(() -> pull.tracks().size() == 1 && pull.tracks().get(0).chunks() > 0, "media on the second connection");
      assertEquals(2, cam.connections());
      pull.close();
      await(() -> cam.requests.stream().anyMatch(r -> r.method().equals("TEARDOWN")), "TEARDOWN");
    }
  }

  @Test
  void onDemandPullStartsAtTheFirstLookupAndStopsWhenNobodyLooks() throws Exception {
    try (FakeCamera cam = new FakeCamera(c -> {
      setUp(c, camRef[0], 200);
      send(c, 60);
      serve(c);
    })) {
      camRef[0] = cam;
      PullSource source = PullSource.of("cam", cam.url(), PullSource.Transport.TCP, PullSource.Pull.ON_DEMAND);
      try (CameraPulls pulls = new CameraPulls(List.of(source), registry, Clock.SYSTEM, Duration.ofSeconds(1)).start()) {
        Thread.sleep(300);
        assertEquals(0, cam.connections(), "an on-demand source waits for a viewer");
        registry.get("other");
        Thread.sleep(300);
        assertEquals(0, cam.connections(), "another stream's lookup does not start it");
        registry.get("cam"); // the first viewer
        await(() -> audio() != null && !audio().segments().isEmpty(), "media after the first lookup");
        await(() -> cam.requests.stream().anyMatch(r -> r.method().equals("TEARDOWN")), "TEARDOWN once idle");
        assertEquals(1, cam.connections());
        assertEquals(1, pulls.get("cam").connects());
      }
      assertEquals(List.of(), cam.errors);
    }
  }
}
