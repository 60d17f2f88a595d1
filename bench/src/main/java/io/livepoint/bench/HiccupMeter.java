package io.livepoint.bench;

import java.util.concurrent.locks.LockSupport;

/**
 * The machine's own stalls during a measured window: a thread that asks to sleep 1 ms, over and over,
 * and records how much later than asked it woke (the idea of jHiccup). Nothing the server does can
 * deliver faster than this machine wakes a waiting thread, so its tail is the floor under every delay
 * figure of the same run.
 */
final class HiccupMeter implements AutoCloseable {
  private static final long SLEEP_NANOS = 1_000_000;

  private final Histogram overshoot = new Histogram();
  private final Thread thread;
  private volatile boolean running = true;

  HiccupMeter() {
    thread = Thread.ofPlatform().daemon().name("bench-hiccups").start(this::run);
  }

  private void run() {
    while (running) {
      long start = System.nanoTime();
      LockSupport.parkNanos(SLEEP_NANOS);
      overshoot.record(System.nanoTime() - start - SLEEP_NANOS);
    }
  }

  /** Stops measuring; the wake-up delays recorded so far. */
  Histogram stop() throws InterruptedException {
    close();
    thread.join();
    return overshoot;
  }

  @Override
  public void close() {
    running = false;
  }
}
