package io.livepoint.http.testing;

import io.livepoint.http.Exchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * An {@link Exchange} without a network for handler tests: it records the response as a client would
 * see it (status, headers, body bytes, number of streamed writes, whether it was finished or cut
 * off) and releases every buffer it is handed, as the Netty exchange does. Every call is checked to
 * come on {@link #executor()}, as the real exchange requires ({@link #threadViolation()}).
 *
 * <p>The executor is {@link ImmediateEventExecutor} (everything runs on the caller's thread) or a
 * single-threaded executor standing in for an event loop. Writability is switched with
 * {@link #writable(boolean)}: becoming writable runs the waiting {@link #onWritable} tasks on the
 * executor, like a channel's writability event.
 */
public final class RecordingExchange implements Exchange {
  private static final EmbeddedChannel FUTURES = new EmbeddedChannel();
  private static final SocketAddress DEFAULT_REMOTE = new InetSocketAddress("192.0.2.7", 40000);

  private final EventExecutor executor;
  private final HttpRequest request;
  private final String path;
  private final String subPath;
  private final Map<String, List<String>> query;
  private final List<Runnable> doneTasks = new ArrayList<>();
  private final List<Runnable> writableTasks = new ArrayList<>();
  private final ByteArrayOutputStream body = new ByteArrayOutputStream();
  private final CompletableFuture<RecordingExchange> over = new CompletableFuture<>();
  private boolean hasBody;
  private String protocol = "HTTP/1.1";
  private boolean secure;
  private SocketAddress remoteAddress = DEFAULT_REMOTE;
  private volatile boolean bodyAccepted;
  private volatile HttpResponseStatus status;
  private volatile HttpHeaders responseHeaders;
  private volatile boolean streamed;
  private volatile boolean finished;
  private volatile boolean aborted;
  private volatile boolean done;
  private volatile boolean writable = true;
  private volatile int writes;
  private volatile String threadViolation;

  /**
   * An exchange for {@code request} routed below {@code prefix} (e.g. {@code /ingest/}), on an
   * {@link ImmediateEventExecutor}.
   */
  public RecordingExchange(HttpRequest request, String prefix) {
    this(ImmediateEventExecutor.INSTANCE, request, prefix);
  }

  /**
   * An exchange for {@code request} routed below {@code prefix}, whose calls belong on {@code executor}.
   * {@link #hasBody()} follows the request headers as the server computes it for HTTP/1.1 (chunked,
   * or Content-Length above 0); change it with {@link #withBody(boolean)}.
   */
  public RecordingExchange(EventExecutor executor, HttpRequest request, String prefix) {
    this.executor = executor;
    this.request = request;
    QueryStringDecoder qs = new QueryStringDecoder(originForm(request.uri()));
    this.path = qs.path();
    this.query = qs.parameters();
    String sub = path.substring(Math.min(prefix.length(), path.length()));
    this.subPath = sub.startsWith("/") ? sub.substring(1) : sub;
    this.hasBody = request instanceof LastHttpContent full ? full.content().isReadable()
        : HttpUtil.isTransferEncodingChunked(request) || HttpUtil.getContentLength(request, 0L) > 0;
  }

  /** A bodiless HTTP/1.1 request ({@code headers} may be null) as an exchange on {@code executor}. */
  public static RecordingExchange of(EventExecutor executor, HttpMethod method, String uri, String prefix,
      HttpHeaders headers) {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, method, uri);
    if (headers != null) {
      req.headers().set(headers);
    }
    return new RecordingExchange(executor, req, prefix);
  }

  private static String originForm(String target) {
    if (!target.startsWith("http://") && !target.startsWith("https://")) {
      return target;
    }
    URI u = URI.create(target);
    String p = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    return p + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
  }

  // ---- set-up (before the handler sees the exchange) ----

  /** Whether a body follows the headers (e.g. an HTTP/2 request without END_STREAM on its headers). */
  public RecordingExchange withBody(boolean body) {
    this.hasBody = body;
    return this;
  }

  /** "HTTP/1.1" (the default) or "HTTP/2". */
  public RecordingExchange withProtocol(String protocol) {
    this.protocol = protocol;
    return this;
  }

  public RecordingExchange withSecure(boolean secure) {
    this.secure = secure;
    return this;
  }

  public RecordingExchange withRemoteAddress(SocketAddress address) {
    this.remoteAddress = address;
    return this;
  }

  private void onLoop() {
    if (!executor.inEventLoop() && threadViolation == null) {
      threadViolation = "called from " + Thread.currentThread().getName();
    }
  }

  // ---- Exchange ----

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
    return remoteAddress;
  }

  @Override
  public String protocol() {
    return protocol;
  }

  @Override
  public boolean secure() {
    return secure;
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
  public boolean hasBody() {
    return hasBody;
  }

  @Override
  public void acceptBody() {
    onLoop();
    bodyAccepted = true;
  }

  @Override
  public void respond(HttpResponseStatus status, HttpHeaders headers, ByteBuf data) {
    onLoop();
    if (responded() || aborted) {
      if (data != null) {
        data.release();
      }
      return;
    }
    HttpHeaders h = new DefaultHttpHeaders();
    if (headers != null) {
      h.set(headers);
    }
    h.setInt(HttpHeaderNames.CONTENT_LENGTH, data == null ? 0 : data.readableBytes());
    this.responseHeaders = h;
    this.status = status;
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
      h.set(HttpHeaderNames.CONTENT_TYPE, contentType == null ? "text/plain; charset=utf-8" : contentType);
      byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
      b = alloc().buffer(bytes.length).writeBytes(bytes);
    }
    respond(status, h, b);
  }

  @Override
  public void startResponse(HttpResponseStatus status, HttpHeaders headers) {
    onLoop();
    if (responded() || aborted) {
      return;
    }
    this.responseHeaders = headers == null ? new DefaultHttpHeaders() : headers.copy();
    this.streamed = true;
    this.status = status;
  }

  @Override
  public ChannelFuture write(ByteBuf data) {
    onLoop();
    if (!responded() || finished || aborted || HttpMethod.HEAD.equals(method())) {
      data.release();
      return FUTURES.newSucceededFuture();
    }
    copy(data);
    data.release();
    writes++;
    return FUTURES.newSucceededFuture();
  }

  @Override
  public void finish() {
    onLoop();
    if (!responded() || finished || aborted) {
      return;
    }
    finished = true;
    fireDone();
  }

  /** The server cuts the response off, or (in tests) the client goes away. */
  @Override
  public void abort() {
    onLoop();
    aborted = true;
    fireDone();
  }

  @Override
  public boolean responded() {
    return status != null;
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

  @Override
  public void onWritable(Runnable task) {
    onLoop();
    if (done) {
      return;
    }
    if (writable) {
      task.run();
    } else {
      writableTasks.add(task);
    }
  }

  // ---- driving the transport ----

  /**
   * Switches writability, as the channel would (call from any thread): becoming writable runs the
   * waiting {@link #onWritable} tasks on the executor, unless the exchange is over by then.
   */
  public void writable(boolean w) {
    writable = w;
    if (w) {
      executor.execute(() -> {
        List<Runnable> tasks = new ArrayList<>(writableTasks);
        writableTasks.clear();
        if (!done) {
          tasks.forEach(Runnable::run);
        }
      });
    }
  }

  // ---- what the client saw ----

  /** Waits (up to 10 s) until the exchange is over: answered, finished or cut off. */
  public RecordingExchange awaitDone() throws Exception {
    return over.get(10, TimeUnit.SECONDS);
  }

  /** Whether the exchange is over, as {@link #done()}; for assertions from the test thread. */
  public boolean isDone() {
    return done;
  }

  /** Whether the handler accepted the request body ({@link #acceptBody()}). */
  public boolean bodyAccepted() {
    return bodyAccepted;
  }

  /** The status code sent, 0 when nothing has been sent. */
  public int status() {
    HttpResponseStatus s = status;
    return s == null ? 0 : s.code();
  }

  /** The response headers (a complete response also has its Content-Length), null before a response. */
  public HttpHeaders responseHeaders() {
    return responseHeaders;
  }

  /** A response header, or null. */
  public String header(CharSequence name) {
    HttpHeaders h = responseHeaders;
    return h == null ? null : h.get(name);
  }

  /** The body bytes received so far (none for HEAD). */
  public byte[] body() {
    synchronized (body) {
      return body.toByteArray();
    }
  }

  /** The body as UTF-8 text. */
  public String text() {
    return new String(body(), StandardCharsets.UTF_8);
  }

  /** Whether the response was started with {@link #startResponse} rather than sent whole. */
  public boolean isStreamed() {
    return streamed;
  }

  /** Whether the response was sent whole or its stream ended with {@link #finish()}. */
  public boolean isFinished() {
    return finished;
  }

  /** Whether the response was cut off ({@link #abort()}). */
  public boolean isAborted() {
    return aborted;
  }

  /** Pieces written to a streamed response. */
  public int writes() {
    return writes;
  }

  /** The first call not made on the executor, or null. */
  public String threadViolation() {
    return threadViolation;
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
    writableTasks.clear();
    List<Runnable> tasks = new ArrayList<>(doneTasks);
    doneTasks.clear();
    tasks.forEach(Runnable::run);
    over.complete(this);
  }
}
