package io.livepoint.packager;

import io.livepoint.http.Exchange;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A request held until the live model moves on: waits on core futures without blocking, continues on
 * the exchange's event loop, and gives up after a deadline. Once the exchange is over (answered,
 * aborted, closed) nothing more runs.
 */
final class Hold {
  private static final Logger LOG = LoggerFactory.getLogger(Hold.class);

  private final Exchange exchange;
  private final Executor executor;
  private final ScheduledFuture<?> timer;
  private boolean over; // touched only on the exchange's executor

  /** Starts the deadline: {@code onTimeout} runs on the executor unless {@link #release()} came first. */
  Hold(Exchange exchange, long timeoutNanos, Runnable onTimeout) {
    this.exchange = exchange;
    this.executor = onLoop(exchange);
    this.timer = exchange.executor().schedule(() -> {
      if (!over) {
        over = true;
        if (!exchange.done()) {
          onTimeout.run();
        }
      }
    }, Math.max(1, timeoutNanos), TimeUnit.NANOSECONDS);
    exchange.onDone(this::release);
  }

  /**
   * Runs {@code then} on the exchange's executor when {@code future} completes (with its value, or
   * null if it failed), unless the hold is over or the exchange is done by then.
   */
  <T> void await(CompletableFuture<T> future, Consumer<T> then) {
    future.whenCompleteAsync((value, error) -> {
      if (over || exchange.done()) {
        return;
      }
      if (error != null) {
        LOG.debug("{}: wait failed: {}", exchange.path(), error.toString());
      }
      then.accept(error == null ? value : null);
    }, executor);
  }

  /** Ends the hold: the deadline no longer fires and pending continuations do nothing. */
  void release() {
    over = true;
    timer.cancel(false);
  }

  /**
   * The exchange's executor for continuations. Core futures complete on the ingest thread; an event
   * loop that is shutting down must not throw back into it.
   */
  static Executor onLoop(Exchange exchange) {
    return task -> {
      try {
        exchange.executor().execute(task);
      } catch (RejectedExecutionException e) {
        LOG.debug("{}: event loop gone, dropping continuation", exchange.path());
      }
    };
  }
}
