package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.testkit.Peer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What a newcomer sees: the built-in demo stream, listed on the page, served over HTTP/2 to nghttp, and
 * playing in both players.
 */
@Tag("it")
class DemoIT {
  /** nghttp (nghttp2's client) fetches {@code url} over HTTP/2 and gets a 200 with a body. */
  static void assertHttp2(String url, String how) throws Exception {
    var r = Peer.run(Duration.ofSeconds(20), "nghttp", "-v", "-n", url);
    assertEquals(0, r.exitCode(), how + ": " + r.output());
    assertTrue(r.output().contains(":status: 200"), how + ": " + r.output());
    assertTrue(r.output().contains("recv DATA frame"), how + ": " + r.output());
  }

  @Test
  void demoStreamIsListedAndPlays() throws Exception {
    try (LiveServerFixture live = new LiveServerFixture("demo.enabled", "true")) {
      live.awaitLive("demo", 2, 2, Duration.ofSeconds(10));
      HttpClient http = HttpClient.newHttpClient();
      var api = http.send(HttpRequest.newBuilder(URI.create(live.base() + "/api/streams")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, api.statusCode());
      assertTrue(api.body().contains("\"name\":\"demo\""), api.body());
      var page = http.send(HttpRequest.newBuilder(URI.create(live.base() + "/")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertEquals(200, page.statusCode());
      assertTrue(page.body().contains("<html") || page.body().contains("<!doctype"), page.body());
      assertHttp2(live.base() + "/live/demo/index.mpd", "h2c (prior knowledge)");
      assertHttp2("https://127.0.0.1:" + live.server.httpsPort() + "/live/demo/video/index.m3u8", "h2 over TLS (ALPN)");
      live.assertPlaysInBothPlayers("demo", "built-in demo");
    }
  }
}
