package io.livepoint.push;

import io.livepoint.core.StreamRegistry;
import io.livepoint.http.RequestHandler;
import java.util.function.Supplier;

/**
 * ISO/IEC 23009-6 DASH server push over HTTP/2 in front of the packager's outputs: wire
 * {@link #newHandler()} at the packager's route in place of the packager's own handler. Requests without
 * a PushDirective reach the packager unchanged; HTTP/1.1 requests too (their ack is push-none).
 */
public final class PushService {
  private final Supplier<RequestHandler> packager;
  private final StreamRegistry registry;
  private final PushConfig config;

  public PushService(Supplier<RequestHandler> packager, StreamRegistry registry, PushConfig config) {
    this.packager = packager;
    this.registry = registry;
    this.config = config;
  }

  public RequestHandler newHandler() {
    return new PushHandler(packager, registry, config);
  }
}
