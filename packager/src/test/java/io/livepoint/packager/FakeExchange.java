package io.livepoint.packager;

import io.livepoint.http.Exchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.EventExecutor;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An {@link Exchange} that records the response like a client would see it (status, headers, body
 * bytes, how many writes), releasing every buffer handed to it as the Netty exchange does. It checks
 * that every call comes on its executor, as the real one requires.
 */
final class FakeExchange implements Exchange {
  private static final EmbeddedChannel CHANNEL = new EmbeddedChannel();

  private final EventExecutor executor;
  private final HttpRequest request;
  private final String path;
  private final String subPath;
  private final Map<String, List<String>> query;
  private final List<Runnable> doneTasks = new ArrayList<>();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final CompletableFuture<FakeExchange> over = new CompletableFuture<>();
  private volatile HttpResponseStatus status;
  private volatile HttpHeaders responseHeaders;
  private volatile boolean responded;
  private volatile boolean streamed;
  private volatile boolean finished;
  private volatile boolean aborted;
  private volatile boolean done;
  private volatile boolean writable = true;
  private final List<Runnable> writableTasks = new ArrayList<>();
  private volatile int writes;
  private volatile String threadViolation;

  FakeExchange(EventExecutor executor, HttpMethod method, String uri, String prefix, HttpHeaders headers) {
    this.executor = executor;
    this.request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
    if (headers != null) {
      request.headers().set(headers);
    }
    QueryStringDecoder qs = new QueryStringDecoder(uri);
    this.path = qs.path();
    String sub = path.length() >= prefix.length() ? path.substring(prefix.length()) : "";
    this.subPath = sub.startsWith("/") ? sub.substring(1) : sub;
    this.query = qs.parameters();
  }

  private void onLoop() {
    if (!executor.inEventLoop() && threadViolation == null) {
      threadViolation = "called from " + Thread.currentThread().getName();
    }
  }

  @Override
  public HttpRequest request() {
    return request;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String subPath() {
    return subPath;
  }

  @Override
  public Map<String, List<String>> query() {
    return query;
  }

  @Override
  public SocketAddress remoteAddress() {
    return new InetSocketAddress("127.0.0.1", 40000);
  }

  @Override
  public String protocol() {
    return "HTTP/1.1";
  }

  @Override
  public boolean secure() {
    return false;
  }

  @Override
  public EventExecutor executor() {
    return executor;
  }

  @Override
  public ByteBufAllocator alloc() {
    return PooledByteBufAllocator.DEFAULT;
  }

  @Override
  public void acceptBody() {}

  @Override
  public void respond(HttpResponseStatus status, HttpHeaders headers, ByteBuf data) {
    onLoop();
    if (responded || aborted) {
      if (data != null) {
        data.release();
      }
      return;
    }
    responded = true;
    this.status = status;
    HttpHeaders h = new DefaultHttpHeaders();
    if (headers != null) {
      h.set(headers);
    }
    int length = data == null ? 0 : data.readableBytes();
    h.setInt("content-length", length);
    this.responseHeaders = h;
    if (data != null) {
      if (!HttpMethod.HEAD.equals(method())) {
        copy(data);
      }
      data.release();
    }
    finished = true;
    fireDone();
  }

  @Override
  public void respond(HttpResponseStatus status, String contentType, String text) {
    HttpHeaders h = new DefaultHttpHeaders();
    ByteBuf b = null;
    if (text != null) {
      h.set("content-type", contentType == null ? "text/plain; charset=utf-8" : contentType);
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      b = PooledByteBufAllocator.DEFAULT.buffer(bytes.length).writeBytes(bytes);
    }
    respond(status, h, b);
  }

  @Override
  public void startResponse(HttpResponseStatus status, HttpHeaders headers) {
    onLoop();
    if (responded || aborted) {
      return;
    }
    responded = true;
    streamed = true;
    this.status = status;
    this.responseHeaders = headers == null ? new DefaultHttpHeaders() : headers.copy();
  }

  @Override
  public ChannelFuture write(ByteBuf data) {
    onLoop();
    if (!responded || finished || aborted || HttpMethod.HEAD.equals(method())) {
      data.release();
      return CHANNEL.newSucceededFuture();
    }
    copy(data);
    data.release();
    writes++;
    return CHANNEL.newSucceededFuture();
  }

  @Override
  public void finish() {
    onLoop();
    if (!responded || finished || aborted) {
      return;
    }
    finished = true;
    fireDone();
  }

  @Override
  public boolean responded() {
    return responded;
  }

  @Override
  public boolean done() {
    return done;
  }

  @Override
  public void onDone(Runnable task) {
    onLoop();
    if (done) {
      task.run();
    } else {
      doneTasks.add(task);
    }
  }

  @Override
  public boolean writable() {
    return writable;
  }

  /** The server cuts the response off, or (in tests) the client goes away; call on the executor. */
  @Override
  public void abort() {
    aborted = true;
    fireDone();
  }

  @Override
  public void onWritable(Runnable task) {
    if (writable) {
      task.run();
    } else {
      writableTasks.add(task);
    }
  }

  /** Becoming writable runs the waiting tasks on the executor, like a channel's writability event. */
  void writable(boolean w) {
    writable = w;
    if (w) {
      executor().execute(() -> {
        List<Runnable> tasks = new ArrayList<>(writableTasks);
        writableTasks.clear();
        if (!done()) {
          tasks.forEach(Runnable::run);
        }
      });
    }
  }

  private void copy(ByteBuf data) {
    synchronized (body) {
      byte[] bytes = new byte[data.readableBytes()];
      data.getBytes(data.readerIndex(), bytes);
      body.writeBytes(bytes);
    }
  }

  private void fireDone() {
    if (done) {
      return;
    }
    done = true;
    List<Runnable> tasks = new ArrayList<>(doneTasks);
    doneTasks.clear();
    tasks.forEach(Runnable::run);
    over.complete(this);
  }

  // ---- what the client saw ----

  FakeExchange awaitDone() throws Exception {
    return over.get(10, TimeUnit.SECONDS);
  }

  boolean isDone() {
    return done;
  }

  boolean isStreamed() {
    return streamed;
  }

  boolean isFinished() {
    return finished;
  }

  int status() {
    return status == null ? 0 : status.code();
  }

  String header(String name) {
    return responseHeaders == null ? null : responseHeaders.get(name);
  }

  byte[] body() {
    synchronized (body) {
      return body.toByteArray();
    }
  }

  String text() {
    return new String(body(), StandardCharsets.UTF_8);
  }

  int writes() {
    return writes;
  }

  String threadViolation() {
    return threadViolation;
  }
}
