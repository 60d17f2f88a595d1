package io.livepoint.push;

import io.livepoint.http.Exchange;
import io.livepoint.http.WebSocketSession;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.EventExecutor;
import java.net.SocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A GET of one output answered over the WebSocket: the packager serves it exactly as over HTTP, and what
 * it sends becomes sub-protocol messages on one stream id: a whole answer is one MPD-received or
 * segment-received message; a streamed segment is one segment-received message per piece, the last one
 * flagged {@code last}; a response cut off becomes end-of-stream on that stream id.
 */
final class WsExchange implements Exchange {
  private final WebSocketSession ws;
  private final long streamId;
  private final String path;
  private final String subPath;
  private final String url;
  private final boolean mpd;
  private final HttpRequest request;
  private final List<Runnable> doneTasks = new ArrayList<>();
  private String pushAck;
  private int status = -1;
  private String contentType;
  private boolean responded;
  private boolean done;

  /**
   * @param url the URL as the client wrote it (echoed in every message)
   * @param path the absolute output path it names
   */
  WsExchange(WebSocketSession ws, long streamId, String url, String path, boolean mpd) {
    this.ws = ws;
    this.streamId = streamId;
    this.url = url;
    this.path = path;
    this.subPath = path.substring(io.livepoint.packager.OutputPath.ROUTE.length());
    this.mpd = mpd;
    this.request = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, path, new DefaultHttpHeaders());
  }

  long streamId() {
    return streamId;
  }

  /** The PushAck the first message carries. */
  void pushAck(String ack) {
    this.pushAck = ack;
  }

  private DashWsMessage message(boolean last, ByteBuf payload) {
    DashWsMessage.Type type = mpd ? DashWsMessage.Type.MPD_RECEIVED : DashWsMessage.Type.SEGMENT_RECEIVED;
    DashWsMessage m = new DashWsMessage(type, streamId, url, null, pushAck, status, contentType, last, null, payload);
    pushAck = null; // once, on the first message
    return m;
  }

  private ChannelFuture send(DashWsMessage m) {
    return ws.sendBinary(DashWsCodec.encode(ws.alloc(), m));
  }

  @Override
  public void respond(HttpResponseStatus s, HttpHeaders headers, ByteBuf body) {
    if (responded || done) {
      if (body != null) {
        body.release();
      }
      return;
    }
    responded = true;
    status = s.code();
    contentType = headers == null ? null : headers.get(HttpHeaderNames.CONTENT_TYPE);
    send(message(true, body == null ? Unpooled.EMPTY_BUFFER : body));
    end();
  }

  @Override
  public void respond(HttpResponseStatus s, String type, String body) {
    HttpHeaders h = new DefaultHttpHeaders();
    if (body != null) {
      h.set(HttpHeaderNames.CONTENT_TYPE, type == null ? "text/plain; charset=utf-8" : type);
    }
    respond(s, h, body == null ? null : ByteBufUtil.writeUtf8(ws.alloc(), body));
  }

  @Override
  public void startResponse(HttpResponseStatus s, HttpHeaders headers) {
    if (responded || done) {
      return;
    }
    responded = true;
    status = s.code();
    contentType = headers == null ? null : headers.get(HttpHeaderNames.CONTENT_TYPE);
  }

  @Override
  public ChannelFuture write(ByteBuf data) {
    if (!responded || done) {
      data.release();
      return ws.newSucceededFuture();
    }
    return send(message(false, data));
  }

  @Override
  public void finish() {
    if (responded && !done) {
      send(message(true, Unpooled.EMPTY_BUFFER));
      end();
    }
  }

  @Override
  public void abort() {
    if (!done) {
      DashWsMessage eos = new DashWsMessage(DashWsMessage.Type.END_OF_STREAM, streamId, url, null, null, -1, null,
          false, "response cut off", Unpooled.EMPTY_BUFFER);
      send(eos);
      end();
    }
  }

  /** The client cancelled it, or the socket closed: nothing more is sent. */
  void cancel() {
    end();
  }

  private void end() {
    if (done) {
      return;
    }
    done = true;
    List<Runnable> tasks = new ArrayList<>(doneTasks);
    doneTasks.clear();
    tasks.forEach(Runnable::run);
  }

  @Override
  public boolean responded() {
    return responded;
  }

  @Override
  public boolean done() {
    return done || !ws.isOpen();
  }

  @Override
  public void onDone(Runnable task) {
    if (done) {
      task.run();
    } else {
      doneTasks.add(task);
    }
  }

  @Override
  public boolean writable() {
    return ws.writable();
  }

  @Override
  public void onWritable(Runnable task) {
    ws.onWritable(() -> {
      if (!done) {
        task.run();
      }
    });
  }

  @Override public HttpRequest request() { return request; }
  @Override public String path() { return path; }
  @Override public String subPath() { return subPath; }
  @Override public Map<String, List<String>> query() { return Map.of(); }
  @Override public SocketAddress remoteAddress() { return ws.remoteAddress(); }
  @Override public String protocol() { return "WebSocket"; }
  @Override public boolean secure() { return false; }
  @Override public EventExecutor executor() { return ws.executor(); }
  @Override public ByteBufAllocator alloc() { return ws.alloc(); }
  @Override public boolean hasBody() { return false; }
  @Override public void acceptBody() { }
}
