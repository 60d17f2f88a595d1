package io.livepoint.packager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.http.testing.RecordingExchange;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HoldTest {
  private final Fixture f = new Fixture();
  private final RecordingExchange ex = f.exchange(HttpMethod.GET, "/live/s/v/9.m4s", null);

  @AfterEach
  void close() {
    f.close();
  }

  @Test
  void exchangeEndingCancelsTheAwaitedFuture() throws Exception {
    CompletableFuture<String> awaited = new CompletableFuture<>();
    AtomicReference<String> got = new AtomicReference<>();
    f.onLoop(() -> new Hold(ex).await(awaited, got::set));
    f.onLoop(ex::abort); // the client went away
    assertTrue(awaited.isCancelled(), "core drops a cancelled waiter instead of keeping it");
    f.sync();
    assertNull(got.get());
  }

  @Test
  void releaseCancelsTheAwaitedFuture() throws Exception {
    CompletableFuture<String> awaited = new CompletableFuture<>();
    List<String> got = new ArrayList<>();
    f.onLoop(() -> {
      Hold hold = new Hold(ex);
      hold.await(awaited, got::add);
      hold.release();
    });
    assertTrue(awaited.isCancelled());
    f.sync();
    assertTrue(got.isEmpty());
  }

  @Test
  void deadlineCancelsTheAwaitedFutureAndAnswers() throws Exception {
    CompletableFuture<String> awaited = new CompletableFuture<>();
    List<String> got = new ArrayList<>();
    f.onLoop(() -> {
      Hold hold = new Hold(ex);
      hold.deadline(TimeUnit.MILLISECONDS.toNanos(20),
          () -> ex.respond(HttpResponseStatus.SERVICE_UNAVAILABLE, MediaTypes.TEXT, "late\n"));
      hold.await(awaited, got::add);
    });
    ex.awaitDone();
    assertEquals(503, ex.status());
    assertTrue(awaited.isCancelled());
    assertFalse(awaited.complete("too late"));
    f.sync();
    assertTrue(got.isEmpty());
  }

  @Test
  void waitsInTurnWithOneHold() throws Exception {
    List<String> got = new ArrayList<>();
    AtomicReference<Hold> hold = new AtomicReference<>();
    f.onLoop(() -> hold.set(new Hold(ex)));
    for (int i = 0; i < 3; i++) {
      CompletableFuture<String> future = new CompletableFuture<>();
      f.onLoop(() -> {
        hold.get().deadline(TimeUnit.SECONDS.toNanos(5), () -> got.add("timeout"));
        hold.get().await(future, v -> {
          hold.get().cancelDeadline();
          got.add(v);
        });
      });
      future.complete("chunk " + i);
      f.sync();
    }
    assertEquals(List.of("chunk 0", "chunk 1", "chunk 2"), got);
    assertFalse(ex.isDone());
    f.onLoop(ex::abort);
  }
}
