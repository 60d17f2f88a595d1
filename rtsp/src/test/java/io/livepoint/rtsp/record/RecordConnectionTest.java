package io.livepoint.rtsp.record;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Clock;
import io.livepoint.core.ManualClock;
import io.livepoint.core.StreamRegistry;
import io.livepoint.rtsp.Rtsp;
import io.livepoint.rtsp.RtspRequest;
import io.livepoint.rtsp.RtspResponse;
import io.netty.buffer.ByteBufAllocator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordConnectionTest {
  static final String SDP = String.join("\r\n", "v=0", "o=- 0 0 IN IP4 127.0.0.1", "s=No Name", "t=0 0",
      "m=video 0 RTP/AVP 96", "a=rtpmap:96 H264/90000",
      "a=fmtp:96 packetization-mode=1; sprop-parameter-sets=Z0LAHtkDxWhAAAADAEAAAAwDxYuS,aMuMsg==; profile-level-id=42C01E",
      "a=control:streamid=0", "m=audio 0 RTP/AVP 97", "a=rtpmap:97 MPEG4-GENERIC/48000/2",
      "a=fmtp:97 profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3; config=1190",
      "a=control:streamid=1", "m=application 0 RTP/AVP 98", "a=rtpmap:98 x-unknown/1000", "");

  static RtspRequest req(String method, String uri, String body, String... headers) {
    Map<String, String> h = new LinkedHashMap<>();
    for (int i = 0; i + 1 < headers.length; i += 2) {
      h.put(headers[i].toLowerCase(Locale.ROOT), headers[i + 1]);
    }
    return new RtspRequest(method, uri, Rtsp.VERSION, h, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void announceSetupRecordTeardown() {
    StreamRegistry registry = new StreamRegistry(Clock.SYSTEM);
    try (RecordConnection rc = new RecordConnection(registry, Clock.SYSTEM, ByteBufAllocator.DEFAULT,
        new Publishers(registry, Clock.SYSTEM))) {
      String url = "rtsp://127.0.0.1:8554/pub";
      RtspRequest announce = req("ANNOUNCE", url, SDP, "CSeq", "1", "Content-Type", "application/sdp");
      assertTrue(rc.handles(announce));
      assertEquals(Rtsp.Status.UNSUPPORTED_MEDIA_TYPE,
          rc.answer(null, req("ANNOUNCE", url, SDP, "CSeq", "1", "Content-Type", "text/plain")).status());
      assertEquals(Rtsp.Status.UNSUPPORTED_MEDIA_TYPE, rc.answer(null, req("ANNOUNCE", url, "v=0\r\nm=video 0 RTP/AVP 31\r\n",
          "CSeq", "1", "Content-Type", "application/sdp")).status());
      assertEquals(Rtsp.Status.NOT_FOUND, rc.answer(null, req("ANNOUNCE", "rtsp://h/a/b/c", SDP, "CSeq", "1",
          "Content-Type", "application/sdp")).status());
      assertEquals(Rtsp.Status.METHOD_NOT_VALID_IN_THIS_STATE,
          rc.answer(null, req("RECORD", url, "", "CSeq", "2")).status());
      assertEquals(Rtsp.Status.OK, rc.answer(null, announce).status());
      assertEquals(Rtsp.Status.UNSUPPORTED_TRANSPORT, rc.answer(null, req("SETUP", url + "/streamid=0", "", "CSeq", "3",
          "Transport", "RTP/AVP;multicast;port=5000-5001;mode=record")).status());
      assertEquals(Rtsp.Status.NOT_FOUND, rc.answer(null, req("SETUP", url + "/streamid=7", "", "CSeq", "3",
          "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1;mode=record")).status());
      RtspResponse v = rc.answer(null, req("SETUP", url + "/streamid=0", "", "CSeq", "4",
          "Transport", "RTP/AVP/TCP;unicast;interleaved=0-1;mode=record"));
      assertEquals(Rtsp.Status.OK, v.status());
      assertEquals("RTP/AVP/TCP;unicast;interleaved=0-1;mode=record", v.header(Rtsp.TRANSPORT));
      String session = v.header(Rtsp.SESSION).split(";")[0];
      RtspRequest audio = req("SETUP", url + "/streamid=1", "", "CSeq", "5", "Session", session,
          "Transport", "RTP/AVP/TCP;unicast;interleaved=2-3;mode=record");
      assertTrue(rc.handles(audio));
      assertEquals(Rtsp.Status.OK, rc.answer(null, audio).status());
      assertEquals(Rtsp.Status.SESSION_NOT_FOUND, rc.answer(null, req("RECORD", url, "", "CSeq", "6", "Session", "x")).status());
      assertEquals(Rtsp.Status.OK, rc.answer(null, req("RECORD", url, "", "CSeq", "6", "Session", session)).status());
      assertNotNull(registry.get("pub"));
      assertEquals(2, registry.get("pub").tracks().size());
      RtspRequest play = req("DESCRIBE", url, "", "CSeq", "7");
      assertFalse(rc.handles(play));
      assertEquals(Rtsp.Status.OK, rc.answer(null, req("TEARDOWN", url, "", "CSeq", "8", "Session", session)).status());
    } finally {
      registry.close();
    }
  }

  @Test
  void oneAnnouncedPublisherAStreamUntilItsRecordingEnds() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-22T12:00:00Z"));
    StreamRegistry registry = new StreamRegistry(clock);
    Publishers publishers = new Publishers(registry, clock);
    String url = "rtsp://127.0.0.1:8554/pub";
    try (RecordConnection first = new RecordConnection(registry, clock, ByteBufAllocator.DEFAULT, publishers);
        RecordConnection second = new RecordConnection(registry, clock, ByteBufAllocator.DEFAULT, publishers)) {
      assertEquals(Rtsp.Status.OK, first.answer(null, announce(url, "1")).status());
      assertEquals(Rtsp.Status.METHOD_NOT_VALID_IN_THIS_STATE, second.answer(null, announce(url, "1")).status());
      assertEquals(Rtsp.Status.OK, second.answer(null, announce("rtsp://127.0.0.1:8554/other", "2")).status(),
          "another stream is free");
      first.close(); // the connection of the first publisher went away
      assertEquals(Rtsp.Status.OK, second.answer(null, announce(url, "3")).status(), "free at once");
      assertEquals(Rtsp.Status.OK, second.answer(null, announce("rtsp://127.0.0.1:8554/other", "4")).status(),
          "announcing another stream let the first one go");
      assertEquals(Rtsp.Status.OK, first.answer(null, announce(url, "5")).status());
    } finally {
      registry.close();
    }
  }

  @Test
  void aStreamFedByAnotherSourceIsRefusedUntilItWentQuiet() {
    ManualClock clock = new ManualClock(Instant.parse("2026-11-22T12:00:00Z"));
    StreamRegistry registry = new StreamRegistry(clock);
    try (RecordConnection rc = new RecordConnection(registry, clock, ByteBufAllocator.DEFAULT,
        new Publishers(registry, clock))) {
      registry.getOrCreate("pub").track("video"); // an HTTP ingest or a pulled camera just created it
      assertEquals(Rtsp.Status.METHOD_NOT_VALID_IN_THIS_STATE, rc.answer(null, announce("rtsp://h/pub", "1")).status());
      clock.advance(registry.get("pub").settings().targetSegmentDuration().multipliedBy(2));
      assertEquals(Rtsp.Status.OK, rc.answer(null, announce("rtsp://h/pub", "2")).status(), "silent for two segments");
    } finally {
      registry.close();
    }
  }

  private static RtspRequest announce(String url, String cseq) {
    return req("ANNOUNCE", url, SDP, "CSeq", cseq, "Content-Type", "application/sdp");
  }

  @Test
  void udpTransportPorts() {
    assertArrayEquals(new int[] {5000, 5001}, RecordConnection.udpClientPorts("RTP/AVP;unicast;client_port=5000-5001;mode=record"));
    assertArrayEquals(new int[] {7000, 7001}, RecordConnection.udpClientPorts("RTP/AVP/UDP;unicast;client_port=7000"));
    assertEquals(null, RecordConnection.udpClientPorts("RTP/AVP;multicast;client_port=5000-5001"));
    assertEquals(null, RecordConnection.udpClientPorts("RTP/AVP;unicast;client_port=x-1"));
    assertArrayEquals(new int[] {4, 5}, RecordConnection.interleaved("RTP/AVP/TCP;unicast;interleaved=4-5"));
    assertEquals(null, RecordConnection.interleaved("RTP/AVP;unicast;client_port=5000-5001"));
  }

  @Test
  void streamNames() {
    assertEquals("pub", RecordConnection.streamName("rtsp://h:8554/pub/"));
    assertEquals("cam-1.a", RecordConnection.streamName("rtsp://h/cam-1.a?x=1"));
    assertEquals(null, RecordConnection.streamName("rtsp://h/"));
    assertEquals(null, RecordConnection.streamName("rtsp://h/../x"));
  }
}
