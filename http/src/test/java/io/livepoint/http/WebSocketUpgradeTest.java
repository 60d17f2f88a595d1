package io.livepoint.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Clock;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** WebSocket upgrade through {@link Exchange#upgradeToWebSocket} against the JDK WebSocket client. */
class WebSocketUpgradeTest {
  static HttpServer server;
  static final BlockingQueue<String> CLOSES = new LinkedBlockingQueue<>();

  /** Upgrades when asked (sub-protocol "echo-v1"): echoes text upper-cased and binary reversed; else 200 "plain". */
  static final class Echo implements RequestHandler {
    @Override
    public void onRequest(Exchange ex) {
      if (ex.upgradeToWebSocket(List.of("echo-v1"), new WebSocketHandler() {
        @Override
        public void onOpen(WebSocketSession s) {
          s.sendText("open " + s.path() + " " + s.subprotocol());
        }

        @Override
        public void onText(WebSocketSession s, String text) {
          if (text.equals("bye")) {
            s.close(1000, "bye");
          } else {
            s.sendText(text.toUpperCase());
          }
        }

        @Override
        public void onBinary(WebSocketSession s, ByteBuf data) {
          byte[] b = ByteBufUtil.getBytes(data);
          ByteBuf out = s.alloc().buffer(b.length);
          for (int i = b.length - 1; i >= 0; i--) {
            out.writeByte(b[i]);
          }
          s.sendBinary(out);
        }

        @Override
        public void onClose(WebSocketSession s, int code, String reason) {
          CLOSES.add(code + " " + reason);
        }
      })) {
        return;
      }
      ex.respond(HttpResponseStatus.OK, "text/plain", "plain " + ex.protocol());
    }
  }

  @BeforeAll
  static void start() throws Exception {
    server = new HttpServer(new HttpServerConfig("127.0.0.1", 0, -1, null, null, Duration.ofSeconds(5)),
        new Router().add("/ws/", Echo::new), Clock.SYSTEM).start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  /** Collects what the client receives. */
  static final class Listener implements WebSocket.Listener {
    final BlockingQueue<String> got = new LinkedBlockingQueue<>();
    private final StringBuilder text = new StringBuilder();
    private final java.io.ByteArrayOutputStream bin = new java.io.ByteArrayOutputStream();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      text.append(data);
      if (last) {
        got.add("text:" + text);
        text.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onBinary(WebSocket ws, ByteBuffer data, boolean last) {
      byte[] b = new byte[data.remaining()];
      data.get(b);
      bin.writeBytes(b);
      if (last) {
        got.add("binary:" + bin.toString(StandardCharsets.US_ASCII));
        bin.reset();
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
      got.add("close:" + code + " " + reason);
      return null;
    }
  }

  @Test
  void upgradesAndExchangesMessagesWithTheAgreedSubprotocol() throws Exception {
    CLOSES.clear();
    Listener l = new Listener();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("other", "echo-v1")
        .buildAsync(URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws/x"), l).get(5, TimeUnit.SECONDS);
    assertEquals("echo-v1", ws.getSubprotocol());
    assertEquals("text:open /ws/x echo-v1", l.got.poll(5, TimeUnit.SECONDS));
    ws.sendText("hello", true).get(5, TimeUnit.SECONDS);
    assertEquals("text:HELLO", l.got.poll(5, TimeUnit.SECONDS));
    ws.sendBinary(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)), true).get(5, TimeUnit.SECONDS);
    assertEquals("binary:cba", l.got.poll(5, TimeUnit.SECONDS));
    ws.sendText("bye", true).get(5, TimeUnit.SECONDS);
    assertEquals("close:1000 bye", l.got.poll(5, TimeUnit.SECONDS));
    assertEquals("1000 bye", CLOSES.poll(5, TimeUnit.SECONDS));
  }

  @Test
  void clientCloseIsReportedOnce() throws Exception {
    CLOSES.clear();
    Listener l = new Listener();
    WebSocket ws = HttpClient.newHttpClient().newWebSocketBuilder()
        .buildAsync(URI.create("ws://127.0.0.1:" + server.httpPort() + "/ws/y"), l).get(5, TimeUnit.SECONDS);
    assertEquals("", ws.getSubprotocol());
    assertEquals("text:open /ws/y null", l.got.poll(5, TimeUnit.SECONDS));
    ws.sendClose(4000, "done").get(5, TimeUnit.SECONDS);
    assertEquals("4000 done", CLOSES.poll(5, TimeUnit.SECONDS));
    assertTrue(CLOSES.poll(300, TimeUnit.MILLISECONDS) == null);
  }

  @Test
  void plainRequestsAndHttp2AreAnsweredAsHttp() throws Exception {
    HttpResponse<String> h1 = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build().send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpPort() + "/ws/x")).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals("plain HTTP/1.1", h1.body());
    try (H2cClient c = new H2cClient(server.httpPort())) {
      H2cClient.Stream s = c.open(c.request("GET", "/ws/x"), true);
      assertEquals("plain HTTP/2", s.ended.get(5, TimeUnit.SECONDS));
    }
  }
}
