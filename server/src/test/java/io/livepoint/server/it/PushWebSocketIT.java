package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.client.push.SegmentTimes;
import io.livepoint.push.DashWsCodec;
import io.livepoint.push.DashWsMessage;
import io.livepoint.push.PushConstants;
import io.livepoint.testkit.PlayResult;
import io.livepoint.testkit.Players;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The MPEG-DASH WebSocket sub-protocol on /live/{stream}/ against the JDK WebSocket client. */
@Tag("it")
class PushWebSocketIT {
  private static final String U = "urn:mpeg:dash:fdh:2016:";
  private static LiveServerFixture live;

  @BeforeAll
  static void start() throws Exception {
    live = new LiveServerFixture("demo.enabled", "true");
    live.awaitLive("demo", 2, 3, Duration.ofSeconds(15));
  }

  @AfterAll
  static void stop() {
    if (live != null) {
      live.close();
    }
  }

  /** Decodes every binary message as it arrives (headers and bytes), keeping arrival order. */
  static final class Client implements WebSocket.Listener {
    record Got(DashWsMessage.Type type, long streamId, String url, int status, String ack, boolean last, String reason,
        byte[] payload) {}

    final BlockingQueue<Got> got = new LinkedBlockingQueue<>();
    final BlockingQueue<Integer> closed = new LinkedBlockingQueue<>();
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    WebSocket ws;

    static Client connect(String path) throws Exception {
      Client c = new Client();
      c.ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols(PushConstants.WS_SUBPROTOCOL)
          .buildAsync(URI.create("ws://127.0.0.1:" + live.server.httpPort() + path), c).get(10, TimeUnit.SECONDS);
      return c;
    }

    void send(DashWsMessage m) throws Exception {
      ByteBuf f = DashWsCodec.encode(Unpooled.buffer().alloc(), m);
      byte[] b = ByteBufUtil.getBytes(f);
      f.release();
      ws.sendBinary(ByteBuffer.wrap(b), true).get(5, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      pending.writeBytes(b);
      if (last) {
        try {
          DashWsMessage m = DashWsCodec.decode(Unpooled.wrappedBuffer(pending.toByteArray()));
          got.add(new Got(m.type(), m.streamId(), m.url(), m.status(), m.pushAck(), m.last(), m.reason(),
              ByteBufUtil.getBytes(m.payload())));
          m.release();
        } catch (Exception e) {
          got.add(new Got(null, -1, e.toString(), -1, null, false, null, new byte[0]));
        }
        pending.reset();
      }
      w.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
      closed.add(code);
      return null;
    }
  }

  private static byte[] get(String path) throws Exception {
    HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(live.base() + path))
        .build(), HttpResponse.BodyHandlers.ofByteArray());
    assertEquals(200, r.statusCode(), path);
    return r.body();
  }

  @Test
  void mpdRequestWithFastStartReceivesMpdInitAndSegmentsAsProduced() throws Exception {
    Client c = Client.connect("/live/demo/");
    assertEquals(PushConstants.WS_SUBPROTOCOL, c.ws.getSubprotocol());
    c.send(DashWsCodec.message(DashWsMessage.Type.MPD_REQUEST, 1, "index.mpd", U + "fast-start;3"));
    Client.Got mpd = c.got.poll(10, TimeUnit.SECONDS);
    assertEquals(DashWsMessage.Type.MPD_RECEIVED, mpd.type());
    assertEquals(1, mpd.streamId());
    assertEquals(200, mpd.status());
    assertEquals(U + "fast-start;3", mpd.ack());
    assertTrue(new String(mpd.payload()).contains("<MPD"));
    // 2 init segments and 3 segments per track, each on its own server stream id, streamed in pieces.
    Map<Long, ByteArrayOutputStream> bodies = new TreeMap<>();
    Map<Long, String> urls = new TreeMap<>();
    int complete = 0;
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (complete < 8 && System.nanoTime() < end) {
      Client.Got g = c.got.poll(1, TimeUnit.SECONDS);
      if (g == null) {
        continue;
      }
      assertEquals(DashWsMessage.Type.SEGMENT_RECEIVED, g.type(), String.valueOf(g));
      assertEquals(200, g.status());
      assertTrue(g.streamId() >= 0x8000_0000L);
      bodies.computeIfAbsent(g.streamId(), k -> new ByteArrayOutputStream()).writeBytes(g.payload());
      urls.put(g.streamId(), g.url());
      if (g.last()) {
        complete++;
      }
    }
    assertEquals(8, complete, "pushed resources completed: " + urls);
    byte[] videoInit = null;
    List<SegmentTimes> video = new ArrayList<>();
    for (var e : urls.entrySet()) {
      byte[] body = bodies.get(e.getKey()).toByteArray();
      assertArrayEquals(get("/live/demo/" + e.getValue()), body, e.getValue() + " differs from GET");
      if (e.getValue().equals("video/init.mp4")) {
        videoInit = body;
      } else if (e.getValue().startsWith("video/")) {
        video.add(SegmentTimes.of(videoInit, body));
      }
    }
    assertEquals(3, video.size());
    for (int i = 1; i < video.size(); i++) {
      assertEquals(video.get(i - 1).end(), video.get(i).start(), "pushed segments join in media time");
    }
    c.ws.sendClose(1000, "done").get(5, TimeUnit.SECONDS);
  }

  @Test
  void segmentCancelStopsTheStrategy() throws Exception {
    Client c = Client.connect("/live/demo/");
    long n = live.server.registry().get("demo").findTrack("video").lastNumber();
    c.send(DashWsCodec.message(DashWsMessage.Type.SEGMENT_REQUEST, 7, "video/" + n + ".m4s", U + "push-next;4"));
    Client.Got first = c.got.poll(10, TimeUnit.SECONDS);
    assertEquals(7, first.streamId());
    assertEquals(U + "push-next;4", first.ack());
    c.send(DashWsCodec.message(DashWsMessage.Type.SEGMENT_CANCEL, 7, null, null));
    c.got.clear();
    Thread.sleep(5000); // two more segments would have started by now
    List<Client.Got> after = new ArrayList<>(c.got);
    assertTrue(after.stream().noneMatch(g -> g.streamId() >= 0x8000_0000L && g.url().equals("video/" + (n + 2) + ".m4s")),
        "pushed after the cancel: " + after.stream().map(Client.Got::url).toList());
    c.ws.sendClose(1000, "done").get(5, TimeUnit.SECONDS);
  }

  /**
   * The page's WebSocket player (lp-ws.js: one socket, the MPD with fast-start, segments pushed as they
   * are produced, renewed with push-next, fed to MSE) plays in headless Chromium for 10 s.
   */
  @Test
  void browserPlaysOverTheWebSocketBinding() {
    String page = Players.playerPage(live.base(), "/live/demo/", "ws");
    PlayResult r = Players.play(page, Duration.ofSeconds(10));
    if (r.reachedPlaying() && r.stalls() > 0) {
      System.out.printf("RETRY ws: %d stall(s), playing again%n", r.stalls());
      r = Players.play(page, Duration.ofSeconds(10));
    }
    System.out.printf(Locale.ROOT, "FIGURE WebSocket player: startup %d ms, advanced %.1f s, stalls %d, live latency avg "
        + "%.2f s (min %.2f, max %.2f)%n", r.startupMs(), r.mediaAdvancedSec(), r.stalls(), r.latency().avg(),
        r.latency().min(), r.latency().max());
    assertTrue(r.reachedPlaying(), "never played: " + r.json());
    assertNull(r.error(), r.json());
    assertTrue(r.mediaAdvancedSec() >= 8.0, "advanced less than 8 s of media: " + r.json());
    assertEquals(0, r.stalls(), "stalled: " + r.json());
    assertTrue(r.latency().measured(), "no live latency: " + r.json());
  }

  @Test
  void badMessagesCloseWith1007AndUnknownStreamsFallBackToHttp() throws Exception {
    Client c = Client.connect("/live/demo/");
    c.ws.sendBinary(ByteBuffer.wrap(new byte[] {0x01, 0, 0}), true).get(5, TimeUnit.SECONDS);
    assertEquals(1007, c.closed.poll(5, TimeUnit.SECONDS));
    // No such stream: no upgrade, a plain HTTP answer (the client's cue to fall back).
    try {
      Client.connect("/live/nope/");
      throw new AssertionError("upgraded a stream that does not exist");
    } catch (java.util.concurrent.ExecutionException e) {
      assertTrue(e.getCause() instanceof java.net.http.WebSocketHandshakeException, e.toString());
      assertEquals(404, ((java.net.http.WebSocketHandshakeException) e.getCause()).getResponse().statusCode());
    }
  }
}
