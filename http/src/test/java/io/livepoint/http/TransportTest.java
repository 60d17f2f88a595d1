package io.livepoint.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.livepoint.core.Clock;
import io.netty.channel.epoll.Epoll;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The same server behaviour over each socket layer: HTTP/1.1 and h2c requests, bodies and streamed responses. */
class TransportTest {

  @ParameterizedTest
  @EnumSource(Transport.class)
  void servesHttp11AndH2c(Transport transport) throws Exception {
    assumeTrue(transport != Transport.EPOLL || Epoll.isAvailable(),
        () -> "epoll is not available here: " + Epoll.unavailabilityCause());
    Router r = new Router().add("/echo/", HttpServerTest.Echo::new).add("/stream", HttpServerTest.Streamer::new);
    HttpServerConfig config = new HttpServerConfig("127.0.0.1", 0, -1, null, null, Duration.ofSeconds(5))
        .withTransport(transport);
    try (HttpServer server = new HttpServer(config, r, Clock.SYSTEM).start()) {
      String base = "http://127.0.0.1:" + server.httpPort();
      for (HttpClient.Version v : HttpClient.Version.values()) {
        HttpClient c = HttpClient.newBuilder().version(v).build();
        var get = c.send(HttpRequest.newBuilder(URI.create(base + "/echo/x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, get.statusCode());
        assertTrue(get.body().startsWith("hello x over HTTP/"), get.body());
        var post = c.send(HttpRequest.newBuilder(URI.create(base + "/echo/up"))
            .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[300_000])).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("got 300000", post.body(), transport + " " + v);
        var streamed = c.send(HttpRequest.newBuilder(URI.create(base + "/stream")).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals("part0;part1;part2;", streamed.body(), transport + " " + v);
      }
    }
  }

  @Test
  void namesFromTheConfiguration() {
    assertEquals(Transport.best(), Transport.named("auto"));
    assertEquals(Transport.NIO, Transport.named("NIO"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transport.named("io_uring"));
    assertTrue(e.getMessage().contains("auto, nio or epoll"), e.getMessage());
    if (Epoll.isAvailable()) {
      assertEquals(Transport.EPOLL, Transport.named("epoll"));
    } else {
      assertThrows(IllegalArgumentException.class, () -> Transport.named("epoll"));
    }
  }
}
