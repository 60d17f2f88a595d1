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
 * the exchange's event loop, and gives up at a deadline. One hold serves every wait of a response (a
 * streamed segment waits once per chunk): it registers with the exchange once. Once the hold is
 * released or the exchange is over (answered, aborted, closed) nothing more runs, and the future it
 * was waiting on is cancelled so core drops the waiter.
 *
 * <p>Touched only on the exchange's executor.
 */
final class Hold {
  private static final Logger LOG = LoggerFactory.getLogger(Hold.class);

  private final Exchange exchange;
  private final Executor executor;
  private ScheduledFuture<?> timer;
  private CompletableFuture<?> pending;
  private boolean over;

  Hold(Exchange exchange) {
    this.exchange = exchange;
    this.executor = onLoop(exchange);
    exchange.onDone(this::release);
  }

  /**
   * Starts the deadline, replacing one already running: unless the hold is released first,
   * {@code onTimeout} runs on the executor after {@code timeoutNanos} and the hold is over.
   */
  void deadline(long timeoutNanos, Runnable onTimeout) {
    cancelDeadline();
    if (over) {
      return;
    }
    timer = exchange.executor().schedule(() -> {
      timer = null;
      if (over) {
        return;
      }
      release();
      if (!exchange.done()) {
        onTimeout.run();
      }
    }, Math.max(1, timeoutNanos), TimeUnit.NANOSECONDS);
  }

  /** Stops the running deadline, if any; the hold goes on. */
  void cancelDeadline() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  /**
   * Runs {@code then} on the exchange's executor when {@code future} completes (with its value, or
   * null if it failed), unless the hold is over or the exchange is done by then. One wait at a time:
   * a new one gives up the previous.
   */
  <T> void await(CompletableFuture<T> future, Consumer<T> then) {
    if (over) {
      future.cancel(false);
      return;
    }
    if (pending != null && pending != future) {
      pending.cancel(false);
    }
    pending = future;
    future.whenCompleteAsync((value, error) -> {
      if (pending != future || over || exchange.done()) {
        return;
      }
      pending = null;
      if (error != null) {
        LOG.debug("{}: wait failed: {}", exchange.path(), error.toString());
      }
      then.accept(error == null ? value : null);
    }, executor);
  }

  /** Ends the hold: the deadline no longer fires, the awaited future is cancelled, nothing more runs. */
  void release() {
    over = true;
    cancelDeadline();
    CompletableFuture<?> p = pending;
    pending = null;
    if (p != null) {
      p.cancel(false);
    }
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
