package io.livepoint.push;

import io.livepoint.core.Segment;
import io.livepoint.http.PushedResponse;
import io.livepoint.http.ServerPush;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one plan on one request: promises every target at once (while the request's stream is open), then
 * serves each as soon as it exists: an MPD or init segment at once, a media segment when it starts (the
 * packager then streams it as its chunks arrive). A pushed stream that closes incomplete (the client
 * reset it, the connection went, SETTINGS_ENABLE_PUSH=0) stops the whole strategy at once (7.3).
 */
final class PushSession {
  private static final Logger LOG = LoggerFactory.getLogger(PushSession.class);

  private final ServerPush push;
  private final EventExecutor executor;
  private final PushConfig config;
  private final List<PushedResponse> pushes = new ArrayList<>();
  private final List<CompletableFuture<Segment>> waits = new ArrayList<>();
  private boolean stopped;

  PushSession(ServerPush push, EventExecutor executor, PushConfig config) {
    this.push = push;
    this.executor = executor;
    this.config = config;
  }

  /** Promises the targets (call before the request is answered); returns how many were promised. */
  int start(List<PushTarget> targets) {
    for (PushTarget t : targets) {
      PushedResponse p = push.promise(t.path());
      if (p == null) {
        break;
      }
      pushes.add(p);
      p.closed().thenAccept(whole -> {
        if (!whole) {
          stop("pushed " + p.path() + " closed before it was complete");
        }
      });
      if (!t.isSegment()) {
        serve(p);
      } else {
        CompletableFuture<Segment> started = t.track().awaitSegment(t.number());
        waits.add(started);
        if (!started.isDone()) {
          // A promised segment that never starts (the source stopped, the track ended) must not hold its
          // pushed stream and the connection's push budget forever: give it the time the segments before
          // it need, plus two target durations, then reset the promise.
          long ahead = Math.max(0, t.number() - t.track().lastNumber());
          Duration wait = t.track().stream().settings().targetSegmentDuration().multipliedBy(ahead + 2);
          executor.schedule(() -> {
            if (started.cancel(false)) {
              LOG.info("{}: segment did not start within {}; promise reset", p.path(), wait);
            }
          }, wait.toNanos(), TimeUnit.NANOSECONDS);
        }
        started.whenComplete((seg, err) -> executor.execute(() -> {
          if (seg == null) {
            if (!started.isCancelled()) {
              LOG.debug("{}: segment gone before it could be pushed", p.path());
            }
            p.cancel();
          } else {
            serve(p);
          }
        }));
      }
    }
    return pushes.size();
  }

  private void serve(PushedResponse p) {
    if (!stopped) {
      push.whenBytesInFlightBelow(config.maxBytesInFlight(), p::serve);
    }
  }

  /** Cancels every push of this strategy that has not ended, and stops waiting for segments. */
  void stop(String why) {
    if (stopped) {
      return;
    }
    stopped = true;
    LOG.info("push strategy stopped: {}", why);
    waits.forEach(w -> w.cancel(false));
    pushes.forEach(PushedResponse::cancel);
  }
}
