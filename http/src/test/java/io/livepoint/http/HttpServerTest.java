package io.livepoint.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Clock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class HttpServerTest {
  static HttpServer server;

  /** Echoes the body length; answers 403 before the body when the path says so. */
  static final class Echo implements RequestHandler {
    long received;

    @Override
    public void onRequest(Exchange ex) {
      if (ex.subPath().startsWith("deny")) {
        ex.respond(HttpResponseStatus.FORBIDDEN, null, "denied\n");
        return;
      }
      if (ex.method().name().equals("GET")) {
        ex.respond(HttpResponseStatus.OK, "text/plain", "hello " + ex.subPath() + " over " + ex.protocol());
        return;
      }
      ex.acceptBody();
    }

    @Override
    public void onContent(Exchange ex, ByteBuf content) {
      received += content.readableBytes();
    }

    @Override
    public void onEnd(Exchange ex) {
      ex.respond(HttpResponseStatus.OK, "text/plain", "got " + received);
    }
  }

  /** Streams three pieces, each after a delay, without blocking the event loop. */
  static final class Streamer implements RequestHandler {
    @Override
    public void onRequest(Exchange ex) {
      ex.startResponse(HttpResponseStatus.OK, new DefaultHttpHeaders().set("content-type", "text/plain"));
      for (int i = 0; i < 3; i++) {
        int n = i;
        ex.executor().schedule(() -> {
          ex.write(Unpooled.copiedBuffer("part" + n + ";", StandardCharsets.US_ASCII));
          if (n == 2) {
            ex.finish();
          }
        }, 20L * (i + 1), TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Says whether the exchange reports a request body, answering after the body when there is one. */
  static final class BodyProbe implements RequestHandler {
    @Override
    public void onRequest(Exchange ex) {
      if (ex.hasBody()) {
        ex.acceptBody();
      } else {
        ex.respond(HttpResponseStatus.OK, "text/plain", "no body");
      }
    }

    @Override
    public void onEnd(Exchange ex) {
      ex.respond(HttpResponseStatus.OK, "text/plain", "body");
    }
  }

  @BeforeAll
  static void start() throws Exception {
    Router r = new Router().add("/echo/", Echo::new).add("/stream", Streamer::new).add("/probe", BodyProbe::new)
        .add("/broken", () -> ex -> {
          throw new IllegalStateException("a bug in the handler");
        });
    server = new HttpServer(new HttpServerConfig("127.0.0.1", 0, 0, null, null, Duration.ofSeconds(5)), r,
        Clock.SYSTEM).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private static HttpClient client(HttpClient.Version v) throws Exception {
    SSLContext ssl = SSLContext.getInstance("TLS");
    ssl.init(null, new TrustManager[] {new X509TrustManager() {
      public void checkClientTrusted(X509Certificate[] c, String a) {}

      public void checkServerTrusted(X509Certificate[] c, String a) {}

      public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
      }
    }}, new SecureRandom());
    return HttpClient.newBuilder().version(v).sslContext(ssl).build();
  }

  @Test
  void http11GetPostAndCors() throws Exception {
    HttpClient c = client(HttpClient.Version.HTTP_1_1);
    var get = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/echo/a?x=1"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, get.statusCode());
    assertEquals("hello a over HTTP/1.1", get.body());
    assertEquals("*", get.headers().firstValue("access-control-allow-origin").orElse(null));
    var post = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/echo/b"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[100_000])).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("got 100000", post.body());
    var missing = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/nothing"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(404, missing.statusCode());
  }

  @Test
  void h2cAndH2OverTls() throws Exception {
    HttpClient c = client(HttpClient.Version.HTTP_2);
    var h2c = c.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/echo/x"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(HttpClient.Version.HTTP_2, h2c.version());
    var h2 = c.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.httpsPort() + "/echo/y"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(HttpClient.Version.HTTP_2, h2.version());
    assertEquals("hello y over HTTP/2", h2.body());
    var post = c.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.httpsPort() + "/echo/z"))
        .POST(HttpRequest.BodyPublishers.ofByteArray(new byte[3_000_000])).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("got 3000000", post.body());
    var stream = c.send(HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + server.httpsPort() + "/stream"))
        .build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("part0;part1;part2;", stream.body());
  }

  @Test
  void chunkedStreamingOverHttp11() throws Exception {
    var r = client(HttpClient.Version.HTTP_1_1).send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + server.httpPort() + "/stream")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals("part0;part1;part2;", r.body());
  }

  @Test
  void expectContinueRejectedBeforeBody() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.httpPort())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /echo/deny HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\nExpect: 100-continue\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      String head = readAll(s.getInputStream());
      assertTrue(head.startsWith("HTTP/1.1 403"), head);
    }
    try (Socket s = new Socket("127.0.0.1", server.httpPort())) {
      s.setSoTimeout(5000);
      OutputStream out = s.getOutputStream();
      out.write(("POST /echo/ok HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      byte[] buf = new byte[25];
      int n = in.readNBytes(buf, 0, 25);
      assertTrue(new String(buf, 0, n, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 100 Continue"));
      out.write("abcd".getBytes(StandardCharsets.US_ASCII));
      out.write("GET /echo/again HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      String rest = readAll(in);
      assertTrue(rest.contains("got 4"), rest);
      assertTrue(rest.contains("hello again"), rest);
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.httpPort())) {
      s.setSoTimeout(5000);
      // One write: both requests reach the server together, the first answered by a delayed stream.
      s.getOutputStream().write(("GET /stream HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /echo/second HTTP/1.1\r\nHost: x\r\n\r\n"
          + "POST /echo/third HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nConnection: close\r\n\r\nabcde")
          .getBytes(StandardCharsets.US_ASCII));
      List<RawHttp.Response> r = RawHttp.readAll(s.getInputStream());
      assertEquals(3, r.size(), r.toString());
      assertTrue(r.get(0).chunked());
      assertEquals("part0;part1;part2;", r.get(0).body());
      assertEquals("hello second over HTTP/1.1", r.get(1).body());
      assertEquals("got 5", r.get(2).body());
    }
  }

  @Test
  void aFailingHandlerIs500AndTheConnectionGoesOn() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.httpPort())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(("GET /broken HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET /echo/after HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      List<RawHttp.Response> r = RawHttp.readAll(s.getInputStream());
      assertEquals(2, r.size(), r.toString());
      assertEquals(500, r.get(0).status());
      assertEquals("internal error\n", r.get(0).body());
      assertEquals("hello after over HTTP/1.1", r.get(1).body());
    }
  }

  @Test
  void invalidAbsoluteTargetIs400AndTheConnectionGoesOn() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.httpPort())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(("GET http://[bad/x HTTP/1.1\r\nHost: x\r\n\r\n"
          + "GET http://127.0.0.1/echo/fine?q=1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      List<RawHttp.Response> r = RawHttp.readAll(s.getInputStream());
      assertEquals(2, r.size(), r.toString());
      assertEquals(400, r.get(0).status());
      assertEquals("malformed request target\n", r.get(0).body());
      assertEquals("hello fine over HTTP/1.1", r.get(1).body());
    }
  }

  @Test
  void hasBodyOverHttp11() throws Exception {
    HttpClient c = client(HttpClient.Version.HTTP_1_1);
    URI probe = URI.create("http://127.0.0.1:" + server.httpPort() + "/probe");
    assertEquals("no body", c.send(HttpRequest.newBuilder(probe).build(), HttpResponse.BodyHandlers.ofString()).body());
    assertEquals("no body", c.send(HttpRequest.newBuilder(probe).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString()).body(), "Content-Length: 0 is a probe");
    assertEquals("body", c.send(HttpRequest.newBuilder(probe).POST(HttpRequest.BodyPublishers.ofString("x")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
    try (Socket s = new Socket("127.0.0.1", server.httpPort())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write(("POST /probe HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n"
          + "Connection: close\r\n\r\n3\r\nabc\r\n0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      assertEquals("body", RawHttp.readAll(s.getInputStream()).get(0).body());
    }
  }

  @Test
  void hasBodyOverHttp2() throws Exception {
    HttpClient c = client(HttpClient.Version.HTTP_2);
    URI probe = URI.create("https://127.0.0.1:" + server.httpsPort() + "/probe");
    var get = c.send(HttpRequest.newBuilder(probe).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(HttpClient.Version.HTTP_2, get.version());
    assertEquals("no body", get.body(), "END_STREAM on the headers");
    assertEquals("body", c.send(HttpRequest.newBuilder(probe).POST(HttpRequest.BodyPublishers.ofString("xyz")).build(),
        HttpResponse.BodyHandlers.ofString()).body());
  }

  private static String readAll(InputStream in) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    in.transferTo(b);
    return b.toString(StandardCharsets.US_ASCII);
  }
}
