package io.livepoint.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Clock;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.StreamSettings;
import io.livepoint.core.Track;
import io.livepoint.http.PushedResponse;
import io.livepoint.http.ServerPush;
import io.netty.channel.DefaultEventLoop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PushSessionTest {
  private final DefaultEventLoop loop = new DefaultEventLoop();
  private final StreamRegistry registry = new StreamRegistry(Clock.SYSTEM,
      n -> new StreamSettings(Duration.ofMillis(100), Duration.ofSeconds(2), Duration.ofMillis(100)));

  @AfterEach
  void close() throws Exception {
    registry.close();
    loop.shutdownGracefully(0, 0, TimeUnit.SECONDS).sync();
  }

  /** Promises as a connection would, recording what the session does with each. */
  static final class Promises implements ServerPush {
    final List<Promised> made = new ArrayList<>();

    @Override
    public boolean canPromise() {
      return true;
    }

    @Override
    public PushedResponse promise(String path) {
      Promised p = new Promised(path, 2 * made.size() + 2);
      made.add(p);
      return p;
    }

    @Override
    public void cancelAll() {
      made.forEach(Promised::cancel);
    }

    @Override
    public int openPushes() {
      return (int) made.stream().filter(p -> !p.closed.isDone()).count();
    }

    @Override
    public long bytesInFlight() {
      return 0;
    }

    @Override
    public void whenBytesInFlightBelow(long limit, Runnable task) {
      task.run();
    }
  }

  static final class Promised implements PushedResponse {
    final String path;
    final int id;
    final CompletableFuture<Boolean> closed = new CompletableFuture<>();
    final CountDownLatch cancelled = new CountDownLatch(1);
    volatile boolean served;

    Promised(String path, int id) {
      this.path = path;
      this.id = id;
    }

    @Override
    public String path() {
      return path;
    }

    @Override
    public int streamId() {
      return id;
    }

    @Override
    public void serve() {
      served = true;
    }

    @Override
    public void cancel() {
      closed.complete(false); // closed before the test thread, woken by the latch, counts open pushes
      cancelled.countDown();
    }

    @Override
    public CompletableFuture<Boolean> closed() {
      return closed;
    }
  }

  @Test
  void aPromisedSegmentThatNeverStartsIsResetAfterItsWait() throws Exception {
    Track t = registry.getOrCreate("live").track("v");
    Promises push = new Promises();
    PushSession session = new PushSession(push, loop, new PushConfig(true, 8, 1 << 20));
    loop.submit(() -> session.start(List.of(new PushTarget("/live/live/v/1.m4s", t, 1)))).get();
    Promised p = push.made.get(0);
    assertFalse(p.cancelled.await(150, TimeUnit.MILLISECONDS), "waits while the segment may still start");
    // Nothing arrives: after (0 ahead + 2) target durations of 100 ms the promise is reset.
    assertTrue(p.cancelled.await(2, TimeUnit.SECONDS), "the promise was not reset");
    assertFalse(p.served);
    assertEquals(0, push.openPushes(), "its push budget is free again");
  }
}
