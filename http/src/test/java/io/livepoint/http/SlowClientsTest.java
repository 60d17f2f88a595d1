package io.livepoint.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Clock;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** HTTP/1.1 clients that read slowly, or not at all, against short idle and write timeouts. */
class SlowClientsTest {
  static final long IDLE_MS = 400;
  static final long WRITE_MS = 500;
  static final long FLOOD_LIMIT = 1L << 30;
  static HttpServer server;

  /** Writes as fast as the connection takes bytes, up to 1 GiB; reports how the exchange ended. */
  static final class Flood implements RequestHandler {
    static final CompletableFuture<Boolean> finishedWhenDone = new CompletableFuture<>();
    private long written;
    private boolean finished;

    @Override
    public void onRequest(Exchange ex) {
      ex.startResponse(HttpResponseStatus.OK, new DefaultHttpHeaders().set("content-type", "application/octet-stream"));
      ex.onDone(() -> finishedWhenDone.complete(finished));
      pump(ex);
    }

    private void pump(Exchange ex) {
      while (!ex.done() && ex.writable()) {
        if (written >= FLOOD_LIMIT) {
          finished = true;
          ex.finish();
          return;
        }
        ByteBuf b = ex.alloc().buffer(1 << 16);
        b.writeZero(1 << 16);
        written += b.readableBytes();
        ex.write(b);
      }
      ex.onWritable(() -> pump(ex));
    }
  }

  @BeforeAll
  static void start() throws Exception {
    Router r = new Router().add("/slow", Http2ServerTest.SlowStream::new).add("/flood", Flood::new)
        .add("/echo/", HttpServerTest.Echo::new);
    HttpServerConfig config = new HttpServerConfig("127.0.0.1", 0, -1, null, null, Duration.ofMillis(IDLE_MS))
        .withWriteTimeout(Duration.ofMillis(WRITE_MS));
    server = new HttpServer(config, r, Clock.SYSTEM).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void streamedAnswerLongerThanTheIdleTimeoutIsNotCut() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.httpPort())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write("GET /slow HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      List<RawHttp.Response> r = RawHttp.readAll(s.getInputStream());
      assertEquals(1, r.size());
      assertTrue(r.get(0).chunked());
      assertEquals("piece0;piece1;piece2;piece3;piece4;piece5;", r.get(0).body());
    }
  }

  @Test
  void idleKeepAliveConnectionIsClosed() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.httpPort())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write("GET /echo/a HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      long start = System.nanoTime();
      List<RawHttp.Response> r = RawHttp.readAll(s.getInputStream()); // returns once the server closes
      long ms = (System.nanoTime() - start) / 1_000_000;
      assertEquals("hello a over HTTP/1.1", r.get(0).body());
      assertTrue(ms >= IDLE_MS / 2 && ms < 4000, "closed after " + ms + " ms");
    }
  }

  @Test
  void stalledRequestBodyIsAnswered408() throws Exception {
    try (Socket s = new Socket("127.0.0.1", server.httpPort())) {
      s.setSoTimeout(5000);
      s.getOutputStream().write("POST /echo/up HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\nonly this"
          .getBytes(StandardCharsets.US_ASCII));
      List<RawHttp.Response> r = RawHttp.readAll(s.getInputStream());
      assertEquals(408, r.get(0).status());
      assertEquals("close", r.get(0).headers().get("connection"));
    }
  }

  @Test
  void readerThatNeverReadsIsDroppedAfterTheWriteTimeout() throws Exception {
    try (Socket s = new Socket()) {
      s.setReceiveBufferSize(4096);
      s.connect(new java.net.InetSocketAddress("127.0.0.1", server.httpPort()));
      OutputStream out = s.getOutputStream();
      out.write("GET /flood HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      // The client reads nothing: the server must give up on its own, not buffer without limit.
      boolean finished = Flood.finishedWhenDone.get(10, TimeUnit.SECONDS);
      assertFalse(finished, "the response was cut off, not finished");
      // The client sees a cut connection: some bytes, then end of stream (or a reset), far short of the whole.
      s.setSoTimeout(5000);
      long received = 0;
      InputStream in = s.getInputStream();
      byte[] buf = new byte[1 << 16];
      try {
        for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
          received += n;
        }
      } catch (SocketException reset) {
        // connection reset by the server: also a cut
      }
      assertTrue(received < FLOOD_LIMIT, "received " + received);
    }
  }
}
