package io.livepoint.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Clock;
import io.livepoint.core.StreamRegistry;
import io.livepoint.http.WebSocketSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DashWebSocketSessionTest {
  private final StreamRegistry registry = new StreamRegistry(Clock.SYSTEM);
  private final EmbeddedChannel channel = new EmbeddedChannel();

  @AfterEach
  void close() {
    registry.close();
    channel.finishAndReleaseAll();
  }

  /** A session that records what the server sends and how it closes. */
  final class Recorded implements WebSocketSession {
    final List<DashWsMessage> sent = new ArrayList<>();
    int closeCode;
    boolean open = true;

    @Override
    public String path() {
      return "/live/live/";
    }

    @Override
    public String subprotocol() {
      return PushConstants.WS_SUBPROTOCOL;
    }

    @Override
    public SocketAddress remoteAddress() {
      return new InetSocketAddress("127.0.0.1", 1);
    }

    @Override
    public EventExecutor executor() {
      return ImmediateEventExecutor.INSTANCE;
    }

    @Override
    public ByteBufAllocator alloc() {
      return ByteBufAllocator.DEFAULT;
    }

    @Override
    public ChannelFuture sendText(String text) {
      return newSucceededFuture();
    }

    @Override
    public ChannelFuture sendBinary(ByteBuf data) {
      try {
        sent.add(DashWsCodec.decode(data));
      } catch (DashWsFormatException e) {
        throw new AssertionError("the server sent a malformed message", e);
      } finally {
        data.release();
      }
      return newSucceededFuture();
    }

    @Override
    public void close(int code, String reason) {
      closeCode = code;
      open = false;
    }

    @Override
    public boolean isOpen() {
      return open;
    }

    @Override
    public ChannelFuture newSucceededFuture() {
      return new DefaultChannelPromise(channel).setSuccess();
    }

    @Override
    public boolean writable() {
      return true;
    }

    @Override
    public void onWritable(Runnable task) {
      task.run();
    }
  }

  @Test
  void theStreamGoingAwayEndsTheSessionWithEndOfStream() {
    registry.getOrCreate("live");
    registry.getOrCreate("other");
    DashWebSocketSession session = new DashWebSocketSession("live", () -> null, registry, PushConfig.DEFAULTS);
    Recorded ws = new Recorded();
    session.onOpen(ws);
    registry.remove("other");
    assertTrue(ws.sent.isEmpty(), "another stream's end is not this session's");
    registry.remove("live");
    assertEquals(1, ws.sent.size());
    assertEquals(DashWsMessage.Type.END_OF_STREAM, ws.sent.get(0).type());
    assertEquals(1001, ws.closeCode);
    ws.sent.forEach(DashWsMessage::release);
    session.onClose(ws, 1001, "going away");
    registry.getOrCreate("live");
    registry.remove("live"); // no longer listening
    assertEquals(1, ws.sent.size());
  }
}
