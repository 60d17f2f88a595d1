package io.livepoint.bench;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * One simulated player on one keep-alive HTTP/1.1 connection: writes a request, reads the response
 * (decoded by Netty's {@code HttpResponseDecoder}), decides the next request. Requests are written
 * straight into a pooled buffer (no strings per request); bodies are counted, never copied.
 */
abstract class Player extends ChannelInboundHandlerAdapter {
  private static final byte[] GET = "GET ".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] TAIL = " HTTP/1.1\r\nHost: bench\r\nUser-Agent: livepoint-bench\r\n\r\n"
      .getBytes(StandardCharsets.US_ASCII);
  /**
   * A player whose chunk came this late jumps to the live edge (hls.js liveMaxLatencyDuration, dash.js
   * live catch-up do the like) instead of staying behind at the rate it can fetch.
   */
  static final long BEHIND_NANOS = 3_000_000_000L;
  /** After a failed request the player waits this long and re-joins the live edge. */
  private static final long RETRY_MILLIS = 200;

  protected final LoadStats stats;
  protected ChannelHandlerContext ctx;
  private int status;
  private volatile boolean closed;

  Player(LoadStats stats) {
    this.stats = stats;
  }

  /** Sends the first request (the connection is up). */
  abstract void begin();

  /** A body piece of a 200 answer to the current request. */
  abstract void body(ByteBuf content);

  /** The 200 answer to the current request is complete: send the next request. */
  abstract void complete();

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    this.ctx = ctx;
    begin();
    ctx.fireChannelActive();
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (msg instanceof HttpResponse r) {
        status = r.status().code();
        if (r.decoderResult().isFailure()) {
          stats.error();
          ctx.close();
          return;
        }
      }
      if (msg instanceof HttpContent c) {
        ByteBuf b = c.content();
        if (status == 200) {
          stats.bytes(b.readableBytes());
          body(b);
        }
        if (msg instanceof LastHttpContent) {
          stats.request();
          if (status == 200) {
            complete();
          } else {
            stats.error();
            ctx.executor().schedule(this::rejoin, RETRY_MILLIS, TimeUnit.MILLISECONDS);
          }
        }
      }
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /** After an error answer: start again from the live edge, as a player would after a stall. */
  void rejoin() {
    if (!closed) {
      begin();
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!closed) {
      stats.error(); // the server closed a keep-alive connection under load
    }
    closed = true;
    ctx.fireChannelInactive();
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    stats.error();
    ctx.close();
  }

  /** Marks the connection as closed by us (the end of the scenario), not by the server. */
  void closing() {
    closed = true;
  }

  /** A request for {@code path}: the caller appends the path into the buffer {@link #startRequest()} gave. */
  protected ByteBuf startRequest() {
    ByteBuf b = ctx.alloc().buffer(160);
    b.writeBytes(GET);
    return b;
  }

  protected void send(ByteBuf request) {
    request.writeBytes(TAIL);
    ctx.writeAndFlush(request, ctx.voidPromise());
  }

  static void ascii(ByteBuf b, byte[] s) {
    b.writeBytes(s);
  }

  /** Writes a non-negative decimal number without making a string. */
  static void decimal(ByteBuf b, long v) {
    if (v == 0) {
      b.writeByte('0');
      return;
    }
    int digits = 0;
    for (long x = v; x > 0; x /= 10) {
      digits++;
    }
    int at = b.writerIndex() + digits;
    b.ensureWritable(digits);
    for (long x = v; x > 0; x /= 10) {
      b.setByte(--at, (int) ('0' + x % 10));
    }
    b.writerIndex(b.writerIndex() + digits);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
