package io.livepoint.push;

import io.livepoint.core.LiveStream;
import io.livepoint.core.StreamRegistry;
import io.livepoint.http.Exchange;
import io.livepoint.http.RequestHandler;
import io.livepoint.http.ServerPush;
import io.livepoint.packager.OutputPath;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpMethod;
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

  private final RequestHandler packager;
  private final StreamRegistry registry;
  private final PushConfig config;
  private Exchange wrapped;

  PushHandler(RequestHandler packager, StreamRegistry registry, PushConfig config) {
    this.packager = packager;
    this.registry = registry;
    this.config = config;
  }

  @Override
  public void onRequest(Exchange ex) throws Exception {
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
