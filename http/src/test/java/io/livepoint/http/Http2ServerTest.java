package io.livepoint.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Clock;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http2.Http2Error;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP/2 streams and connections against a short idle timeout (h2c, prior knowledge and Upgrade). */
class Http2ServerTest {
  static final long IDLE_MS = 400;
  static HttpServer server;

  /** Streams six pieces 150 ms apart: 900 ms in all, more than twice the idle timeout. */
  static final class SlowStream implements RequestHandler {
    @Override
    public void onRequest(Exchange ex) {
      ex.startResponse(HttpResponseStatus.OK, new DefaultHttpHeaders().set("content-type", "text/plain"));
      for (int i = 0; i < 6; i++) {
        int n = i;
        ex.executor().schedule(() -> {
          ex.write(Unpooled.copiedBuffer("piece" + n + ";", StandardCharsets.US_ASCII));
          if (n == 5) {
            ex.finish();
          }
        }, 150L * (i + 1), TimeUnit.MILLISECONDS);
      }
    }
  }

  @BeforeAll
  static void start() throws Exception {
    Router r = new Router().add("/echo/", HttpServerTest.Echo::new).add("/slow", SlowStream::new);
    server = new HttpServer(new HttpServerConfig("127.0.0.1", 0, -1, null, null, Duration.ofMillis(IDLE_MS)),
        r, Clock.SYSTEM).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void priorKnowledgeActiveStreamOutlivesIdleTimeoutThenIdleConnectionCloses() throws Exception {
    try (H2cClient c = new H2cClient(server.httpPort())) {
      H2cClient.Stream s = c.open(c.request("GET", "/slow"), true);
      assertEquals("200", s.headers.get(5, TimeUnit.SECONDS).status().toString());
      assertEquals("piece0;piece1;piece2;piece3;piece4;piece5;", s.ended.get(5, TimeUnit.SECONDS));
      assertFalse(s.reset.isDone(), "stream was reset");
      assertTrue(c.connection.isActive(), "connection closed while a stream was active");
      // No stream active any more: the connection idles out.
      assertTrue(c.connection.closeFuture().await(IDLE_MS * 5), "idle HTTP/2 connection left open");
    }
  }

  @Test
  void upgradedConnectionKeepsActiveStreamPastIdleTimeout() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).build();
    var r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/echo/up"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(HttpClient.Version.HTTP_2, r.version(), "h2c upgrade");
    var slow = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/slow"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(HttpClient.Version.HTTP_2, slow.version());
    assertEquals("piece0;piece1;piece2;piece3;piece4;piece5;", slow.body());
  }

  @Test
  void stalledUploadIsAnswered408AndResetWithoutClosingTheConnection() throws Exception {
    try (H2cClient c = new H2cClient(server.httpPort())) {
      H2cClient.Stream s = c.open(c.request("POST", "/echo/upload"), false);
      s.send(Unpooled.copiedBuffer(new byte[100]), false);
      long start = System.nanoTime();
      assertEquals("408", s.headers.get(5, TimeUnit.SECONDS).status().toString());
      long waitedMs = (System.nanoTime() - start) / 1_000_000;
      assertTrue(waitedMs >= IDLE_MS / 2, "cut after " + waitedMs + " ms");
      assertEquals("request body timed out\n", s.ended.get(5, TimeUnit.SECONDS));
      assertEquals(Http2Error.NO_ERROR.code(), s.reset.get(5, TimeUnit.SECONDS), "RST_STREAM error code");
      // Only the stream was cut: the connection still serves.
      H2cClient.Stream again = c.open(c.request("GET", "/echo/again"), true);
      assertEquals("hello again over HTTP/2", again.ended.get(5, TimeUnit.SECONDS));
    }
  }

  @Test
  void earlyAnswerEndsTheStreamWithNoError() throws Exception {
    try (H2cClient c = new H2cClient(server.httpPort())) {
      H2cClient.Stream s = c.open(c.request("PUT", "/echo/deny"), false);
      assertEquals("403", s.headers.get(5, TimeUnit.SECONDS).status().toString());
      assertEquals("denied\n", s.ended.get(5, TimeUnit.SECONDS));
      assertEquals(Http2Error.NO_ERROR.code(), s.reset.get(5, TimeUnit.SECONDS),
          "RFC 9113 8.1: NO_ERROR, not CANCEL, after a complete early response");
    }
  }

  @Test
  void uploadWithinTheIdleTimeoutIsReceived() throws Exception {
    try (H2cClient c = new H2cClient(server.httpPort())) {
      H2cClient.Stream s = c.open(c.request("POST", "/echo/steady"), false);
      // 100 ms apart, 600 ms in all: the body as a whole takes longer than the idle timeout.
      for (int i = 0; i < 6; i++) {
        Thread.sleep(IDLE_MS / 4);
        s.send(Unpooled.copiedBuffer(new byte[1000]), i == 5);
      }
      assertEquals("200", s.headers.get(5, TimeUnit.SECONDS).status().toString());
      assertEquals("got 6000", s.ended.get(5, TimeUnit.SECONDS));
    }
  }
}
