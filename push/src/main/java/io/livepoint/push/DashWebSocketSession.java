package io.livepoint.push;

import io.livepoint.core.LiveStream;
import io.livepoint.core.Segment;
import io.livepoint.core.StreamRegistry;
import io.livepoint.http.RequestHandler;
import io.livepoint.http.WebSocketHandler;
import io.livepoint.http.WebSocketSession;
import io.livepoint.packager.OutputPath;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server side of the MPEG-DASH WebSocket sub-protocol on {@code /live/{stream}/} (ISO/IEC 23009-6 8):
 * MPD and segment requests are answered by the packager through a {@link WsExchange}; a push directive on
 * a request runs the same {@link PushPlanner} as over HTTP/2, each pushed resource sent (on a server
 * stream id, high bit set) as soon as it exists; a segment cancel stops a response and the strategy it
 * belongs to; a request with push-none stops every strategy. Malformed messages close the socket with
 * 1007 (invalid payload data) after a log line.
 */
final class DashWebSocketSession implements WebSocketHandler {
  private static final Logger LOG = LoggerFactory.getLogger(DashWebSocketSession.class);
  private static final long SERVER_STREAM = 0x8000_0000L;
  private static final int CLOSE_INVALID = 1007;
  private static final int CLOSE_GOING_AWAY = 1001;

  private final String streamName;
  private final Supplier<RequestHandler> packager;
  private final StreamRegistry registry;
  private final PushConfig config;
  private final Map<Long, WsExchange> open = new HashMap<>();
  /** Stream ids of a strategy: the request's and its pushes' (a cancel of any stops them all). */
  private final Map<Long, List<Long>> strategyOf = new HashMap<>();
  private final List<CompletableFuture<Segment>> waits = new ArrayList<>();
  private long nextPushId = SERVER_STREAM | 1;
  /** Tells this session when its stream is removed; registered while the session is open. */
  private java.util.function.Consumer<LiveStream> removed;

  DashWebSocketSession(String streamName, Supplier<RequestHandler> packager, StreamRegistry registry,
      PushConfig config) {
    this.streamName = streamName;
    this.packager = packager;
    this.registry = registry;
    this.config = config;
  }

  @Override
  public void onBinary(WebSocketSession ws, ByteBuf data) {
    DashWsMessage m;
    try {
      m = DashWsCodec.decode(data);
    } catch (DashWsFormatException e) {
      LOG.info("{} {}: bad DASH WebSocket message, closing: {}", ws.remoteAddress(), ws.path(), e.getMessage());
      ws.close(CLOSE_INVALID, "bad message");
      return;
    }
    try {
      switch (m.type()) {
        case MPD_REQUEST, SEGMENT_REQUEST -> request(ws, m);
        case SEGMENT_CANCEL -> cancel(m.streamId());
        default -> {
          LOG.info("{} {}: server message {} sent by the client, closing", ws.remoteAddress(), ws.path(), m.type());
          ws.close(CLOSE_INVALID, "unexpected message");
        }
      }
    } finally {
      m.release();
    }
  }

  @Override
  public void onText(WebSocketSession ws, String text) {
    LOG.info("{} {}: text message on the DASH sub-protocol, closing", ws.remoteAddress(), ws.path());
    ws.close(CLOSE_INVALID, "binary messages only");
  }

  @Override
  public void onOpen(WebSocketSession ws) {
    LOG.info("{} {}: DASH WebSocket session open ({})", ws.remoteAddress(), ws.path(), ws.subprotocol());
    // The stream going away (its source stopped and the registry swept it) ends the session (8.4.5).
    removed = gone -> {
      if (gone.name().equals(streamName)) {
        ws.executor().execute(() -> {
          if (ws.isOpen()) {
            endOfStream(ws, "stream '" + streamName + "' ended");
          }
        });
      }
    };
    registry.addRemovalListener(removed);
  }

  private void request(WebSocketSession ws, DashWsMessage m) {
    LiveStream stream = registry.get(streamName);
    if (stream == null) {
      endOfStream(ws, "stream '" + streamName + "' is not live");
      return;
    }
    PushTarget target = PushPlanner.resolve(m.url(), OutputPath.ROUTE + streamName + "/", stream);
    if (target == null) {
      // Not an output of this stream: answered as HTTP would, 404 from the packager's point of view.
      WsExchange ex = new WsExchange(ws, m.streamId(), m.url(), OutputPath.ROUTE + streamName + "/",
          m.type() == DashWsMessage.Type.MPD_REQUEST);
      ex.respond(io.netty.handler.codec.http.HttpResponseStatus.NOT_FOUND, null, "no such output\n");
      return;
    }
    WsExchange ex = new WsExchange(ws, m.streamId(), m.url(), target.path(), target.track() == null);
    PushPlan plan = m.pushDirective() == null ? null : plan(ws, m, stream, target);
    if (plan != null) {
      ex.pushAck(new PushAck(plan.applied()).format());
    }
    serve(ex); // the requested resource first, then what the strategy pushes
    if (plan != null && !plan.targets().isEmpty()) {
      push(ws, m.streamId(), plan);
    }
  }

  /** The plan for the request's directive (push-none cancels every strategy and plans nothing). */
  private PushPlan plan(WebSocketSession ws, DashWsMessage m, LiveStream stream, PushTarget requested) {
    PushStrategy asked;
    try {
      asked = PushDirective.parse(m.pushDirective()).strategy();
    } catch (PushSyntaxException e) {
      LOG.info("{} {}: push directive rejected: {}", ws.remoteAddress(), ws.path(), e.getMessage());
      return PushPlan.none();
    }
    if (asked instanceof PushStrategy.None) {
      new ArrayList<>(strategyOf.keySet()).forEach(this::cancel);
      return PushPlan.none();
    }
    if (!config.enabled()) {
      return PushPlan.none();
    }
    OutputPath out = OutputPath.parse(requested.path().substring(OutputPath.ROUTE.length()));
    int budget = config.maxStreams() - (int) open.keySet().stream().filter(id -> id >= SERVER_STREAM).count();
    PushPlan plan = PushPlanner.plan(asked, out, requested.path(), stream, budget);
    if (!plan.applied().equals(asked)) {
      LOG.info("{} {}: push strategy downgraded from {} to {}", ws.remoteAddress(), ws.path(),
          PushPolicySyntax.format(asked), PushPolicySyntax.format(plan.applied()));
    }
    return plan;
  }

  /** Sends each planned resource on its own server stream id as soon as it exists. */
  private void push(WebSocketSession ws, long requestId, PushPlan plan) {
    List<Long> ids = new ArrayList<>();
    ids.add(requestId);
    for (PushTarget t : plan.targets()) {
      long id = nextPushId++;
      ids.add(id);
      WsExchange push = new WsExchange(ws, id, t.path().substring(OutputPath.ROUTE.length() + streamName.length() + 1),
          t.path(), t.track() == null);
      open.put(id, push);
      if (!t.isSegment()) {
        serve(push);
        continue;
      }
      CompletableFuture<Segment> started = t.track().awaitSegment(t.number());
      waits.add(started);
      started.whenComplete((seg, err) -> ws.executor().execute(() -> {
        waits.remove(started);
        if (push.done()) {
          return;
        }
        if (seg == null) {
          if (!started.isCancelled()) {
            push.abort(); // gone from the window, or the track ended: end of stream for this id
          }
          open.remove(id);
        } else {
          serve(push);
        }
      }));
    }
    for (Long id : ids) {
      strategyOf.put(id, ids);
    }
  }

  private void serve(WsExchange ex) {
    open.put(ex.streamId(), ex);
    ex.onDone(() -> open.remove(ex.streamId()));
    try {
      packager.get().onRequest(ex);
    } catch (Exception e) {
      LOG.error("{}: serving over WebSocket failed", ex.path(), e);
      ex.abort();
    }
  }

  /** Stops the response on {@code streamId} and the whole strategy it belongs to. */
  private void cancel(long streamId) {
    List<Long> ids = strategyOf.remove(streamId);
    for (long id : ids == null ? List.of(streamId) : ids) {
      strategyOf.remove(id);
      WsExchange ex = open.remove(id);
      if (ex != null) {
        ex.cancel();
      }
    }
  }

  @Override
  public void onClose(WebSocketSession ws, int code, String reason) {
    if (removed != null) {
      registry.removeRemovalListener(removed);
    }
    new ArrayList<>(waits).forEach(w -> w.cancel(false));
    new ArrayList<>(open.values()).forEach(WsExchange::cancel);
    open.clear();
    strategyOf.clear();
  }

  /** Tells the client the live stream is gone (8.4.5) and closes. */
  void endOfStream(WebSocketSession ws, String reason) {
    ws.sendBinary(DashWsCodec.encode(ws.alloc(), new DashWsMessage(DashWsMessage.Type.END_OF_STREAM, 0, null, null,
        null, -1, null, false, reason, Unpooled.EMPTY_BUFFER)));
    ws.close(CLOSE_GOING_AWAY, reason);
  }
}
