package io.livepoint.bench;

import io.livepoint.core.Chunk;
import io.livepoint.core.Segment;
import io.livepoint.core.Track;
import io.netty.buffer.ByteBuf;

/**
 * An LL-HLS player: a blocking playlist reload {@code index.m3u8?_HLS_msn=M&_HLS_part=P} for the next
 * part, then that part {@code M.P.m4s} once the playlist lists it, then the reload for the part after.
 * When the playlist shows segment M ended before part P, it goes on with {@code (M+1).0} as the
 * playlist says. The playlist is searched in a pooled buffer (no string per response). The delay of a
 * part is its ingest arrival to the part's last byte in.
 */
final class HlsPlayer extends Player {
  private static final byte[] MSN = bytes("index.m3u8?_HLS_msn=");
  private static final byte[] PART = bytes("&_HLS_part=");
  private static final byte[] M4S = bytes(".m4s\"");

  private final Track track;
  private final byte[] prefix;
  private long msn;
  private int part;
  private boolean playlist;
  /** The playlist body (pooled; released when read). */
  private ByteBuf doc;
  /** The part name looked for in the playlist ("M.P.m4s\""), reused. */
  private final byte[] needle = new byte[48];

  HlsPlayer(LoadStats stats, Track track, String stream) {
    super(stats);
    this.track = track;
    this.prefix = bytes("/live/" + stream + "/" + track.id() + "/");
  }

  @Override
  void begin() {
    Segment open = track.openSegment();
    if (open != null) {
      msn = open.number();
      part = open.chunkCount();
    } else {
      msn = track.lastNumber() + 1;
      part = 0;
    }
    reload();
  }

  private void reload() {
    playlist = true;
    ByteBuf b = startRequest();
    ascii(b, prefix);
    ascii(b, MSN);
    decimal(b, msn);
    ascii(b, PART);
    decimal(b, part);
    send(b);
  }

  private void fetchPart() {
    playlist = false;
    ByteBuf b = startRequest();
    ascii(b, prefix);
    decimal(b, msn);
    b.writeByte('.');
    decimal(b, part);
    b.writeBytes(M4S, 0, M4S.length - 1);
    send(b);
  }

  @Override
  void body(ByteBuf content) {
    if (playlist) {
      if (doc == null) {
        doc = ctx.alloc().buffer(Math.max(4096, content.readableBytes()));
      }
      doc.writeBytes(content, content.readerIndex(), content.readableBytes());
    }
  }

  @Override
  void complete() {
    if (!playlist) {
      long now = System.nanoTime();
      Segment s = track.segment(msn);
      Chunk c = s == null ? null : s.chunk(part);
      if (c != null && c.arrivalNanos() >= stats.startNanos()) {
        stats.delivered(now - c.arrivalNanos());
      }
      if (c != null && now - c.arrivalNanos() > BEHIND_NANOS) {
        stats.rejoined();
        begin();
        return;
      }
      part++;
      reload();
      return;
    }
    boolean listed;
    try {
      listed = lists(msn, part);
      if (!listed && lists(msn + 1, 0)) {
        msn++;
        part = 0;
        listed = true;
      }
    } finally {
      if (doc != null) {
        doc.release();
        doc = null;
      }
    }
    if (listed) {
      fetchPart();
    } else {
      // The segment ended before that part: ask for the next segment's first part.
      msn++;
      part = 0;
      reload();
    }
  }

  @Override
  public void channelInactive(io.netty.channel.ChannelHandlerContext ctx) {
    if (doc != null) {
      doc.release();
      doc = null;
    }
    super.channelInactive(ctx);
  }

  /** Whether the playlist read lists part {@code p} of segment {@code m} ({@code URI="m.p.m4s"}). */
  private boolean lists(long m, int p) {
    if (doc == null) {
      return false;
    }
    int n = 0;
    needle[n++] = '"';
    n = digits(needle, n, m);
    needle[n++] = '.';
    n = digits(needle, n, p);
    for (byte x : M4S) {
      needle[n++] = x;
    }
    return indexOf(doc, needle, n) >= 0;
  }

  static int digits(byte[] into, int at, long v) {
    int len = 1;
    for (long x = v; x >= 10; x /= 10) {
      len++;
    }
    long x = v;
    for (int i = at + len - 1; i >= at; i--) {
      into[i] = (byte) ('0' + x % 10);
      x /= 10;
    }
    return at + len;
  }

  /** Index of the first {@code len} bytes of {@code needle} in the readable bytes of {@code hay}, or -1. */
  static int indexOf(ByteBuf hay, byte[] needle, int len) {
    int from = hay.readerIndex();
    int last = hay.writerIndex() - len;
    outer:
    for (int i = from; i <= last; i++) {
      for (int j = 0; j < len; j++) {
        if (hay.getByte(i + j) != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
