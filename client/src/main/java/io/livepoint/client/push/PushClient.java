package io.livepoint.client.push;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * An ISO/IEC 23009-6 push client on the JDK {@link HttpClient} (HTTP/2, h2c by Upgrade or h2 over TLS):
 * asks for one resource (the MPD) with a PushDirective and collects every pushed response, with the time
 * its PUSH_PROMISE, its first byte and its end arrived. Nothing else is requested: the stream is played
 * by push alone.
 *
 * <p>A JDK limitation: when the server resets a promised stream before its response headers (a cancelled
 * strategy), the JDK completes an internal future but not the one the push acceptor returned, so such a
 * push stays pending and is reported as unfinished when {@link #run} times out.
 */
public final class PushClient {
  /** Request header of the directive (the 23009-6 HTTP/2 binding, after draft-ruellan-http-accept-push-policy). */
  public static final String DIRECTIVE_HEADER = "Accept-Push-Policy";
  /** Response header of the ack. */
  public static final String ACK_HEADER = "Push-Policy";

  private final HttpClient http;
  private final LongSupplier nanoTime;

  /** @param nanoTime the clock arrival times are read from (monotonic nanoseconds) */
  public PushClient(HttpClient http, LongSupplier nanoTime) {
    this.http = http;
    this.nanoTime = nanoTime;
  }

  /** An HTTP/2 client for {@link PushClient} (push is accepted by the JDK client by default). */
  public static HttpClient.Builder http2() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_2).connectTimeout(Duration.ofSeconds(10));
  }

  /**
   * Requests {@code uri} with {@code directive} and waits until every promised push has ended, or
   * {@code timeout} has passed (pushes still open are then reported as unfinished).
   *
   * @param onArrival told of each pushed resource as it ends (on an HttpClient thread)
   */
  public PushReport run(URI uri, String directive, Duration timeout, Consumer<PushedResource> onArrival)
      throws InterruptedException, TimeoutException {
    return run(uri, directive, timeout, path -> true, onArrival);
  }

  /**
   * As {@link #run(URI, String, Duration, Consumer)}, refusing the promises whose path {@code accept}
   * rejects (the JDK client then resets the promised stream: a push cancel, ISO/IEC 23009-6 7.3).
   */
  public PushReport run(URI uri, String directive, Duration timeout, Predicate<String> accept,
      Consumer<PushedResource> onArrival) throws InterruptedException, TimeoutException {
    long deadline = nanoTime.getAsLong() + timeout.toNanos();
    List<Push> pushes = new ArrayList<>();
    HttpResponse.PushPromiseHandler<byte[]> handler = new HttpResponse.PushPromiseHandler<>() {
      @Override
      public void applyPushPromise(HttpRequest initiating, HttpRequest promised,
          Function<HttpResponse.BodyHandler<byte[]>, CompletableFuture<HttpResponse<byte[]>>> acceptor) {
        Push p = new Push(promised.uri().getRawPath(), nanoTime.getAsLong());
        if (!accept.test(p.path)) {
          return; // not accepted: the client refuses the promise
        }
        synchronized (pushes) {
          pushes.add(p);
        }
        acceptor.apply(p::subscriber).whenComplete((r, err) -> {
          p.status = r == null ? 0 : r.statusCode();
          p.failed(err);
          p.done.thenAccept(onArrival);
        });
      }
    };
    HttpRequest.Builder req = HttpRequest.newBuilder(uri).timeout(timeout);
    if (directive != null) {
      req.header(DIRECTIVE_HEADER, directive);
    }
    HttpResponse<byte[]> main;
    try {
      main = http.sendAsync(req.build(), HttpResponse.BodyHandlers.ofByteArray(), handler)
          .get(timeout.toNanos(), TimeUnit.NANOSECONDS);
    } catch (ExecutionException e) {
      throw new IllegalStateException("request for " + uri + " failed: " + e.getCause(), e.getCause());
    }
    List<PushedResource> out = new ArrayList<>();
    List<Push> all;
    synchronized (pushes) {
      all = new ArrayList<>(pushes);
    }
    for (Push p : all) {
      long left = deadline - nanoTime.getAsLong();
      try {
        out.add(p.done.get(Math.max(1, left), TimeUnit.NANOSECONDS));
      } catch (TimeoutException | ExecutionException e) {
        out.add(p.snapshot("not finished within " + timeout.toMillis() + " ms"));
      }
    }
    HttpHeaders h = main.headers();
    return new PushReport(main.statusCode(), h.firstValue(ACK_HEADER).orElse(null), main.body(), out);
  }

  /** One pushed response being received. */
  private final class Push {
    final String path;
    final long promised;
    final CompletableFuture<PushedResource> done = new CompletableFuture<>();
    private final java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    volatile int status;
    private long first;
    private long last;

    Push(String path, long promised) {
      this.path = path;
      this.promised = promised;
    }

    HttpResponse.BodySubscriber<byte[]> subscriber(HttpResponse.ResponseInfo info) {
      status = info.statusCode();
      return new HttpResponse.BodySubscriber<>() {
        private final CompletableFuture<byte[]> body = new CompletableFuture<>();

        @Override
        public CompletionStage<byte[]> getBody() {
          return body;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
          s.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(List<ByteBuffer> items) {
          received(items);
        }

        @Override
        public void onError(Throwable t) {
          body.completeExceptionally(t);
        }

        @Override
        public void onComplete() {
          synchronized (Push.this) {
            last = nanoTime.getAsLong();
          }
          body.complete(new byte[0]); // the bytes are kept by the Push, with their arrival times
        }
      };
    }

    private synchronized void received(List<ByteBuffer> items) {
      for (ByteBuffer b : items) {
        if (b.hasRemaining() && first == 0) {
          first = nanoTime.getAsLong();
        }
        byte[] a = new byte[b.remaining()];
        b.get(a);
        body.writeBytes(a);
      }
    }

    void failed(Throwable err) {
      done.complete(snapshot(err == null ? null : String.valueOf(err.getCause() != null ? err.getCause() : err)));
    }

    synchronized PushedResource snapshot(String error) {
      return new PushedResource(path, status, body.toByteArray(), promised, first, error == null ? last : 0, error);
    }
  }
}
