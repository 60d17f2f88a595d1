package io.livepoint.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.ManualClock;
import io.livepoint.http.auth.AuthPolicy;
import io.livepoint.http.auth.AuthScheme;
import io.livepoint.http.auth.Authenticator;
import io.livepoint.http.auth.DigestAlgorithm;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** What reaches the RTSP handler through the authentication gate, and the 401s it answers itself. */
class RtspAuthGateTest {
  private static final String URL = "rtsp://127.0.0.1:8554/cam";
  private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));

  private EmbeddedChannel channel(AuthScheme scheme) {
    Authenticator a = new Authenticator(new AuthPolicy(scheme, "cams", Map.of("viewer", "pa:ss")), clock,
        Duration.ofSeconds(60), true);
    return new EmbeddedChannel(new RtspFramer(), new RtspAuthGate(a));
  }

  /** Writes a request; returns the 401 the gate answered (null when the request passed on). */
  private static String send(EmbeddedChannel ch, String request) {
    ch.writeInbound(Unpooled.copiedBuffer(request, StandardCharsets.UTF_8));
    ByteBuf out = ch.readOutbound();
    if (out == null) {
      Object passed = ch.readInbound();
      assertTrue(passed instanceof RtspRequest, String.valueOf(passed));
      return null;
    }
    try {
      assertNull(ch.readInbound(), "a refused request goes no further");
      return out.toString(StandardCharsets.UTF_8);
    } finally {
      out.release();
    }
  }

  @Test
  void optionsPassesTheRestNeedsCredentials() {
    EmbeddedChannel ch = channel(AuthScheme.DIGEST);
    assertNull(send(ch, "OPTIONS " + URL + " RTSP/1.0\r\nCSeq: 1\r\n\r\n"));
    for (String m : List.of("DESCRIBE", "SETUP", "PLAY", "ANNOUNCE", "RECORD", "TEARDOWN", "GET_PARAMETER")) {
      String r = send(ch, m + " " + URL + " RTSP/1.0\r\nCSeq: 2\r\n\r\n");
      assertTrue(r.startsWith("RTSP/1.0 401 Unauthorized\r\nCSeq: 2\r\n"), r);
      List<String> challenges = challenges(r);
      assertEquals(2, challenges.size(), r);
      assertTrue(challenges.get(0).startsWith("Digest realm=\"cams\", qop=\"auth\", algorithm=SHA-256"), r);
      assertTrue(challenges.get(1).contains("algorithm=MD5"), r);
    }
    assertTrue(ch.isActive(), "the client answers the challenge on the same connection");
    ch.finishAndReleaseAll();
  }

  @Test
  void digestAsFfmpegAndGstreamerAnswerIt() {
    EmbeddedChannel ch = channel(AuthScheme.DIGEST);
    String challenge = challenges(send(ch, "DESCRIBE " + URL + " RTSP/1.0\r\nCSeq: 1\r\n\r\n")).get(1);
    String nonce = param(challenge, "nonce");
    // FFmpeg: qop=auth, nc, cnonce, algorithm=MD5, uri = the request URL
    String ha1 = md5("viewer:cams:pa:ss");
    String resp = md5(ha1 + ":" + nonce + ":00000001:abc:auth:" + md5("DESCRIBE:" + URL));
    String ffmpeg = "Digest username=\"viewer\", realm=\"cams\", nonce=\"" + nonce + "\", uri=\"" + URL
        + "\", response=\"" + resp + "\", algorithm=\"MD5\", qop=\"auth\", cnonce=\"abc\", nc=00000001";
    assertNull(send(ch, "DESCRIBE " + URL + " RTSP/1.0\r\nCSeq: 2\r\nAuthorization: " + ffmpeg + "\r\n\r\n"));
    String replay = send(ch, "DESCRIBE " + URL + " RTSP/1.0\r\nCSeq: 3\r\nAuthorization: " + ffmpeg + "\r\n\r\n");
    assertTrue(replay.startsWith("RTSP/1.0 401 "), "a replayed nonce count is refused: " + replay);
    // the method and the URI are bound
    String setupUrl = URL + "/track=video";
    assertTrue(send(ch, "SETUP " + setupUrl + " RTSP/1.0\r\nCSeq: 4\r\nAuthorization: "
        + ffmpeg.replace("nc=00000001", "nc=00000002") + "\r\n\r\n").startsWith("RTSP/1.0 401 "));
    // GStreamer 1.22: no qop (RFC 2069 style)
    String gst = "Digest username=\"viewer\", realm=\"cams\", nonce=\"" + nonce + "\", uri=\"" + setupUrl
        + "\", response=\"" + md5(ha1 + ":" + nonce + ":" + md5("SETUP:" + setupUrl)) + "\"";
    assertNull(send(ch, "SETUP " + setupUrl + " RTSP/1.0\r\nCSeq: 5\r\nAuthorization: " + gst + "\r\n\r\n"));
    String wrong = gst.replace("response=\"", "response=\"0");
    String refused = send(ch, "SETUP " + setupUrl + " RTSP/1.0\r\nCSeq: 6\r\nAuthorization: " + wrong + "\r\n\r\n");
    assertTrue(refused.startsWith("RTSP/1.0 401 Unauthorized"), refused);
    assertEquals(2, challenges(refused).size(), "wrong credentials get fresh challenges: " + refused);
    // an expired nonce: 401 with stale=true, then a fresh nonce passes
    clock.advance(Duration.ofMinutes(2));
    String stale = send(ch, "SETUP " + setupUrl + " RTSP/1.0\r\nCSeq: 7\r\nAuthorization: " + gst + "\r\n\r\n");
    assertTrue(challenges(stale).get(0).endsWith("stale=true"), stale);
    String fresh = param(challenges(stale).get(1), "nonce");
    assertNull(send(ch, "SETUP " + setupUrl + " RTSP/1.0\r\nCSeq: 8\r\nAuthorization: " + gst.replace(nonce, fresh)
        .replaceAll("response=\"[0-9a-f]+\"", "response=\"" + md5(ha1 + ":" + fresh + ":" + md5("SETUP:" + setupUrl)) + "\"")
        + "\r\n\r\n"));
    ch.finishAndReleaseAll();
  }

  @Test
  void basic() {
    EmbeddedChannel ch = channel(AuthScheme.BASIC);
    String r = send(ch, "DESCRIBE " + URL + " RTSP/1.0\r\nCSeq: 1\r\n\r\n");
    assertEquals(List.of("Basic realm=\"cams\", charset=\"UTF-8\""), challenges(r));
    assertNull(send(ch, "DESCRIBE " + URL + " RTSP/1.0\r\nCSeq: 2\r\nAuthorization: Basic " + b64("viewer:pa:ss") + "\r\n\r\n"));
    assertTrue(send(ch, "DESCRIBE " + URL + " RTSP/1.0\r\nCSeq: 3\r\nAuthorization: Basic " + b64("viewer:nope")
        + "\r\n\r\n").startsWith("RTSP/1.0 401 "));
    // interleaved data is not a request: it passes (no session exists for it without an authenticated SETUP)
    ch.writeInbound(Unpooled.wrappedBuffer(new byte[] {'$', 1, 0, 2, 7, 7}));
    InterleavedFrame f = ch.readInbound();
    assertEquals(1, f.channel());
    f.release();
    ch.finishAndReleaseAll();
  }

  private static List<String> challenges(String response) {
    List<String> out = new ArrayList<>();
    for (String line : response.split("\r\n")) {
      if (line.startsWith(Rtsp.WWW_AUTHENTICATE + ": ")) {
        out.add(line.substring(Rtsp.WWW_AUTHENTICATE.length() + 2));
      }
    }
    return out;
  }

  private static String param(String challenge, String name) {
    Matcher m = Pattern.compile(name + "=\"([^\"]*)\"").matcher(challenge);
    assertTrue(m.find(), challenge);
    return m.group(1);
  }

  private static String md5(String s) {
    return DigestAlgorithm.MD5.hex(s);
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }
}
