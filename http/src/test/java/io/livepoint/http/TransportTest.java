package io.livepoint.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.livepoint.core.Clock;
import io.netty.incubator.channel.uring.IOUring;
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
    assumeTrue(transport != Transport.IO_URING || IOUring.isAvailable(),
        () -> "io_uring is not available here: " + IOUring.unavailabilityCause());
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
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Transport.named("epoll"));
    assertTrue(e.getMessage().contains("auto, nio or io_uring"), e.getMessage());
    if (IOUring.isAvailable()) {
      assertEquals(Transport.IO_URING, Transport.named("io_uring"));
    } else {
      assertThrows(IllegalArgumentException.class, () -> Transport.named("io_uring"));
    }
  }
}
