package io.livepoint.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PlayerTest {
  @Test
  void decimalWritesNumbersWithoutStrings() {
    ByteBuf b = Unpooled.buffer(4);
    try {
      for (long v : new long[] {0, 7, 10, 99, 1234567890123L, Long.MAX_VALUE}) {
        b.clear();
        Player.decimal(b, v);
        assertEquals(Long.toString(v), b.toString(StandardCharsets.US_ASCII));
      }
    } finally {
      b.release();
    }
  }

  @Test
  void hlsPlayerFindsTheQuotedPartNameOnly() {
    String playlist = """
        #EXTM3U
        #EXT-X-PART:DURATION=0.50000,URI="112.0.m4s",INDEPENDENT=YES
        #EXT-X-PART:DURATION=0.50000,URI="112.1.m4s"
        #EXT-X-PRELOAD-HINT:TYPE=PART,URI="112.2.m4s"
        #EXT-X-RENDITION-REPORT:URI="../a/index.m3u8",LAST-MSN=12,LAST-PART=1
        """;
    ByteBuf doc = Unpooled.copiedBuffer(playlist, StandardCharsets.US_ASCII);
    try {
      assertEquals(playlist.indexOf("\"112.1.m4s\""), find(doc, 112, 1));
      assertEquals(playlist.indexOf("\"112.2.m4s\""), find(doc, 112, 2)); // listed as a hint: also quoted
      assertEquals(-1, find(doc, 12, 1)); // "112.1" must not match "12.1"
      assertEquals(-1, find(doc, 113, 0));
    } finally {
      doc.release();
    }
  }

  private static int find(ByteBuf doc, long msn, int part) {
    byte[] needle = new byte[48];
    int n = 0;
    needle[n++] = '"';
    n = HlsPlayer.digits(needle, n, msn);
    needle[n++] = '.';
    n = HlsPlayer.digits(needle, n, part);
    for (byte x : ".m4s\"".getBytes(StandardCharsets.US_ASCII)) {
      needle[n++] = x;
    }
    return HlsPlayer.indexOf(doc, needle, n);
  }
}
