package io.livepoint.push;

import io.livepoint.core.LiveStream;
import io.livepoint.core.StreamRegistry;
import io.livepoint.http.Exchange;
import io.livepoint.http.RequestHandler;
import io.livepoint.http.ServerPush;
import io.livepoint.packager.OutputPath;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request below {@code /live/}: when it carries a PushDirective (7.1), plans and promises the pushes,
 * then lets the packager's handler answer it with the PushAck (7.2) on the response. Requests without a
 * directive go to the packager untouched. A bad or unusable directive never fails the request: the
 * answer is the plain resource with the ack {@code push-none}.
 */
final class PushHandler implements RequestHandler {
  private static final Logger LOG = LoggerFactory.getLogger(PushHandler.class);

  private final Supplier<RequestHandler> packagers;
  private final RequestHandler packager;
  private final StreamRegistry registry;
  private final PushConfig config;
  private Exchange wrapped;

  PushHandler(Supplier<RequestHandler> packagers, StreamRegistry registry, PushConfig config) {
    this.packagers = packagers;
    this.packager = packagers.get();
    this.registry = registry;
    this.config = config;
  }

  @Override
  public void onRequest(Exchange ex) throws Exception {
    if (ex.webSocketRequested() && upgrade(ex)) {
      return;
    }
    String value = directive(ex);
    if (value == null) {
      wrapped = ex;
      packager.onRequest(ex);
      return;
    }
    PushStrategy applied = apply(ex, value);
    wrapped = new AckingExchange(ex, new PushAck(applied).format());
    packager.onRequest(wrapped);
  }

  /**
   * A WebSocket upgrade of {@code /live/{stream}/} (8, Annex E): the DASH sub-protocol. Anything else (another
   * path, a stream not live) is answered as plain HTTP, which is the client's cue to fall back.
   */
  private boolean upgrade(Exchange ex) {
    String sub = ex.subPath().endsWith("/") ? ex.subPath().substring(0, ex.subPath().length() - 1) : ex.subPath();
    if (sub.isEmpty() || sub.contains("/") || registry.get(sub) == null) {
      return false;
    }
    return ex.upgradeToWebSocket(List.of(PushConstants.WS_SUBPROTOCOL),
        new DashWebSocketSession(sub, packagers, registry, config));
  }

  private static String directive(Exchange ex) {
    String v = ex.headers().get(PushConstants.HEADER_DIRECTIVE);
    return v != null ? v : ex.headers().get(PushConstants.HEADER_DIRECTIVE_ALT);
  }

  /** Plans and promises; returns the strategy applied. */
  private PushStrategy apply(Exchange ex, String value) {
    PushStrategy asked;
    try {
      asked = PushDirective.parse(value).strategy();
    } catch (PushSyntaxException e) {
      LOG.info("{} {}: push directive rejected, answering without push: {}", ex.remoteAddress(), ex.path(),
          e.getMessage());
      return new PushStrategy.None();
    }
    ServerPush push = ex.serverPush();
    if (asked instanceof PushStrategy.None) {
      if (push != null && push.openPushes() > 0) {
        LOG.info("{} {}: push-none directive cancels {} pushed stream(s)", ex.remoteAddress(), ex.path(),
            push.openPushes());
        push.cancelAll();
      }
      return asked;
    }
    if (!config.enabled() || push == null || !push.canPromise() || !HttpMethod.GET.equals(ex.method())) {
      LOG.debug("{} {}: push not possible here ({}), directive {} answered push-none", ex.remoteAddress(),
          ex.path(), ex.protocol(), value);
      return new PushStrategy.None();
    }
    OutputPath requested = OutputPath.parse(ex.subPath());
    LiveStream stream = requested == null ? null : registry.get(requested.stream());
    if (stream == null) {
      return new PushStrategy.None();
    }
    PushPlan plan = PushPlanner.plan(asked, requested, ex.path(), stream, config.maxStreams() - push.openPushes());
    if (!plan.applied().equals(asked)) {
      LOG.info("{} {}: push strategy downgraded from {} to {}", ex.remoteAddress(), ex.path(),
          PushPolicySyntax.format(asked), PushPolicySyntax.format(plan.applied()));
    }
    if (plan.targets().isEmpty()) {
      return plan.applied();
    }
    int promised = new PushSession(push, ex.executor(), config).start(plan.targets());
    if (promised < plan.targets().size()) {
      LOG.info("{} {}: only {} of {} pushes could be promised", ex.remoteAddress(), ex.path(), promised,
          plan.targets().size());
      return promised == 0 ? new PushStrategy.None() : plan.applied();
    }
    return plan.applied();
  }

  @Override
  public void onContent(Exchange ex, ByteBuf content) throws Exception {
    packager.onContent(wrapped == null ? ex : wrapped, content);
  }

  @Override
  public void onEnd(Exchange ex) throws Exception {
    packager.onEnd(wrapped == null ? ex : wrapped);
  }

  @Override
  public void onAbort(Exchange ex, Throwable cause) {
    packager.onAbort(wrapped == null ? ex : wrapped, cause);
  }
}
