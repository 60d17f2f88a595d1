package io.livepoint.ingest;

import io.livepoint.http.RequestHandler;
import io.livepoint.http.testing.RecordingExchange;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Map;
import java.util.Random;

/** Drives an ingest handler like the HTTP server does: request, body pieces, end. */
final class Ingest {
  private final IngestService service;
  private final Random random = new Random(1);

  Ingest(IngestService service) {
    this.service = service;
  }

  /** A request with Content-Length, the body in one piece. */
  RecordingExchange post(String uri, byte[] body) throws Exception {
    return send("POST", uri, body, Integer.MAX_VALUE, false, Map.of());
  }

  RecordingExchange put(String uri, byte[] body) throws Exception {
    return send("PUT", uri, body, 1000 + random.nextInt(5000), false, Map.of());
  }

  /** A chunked request whose body arrives in random pieces of at most {@code maxPiece} bytes. */
  RecordingExchange chunked(String uri, byte[] body, int maxPiece) throws Exception {
    return send("POST", uri, body, maxPiece, true, Map.of());
  }

  /** A chunked request driven step by step, for interleaving several sources. */
  final class Open {
    final RecordingExchange ex;
    private final RequestHandler h;

    private Open(String uri, io.netty.util.concurrent.EventExecutor loop) throws Exception {
      HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri);
      req.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      ex = loop == null ? new RecordingExchange(req, "/ingest/") : new RecordingExchange(loop, req, "/ingest/");
      h = service.newHandler();
      h.onRequest(ex);
      if (!ex.responded() && !ex.bodyAccepted()) {
        throw new AssertionError("handler neither answered nor accepted the body");
      }
    }

    Open feed(byte[] piece) throws Exception {
      if (!ex.responded()) {
        ByteBuf b = PooledByteBufAllocator.DEFAULT.directBuffer(piece.length).writeBytes(piece);
        try {
          h.onContent(ex, b);
        } finally {
          b.release();
        }
      }
      return this;
    }

    RecordingExchange end() throws Exception {
      if (!ex.responded()) {
        h.onEnd(ex);
      }
      return ex;
    }

    void cutOff() throws Exception {
      h.onAbort(ex, new java.io.IOException("connection reset"));
    }
  }

  /** On the caller's thread: an executor without timers, so a cut-off leaves its segment at once. */
  Open open(String uri) throws Exception {
    return new Open(uri, null);
  }

  /** With {@code loop} as the request's event loop (its timers run there). */
  Open open(String uri, io.netty.util.concurrent.EventExecutor loop) throws Exception {
    return new Open(uri, loop);
  }

  RecordingExchange send(String method, String uri, byte[] body, int maxPiece, boolean chunked,
      Map<String, String> headers) throws Exception {
    HttpRequest req = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.valueOf(method), uri);
    if (chunked) {
      req.headers().set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    } else {
      req.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    }
    headers.forEach((k, v) -> req.headers().set(k, v));
    RecordingExchange ex = new RecordingExchange(req, "/ingest/");
    RequestHandler h = service.newHandler();
    h.onRequest(ex);
    if (ex.responded() || body.length == 0 && !chunked) {
      return ex;
    }
    if (!ex.bodyAccepted()) {
      throw new AssertionError("handler neither answered nor accepted the body");
    }
    int at = 0;
    while (at < body.length && !ex.responded()) {
      int n = Math.min(body.length - at, maxPiece == Integer.MAX_VALUE ? maxPiece : 1 + random.nextInt(maxPiece));
      ByteBuf piece = PooledByteBufAllocator.DEFAULT.directBuffer(n);
      piece.writeBytes(body, at, n);
      try {
        h.onContent(ex, piece);
      } finally {
        piece.release(); // the server releases each piece after onContent
      }
      at += n;
    }
    if (!ex.responded()) {
      h.onEnd(ex);
    }
    return ex;
  }
}
