package io.livepoint.ingest;

import io.livepoint.http.Exchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An {@link Exchange} without a network: records the answer, releases every buffer it is given. */
final class FakeExchange implements Exchange {
  final HttpRequest request;
  final String path;
  final String subPath;
  boolean accepted;
  HttpResponseStatus status;
  HttpHeaders responseHeaders;
  String body;
  private final List<Runnable> done = new ArrayList<>();

  FakeExchange(HttpRequest request) {
    this.request = request;
    String target = request.uri();
    if (target.startsWith("http://")) {
      target = target.substring(target.indexOf('/', 7));
    }
    this.path = new QueryStringDecoder(target).path();
    this.subPath = path.startsWith("/ingest/") ? path.substring("/ingest/".length()) : path;
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
    return Map.of();
  }

  @Override
  public SocketAddress remoteAddress() {
    return new InetSocketAddress("192.0.2.7", 40000);
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
    return ImmediateEventExecutor.INSTANCE;
  }

  @Override
  public ByteBufAllocator alloc() {
    return PooledByteBufAllocator.DEFAULT;
  }

  @Override
  public void acceptBody() {
    accepted = true;
  }

  @Override
  public void respond(HttpResponseStatus status, HttpHeaders headers, ByteBuf body) {
    if (this.status != null) {
      if (body != null) {
        body.release();
      }
      return;
    }
    this.status = status;
    this.responseHeaders = headers == null ? new DefaultHttpHeaders() : headers;
    this.body = body == null ? "" : body.toString(StandardCharsets.UTF_8);
    if (body != null) {
      body.release();
    }
    done.forEach(Runnable::run);
  }

  @Override
  public void respond(HttpResponseStatus status, String contentType, String body) {
    ByteBuf b = null;
    if (body != null) {
      b = alloc().buffer();
      b.writeCharSequence(body, StandardCharsets.UTF_8);
    }
    respond(status, new DefaultHttpHeaders(), b);
  }

  @Override
  public void startResponse(HttpResponseStatus status, HttpHeaders headers) {
    throw new AssertionError("ingest answers with complete responses");
  }

  @Override
  public ChannelFuture write(ByteBuf data) {
    data.release();
    throw new AssertionError("ingest never streams a response");
  }

  @Override
  public void finish() {
    throw new AssertionError("ingest never streams a response");
  }

  @Override
  public void abort() {
    throw new AssertionError("ingest never cuts a response off");
  }

  @Override
  public boolean responded() {
    return status != null;
  }

  @Override
  public boolean done() {
    return status != null;
  }

  @Override
  public void onDone(Runnable task) {
    done.add(task);
  }

  @Override
  public boolean writable() {
    return true;
  }

  @Override
  public void onWritable(Runnable task) {
    task.run();
  }
}
