package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Chunk;
import io.livepoint.core.LiveStream;
import io.livepoint.core.Segment;
import io.livepoint.media.cmaf.Sample;
import io.livepoint.media.cmaf.SampleReader;
import io.livepoint.media.rtp.AccessUnit;
import io.livepoint.media.rtp.CmafTrackSource;
import io.livepoint.media.rtp.RtpPacket;
import io.livepoint.media.rtp.RtpReceiver;
import io.livepoint.media.rtp.SdpMedia;
import io.livepoint.rtsp.MediaTrack;
import io.livepoint.rtsp.StreamDescription;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * RTSP over WebSocket (ONVIF Streaming 7) with the JDK's WebSocket client: OPTIONS, DESCRIBE, SETUP
 * interleaved and PLAY in binary messages; the RTP that comes back, one interleaved frame per message,
 * depacketizes to exactly the access units stored in the stream, at their timing.
 */
@Tag("it")
class RtspWebSocketIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  /** A WebSocket client collecting whole binary messages. */
  static final class Client implements WebSocket.Listener, AutoCloseable {
    final LinkedBlockingQueue<byte[]> messages = new LinkedBlockingQueue<>();
    final WebSocket ws;
    private ByteBuffer partial = ByteBuffer.allocate(0);
    private int cseq;

    Client(String uri) throws Exception {
      ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("rtsp.onvif.org")
          .buildAsync(URI.create(uri), this).get(20, TimeUnit.SECONDS);
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket w, ByteBuffer data, boolean last) {
      ByteBuffer joined = ByteBuffer.allocate(partial.remaining() + data.remaining()).put(partial).put(data).flip();
      if (last) {
        byte[] b = new byte[joined.remaining()];
        joined.get(b);
        messages.add(b);
        partial = ByteBuffer.allocate(0);
      } else {
        partial = joined;
      }
      w.request(1);
      return null;
    }

    /** Sends a request; returns its response, collecting media frames that came before it into {@code frames}. */
    String request(String method, String url, List<byte[]> frames, String... headers) throws Exception {
      StringBuilder b = new StringBuilder(method + " " + url + " RTSP/1.0\r\nCSeq: " + ++cseq + "\r\n");
      for (String h : headers) {
        b.append(h).append("\r\n");
      }
      ws.sendBinary(ByteBuffer.wrap(b.append("\r\n").toString().getBytes(StandardCharsets.UTF_8)), true)
          .get(10, TimeUnit.SECONDS);
      long end = System.nanoTime() + WAIT.toNanos();
      while (System.nanoTime() < end) {
        byte[] m = messages.poll(1, TimeUnit.SECONDS);
        if (m == null) {
          continue;
        }
        if (m[0] == '$') {
          assertEquals(4 + ((m[2] & 0xff) << 8 | (m[3] & 0xff)), m.length, "one interleaved frame per message");
          if (frames != null) {
            frames.add(m);
          }
          continue;
        }
        String text = new String(m, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("RTSP/1.0 "), "one RTSP response per message: " + text);
        assertTrue(text.contains("CSeq: " + cseq + "\r\n"), text);
        return text;
      }
      throw new AssertionError("no response to " + method);
    }

    @Override
    public void close() {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "done");
      ws.abort();
    }
  }

  @Test
  void jdkClientPlaysTheDemoOverWebSocketAndGetsItsAccessUnits() throws Exception {
    try (LiveServerFixture live = new LiveServerFixture("demo.enabled", "true")) {
      live.awaitLive("demo", 2, 2, Duration.ofSeconds(15));
      String url = live.rtsp("demo");
      List<byte[]> frames = new ArrayList<>();
      try (Client c = new Client("ws://127.0.0.1:" + live.server.httpPort() + "/rtsp-over-websocket")) {
        assertEquals("rtsp.onvif.org", c.ws.getSubprotocol());
        String options = c.request("OPTIONS", url, null);
        assertTrue(options.startsWith("RTSP/1.0 200 OK") && options.contains("DESCRIBE"), options);
        String describe = c.request("DESCRIBE", url, null, "Accept: application/sdp");
        assertTrue(describe.startsWith("RTSP/1.0 200 OK"), describe);
        String sdp = describe.substring(describe.indexOf("v=0"));
        int at = sdp.indexOf("m=video");
        int next = sdp.indexOf("m=", at + 2);
        List<String> video = List.of(sdp.substring(at, next < 0 ? sdp.length() : next).split("\r\n"));
        String control = video.stream().filter(l -> l.startsWith("a=control:")).findFirst().orElseThrow().substring(10);
        String base = header(describe, "Content-Base");
        String setup = c.request("SETUP", base + control, null, "Transport: RTP/AVP/TCP;unicast;interleaved=0-1");
        assertTrue(setup.startsWith("RTSP/1.0 200 OK") && setup.contains("interleaved=0-1"), setup);
        String session = header(setup, "Session").split(";")[0];
        String play = c.request("PLAY", url, null, "Session: " + session, "Range: npt=now-");
        assertTrue(play.startsWith("RTSP/1.0 200 OK"), play);
        Thread.sleep(4000); // media flows meanwhile
        String teardown = c.request("TEARDOWN", url, frames, "Session: " + session);
        assertTrue(teardown.startsWith("RTSP/1.0 200 OK"), teardown);

        // Depacketize channel 0 with the SDP's own description.
        SdpMedia media = SdpMedia.parse(video.get(0), video.subList(1, video.size()));
        List<AccessUnit> got = new ArrayList<>();
        try (RtpReceiver rx = new RtpReceiver(media.depacketizer(ByteBufAllocator.DEFAULT), 0)) {
          for (byte[] f : frames) {
            if (f[1] == 0) {
              ByteBuf datagram = Unpooled.wrappedBuffer(f, 4, f.length - 4);
              rx.receive(RtpPacket.parse(datagram), got::add);
              datagram.release();
            }
          }
          rx.flush(got::add);
        }
        try {
          assertTrue(got.size() >= 50, "access units over 4 s: " + got.size());
          assertTrue(got.get(0).key(), "starts on a key frame");
          // The demo loops its pictures, so a content key may occur at several times: the received units must
          // line up with the stored ones at one start time, every unit the stored one at its RTP time offset.
          Map<String, java.util.Set<Long>> stored = storedAccessUnits(live.server.registry().get("demo"));
          java.util.Set<Long> starts = stored.get(key(got.get(0)));
          assertNotNull(starts, "the first access unit is one of the stream's");
          boolean lined = false;
          for (long t0 : starts) {
            boolean all = true;
            for (AccessUnit au : got) {
              java.util.Set<Long> times = stored.get(key(au));
              assertNotNull(times, "access unit at RTP time " + au.timestamp() + " is not one the stream holds");
              all &= times.contains(t0 + au.timestamp() - got.get(0).timestamp());
            }
            lined |= all;
          }
          assertTrue(lined, "the access units arrive in the stream's order and timing");
          System.out.printf("FIGURE rtsp over websocket: %d video access units, %d interleaved messages%n", got.size(),
              frames.size());
        } finally {
          got.forEach(AccessUnit::release);
        }
      }
    }
  }

  @Test
  void upgradeOnTheTunnelRouteAndAuthenticationInside() throws Exception {
    try (LiveServerFixture live = new LiveServerFixture("demo.enabled", "true", "rtsp.auth.scheme", "basic",
        "rtsp.auth.users.viewer", "secret")) {
      live.awaitLive("demo", 2, 1, Duration.ofSeconds(15));
      String url = "rtsp://127.0.0.1:" + live.server.httpPort() + "/rtsp/demo";
      try (Client c = new Client("ws://127.0.0.1:" + live.server.httpPort() + "/rtsp/demo")) {
        assertTrue(c.request("OPTIONS", url, null).startsWith("RTSP/1.0 200 OK"));
        String refused = c.request("DESCRIBE", url, null);
        assertTrue(refused.startsWith("RTSP/1.0 401 Unauthorized")
            && refused.contains("WWW-Authenticate: Basic realm=\"livepoint\""), refused);
        String ok = c.request("DESCRIBE", url, null, "Authorization: Basic "
            + java.util.Base64.getEncoder().encodeToString("viewer:secret".getBytes(StandardCharsets.UTF_8)));
        assertTrue(ok.startsWith("RTSP/1.0 200 OK") && ok.contains("m=video"), ok);
      }
      // Not a WebSocket: the WebSocket route answers 426.
      var plain = HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
          URI.create(live.base() + "/rtsp-over-websocket")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(426, plain.statusCode());
    }
  }

  @Test
  void backChannelOverWebSocket(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
    java.nio.file.Path sink = dir.resolve("bc");
    try (LiveServerFixture live = new LiveServerFixture("demo.enabled", "true", "rtsp.backchannel.sink", "file:" + sink)) {
      live.awaitLive("demo", 2, 1, Duration.ofSeconds(15));
      String url = live.rtsp("demo");
      String require = "Require: www.onvif.org/ver20/backchannel";
      java.io.ByteArrayOutputStream sent = new java.io.ByteArrayOutputStream();
      try (Client c = new Client("ws://127.0.0.1:" + live.server.httpPort() + "/rtsp-over-websocket")) {
        String describe = c.request("DESCRIBE", url, null, require);
        assertTrue(describe.contains("a=control:track=backchannel\r\na=sendonly"), describe);
        String base = header(describe, "Content-Base");
        String setup = c.request("SETUP", base + "track=backchannel", null, require,
            "Transport: RTP/AVP/TCP;unicast;interleaved=4-5");
        assertTrue(setup.startsWith("RTSP/1.0 200 OK") && setup.contains("interleaved=4-5"), setup);
        String session = header(setup, "Session").split(";")[0];
        assertTrue(c.request("PLAY", url, null, require, "Session: " + session).startsWith("RTSP/1.0 200 OK"));
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 100; i++) { // 2 s of PCMU, one RTP packet per interleaved frame per message
          byte[] samples = new byte[160];
          random.nextBytes(samples);
          sent.write(samples);
          ByteBuffer frame = ByteBuffer.allocate(4 + 12 + 160);
          frame.put((byte) '$').put((byte) 4).putShort((short) (12 + 160));
          frame.put((byte) 0x80).put((byte) 0).putShort((short) (1000 + i)).putInt(160 * i).putInt(0xCAFE).put(samples);
          c.ws.sendBinary(frame.flip(), true).get(10, TimeUnit.SECONDS);
        }
        assertTrue(c.request("TEARDOWN", url, null, require, "Session: " + session).startsWith("RTSP/1.0 200 OK"));
      }
      LiveServerFixture.awaitTrue(() -> {
        try (var files = java.nio.file.Files.list(sink)) {
          return files.anyMatch(f -> {
            try {
              return ByteBuffer.wrap(java.nio.file.Files.readAllBytes(f)).getInt(8) == 16000;
            } catch (java.io.IOException e) {
              return false;
            }
          });
        } catch (java.io.IOException e) {
          return false;
        }
      }, Duration.ofSeconds(20), "the .au file completed with 16000 samples");
      try (var files = java.nio.file.Files.list(sink)) {
        byte[] au = java.nio.file.Files.readAllBytes(files.findFirst().orElseThrow());
        org.junit.jupiter.api.Assertions.assertArrayEquals(sent.toByteArray(), java.util.Arrays.copyOfRange(au, 24, au.length));
      }
    }
  }

  private static String header(String response, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + ": ([^\r\n]*)").matcher(response);
    assertTrue(m.find(), name + " in " + response);
    return m.group(1);
  }

  /** The video access units the stream holds now: content key to presentation times in the RTP clock. */
  private static Map<String, java.util.Set<Long>> storedAccessUnits(LiveStream stream) throws Exception {
    Map<String, java.util.Set<Long>> out = new HashMap<>();
    StreamDescription d = StreamDescription.of(stream);
    MediaTrack video = d.media().get(0);
    CmafTrackSource source = video.source();
    for (Segment s : video.track().segments()) {
      for (Chunk chunk : s.chunks()) {
        ByteBuf data = chunk.retainedData();
        try {
          for (Sample sample : SampleReader.read(data, source.info())) {
            AccessUnit au = source.accessUnit(sample);
            out.computeIfAbsent(key(au), k -> new java.util.HashSet<>()).add(au.timestamp());
            au.release();
            sample.release();
          }
        } finally {
          data.release();
        }
      }
    }
    return out;
  }

  /** SHA-256 over the NAL units but parameter sets (the packetizer repeats SPS/PPS before IDR frames). */
  private static String key(AccessUnit au) throws Exception {
    MessageDigest md = MessageDigest.getInstance("SHA-256");
    for (ByteBuf nal : au.units()) {
      int type = nal.getByte(nal.readerIndex()) & 0x1f;
      if (type == 7 || type == 8 || type == 9) {
        continue;
      }
      byte[] b = new byte[nal.readableBytes()];
      nal.getBytes(nal.readerIndex(), b);
      md.update(ByteBuffer.allocate(4).putInt(b.length).array());
      md.update(b);
    }
    return HexFormat.of().formatHex(md.digest());
  }
}
