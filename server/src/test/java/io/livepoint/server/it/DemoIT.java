package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** What a newcomer sees: the built-in demo stream, listed on the page and playing in both players. */
@Tag("it")
class DemoIT {
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
      live.assertPlaysInBothPlayers("demo", "built-in demo");
    }
  }
}
