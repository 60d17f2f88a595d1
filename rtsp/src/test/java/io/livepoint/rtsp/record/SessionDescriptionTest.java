package io.livepoint.rtsp.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.livepoint.media.rtp.PayloadFormat;
import io.livepoint.media.rtp.RtpFormatException;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SessionDescriptionTest {
  @Test
  void controlsResolveAgainstTheBaseAndUnsupportedMediaAreSkipped() {
    List<SessionDescription.Medium> m = SessionDescription.parse(RecordConnectionTest.SDP, "rtsp://h/pub");
    assertEquals(2, m.size());
    assertEquals(PayloadFormat.H264, m.get(0).media().format());
    assertEquals("rtsp://h/pub/streamid=0", m.get(0).control());
    assertEquals(PayloadFormat.AAC, m.get(1).media().format());
    assertEquals(48000, m.get(1).media().clockRate());
    assertEquals("rtsp://h/x/trackID=1", SessionDescription.resolve("rtsp://h/x/", "trackID=1"));
    assertEquals("rtsp://o/t", SessionDescription.resolve("rtsp://h/x/", "rtsp://o/t"));
    assertEquals("rtsp://h/x/", SessionDescription.resolve("rtsp://h/x/", "*"));
  }

  /** Mutations and truncations yield media or the documented RtpFormatException. */
  @Test
  void fuzzedDescriptionsOnlyFailWithRtpFormatException() {
    byte[] base = RecordConnectionTest.SDP.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
    Random random = new Random(4566);
    int parsed = 0;
    for (int round = 0; round < 5000; round++) {
      byte[] b = base.clone();
      for (int i = random.nextInt(5); i > 0; i--) {
        b[random.nextInt(b.length)] = (byte) (32 + random.nextInt(95));
      }
      String text = new String(b, 0, random.nextInt(b.length + 1), java.nio.charset.StandardCharsets.ISO_8859_1);
      try {
        assertFalse(SessionDescription.parse(text, "rtsp://h/p").isEmpty());
        parsed++;
      } catch (RtpFormatException expected) {
        // documented
      }
    }
    assertFalse(parsed == 0);
  }
}
