package io.livepoint.push;

import io.livepoint.http.Exchange;
import io.livepoint.http.ServerPush;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.concurrent.EventExecutor;
import java.net.SocketAddress;
import java.util.List;
import java.util.Map;

/** An exchange whose response carries the PushAck header; everything else goes to the real exchange. */
final class AckingExchange implements Exchange {
  private final Exchange ex;
  private final String ack;

  AckingExchange(Exchange ex, String ack) {
    this.ex = ex;
    this.ack = ack;
  }

  private HttpHeaders withAck(HttpHeaders h) {
    HttpHeaders out = h == null ? new DefaultHttpHeaders() : h;
    out.set(PushConstants.HEADER_ACK, ack);
    return out;
  }

  @Override
  public void respond(HttpResponseStatus status, HttpHeaders headers, ByteBuf body) {
    ex.respond(status, withAck(headers), body);
  }

  @Override
  public void respond(HttpResponseStatus status, String contentType, String body) {
    HttpHeaders h = new DefaultHttpHeaders();
    ByteBuf content = null;
    if (body != null) {
      h.set("content-type", contentType == null ? "text/plain; charset=utf-8" : contentType);
      h.set("cache-control", "no-store");
      content = io.netty.buffer.ByteBufUtil.writeUtf8(ex.alloc(), body);
    }
    ex.respond(status, withAck(h), content);
  }

  @Override
  public void startResponse(HttpResponseStatus status, HttpHeaders headers) {
    ex.startResponse(status, withAck(headers));
  }

  // Plain delegation below.
  @Override public HttpRequest request() { return ex.request(); }
  @Override public String path() { return ex.path(); }
  @Override public String subPath() { return ex.subPath(); }
  @Override public Map<String, List<String>> query() { return ex.query(); }
  @Override public SocketAddress remoteAddress() { return ex.remoteAddress(); }
  @Override public String protocol() { return ex.protocol(); }
  @Override public boolean secure() { return ex.secure(); }
  @Override public EventExecutor executor() { return ex.executor(); }
  @Override public ByteBufAllocator alloc() { return ex.alloc(); }
  @Override public boolean hasBody() { return ex.hasBody(); }
  @Override public void acceptBody() { ex.acceptBody(); }
  @Override public ChannelFuture write(ByteBuf data) { return ex.write(data); }
  @Override public void finish() { ex.finish(); }
  @Override public void abort() { ex.abort(); }
  @Override public boolean responded() { return ex.responded(); }
  @Override public boolean done() { return ex.done(); }
  @Override public void onDone(Runnable task) { ex.onDone(task); }
  @Override public boolean writable() { return ex.writable(); }
  @Override public void onWritable(Runnable task) { ex.onWritable(task); }
  @Override public ServerPush serverPush() { return ex.serverPush(); }
}
