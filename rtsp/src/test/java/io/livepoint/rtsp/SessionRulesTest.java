package io.livepoint.rtsp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The session state machine (RFC 2326 A.2), Transport negotiation (12.39) and request URIs. */
class SessionRulesTest {
  @Test
  void stateMachine() {
    assertEquals(SessionState.READY, SessionState.INIT.after(Rtsp.Method.SETUP));
    assertNull(SessionState.INIT.after(Rtsp.Method.PLAY));
    assertNull(SessionState.INIT.after(Rtsp.Method.PAUSE));
    assertEquals(SessionState.PLAYING, SessionState.READY.after(Rtsp.Method.PLAY));
    assertEquals(SessionState.READY, SessionState.READY.after(Rtsp.Method.SETUP));
    assertEquals(SessionState.READY, SessionState.PLAYING.after(Rtsp.Method.PAUSE));
    assertEquals(SessionState.PLAYING, SessionState.PLAYING.after(Rtsp.Method.PLAY));
    assertNull(SessionState.PLAYING.after(Rtsp.Method.SETUP));
    assertNull(SessionState.READY.after(Rtsp.Method.RECORD));
    for (SessionState s : SessionState.values()) {
      assertEquals(SessionState.INIT, s.after(Rtsp.Method.TEARDOWN));
      assertEquals(s, s.after(Rtsp.Method.GET_PARAMETER));
    }
  }

  @Test
  void transports() throws Exception {
    TransportSpec tcp = TransportSpec.choose("RTP/AVP/TCP;unicast;interleaved=2-3");
    assertTrue(tcp.tcp());
    assertEquals(2, tcp.rtpChannel());
    assertEquals(3, tcp.rtcpChannel());
    assertEquals(-1, TransportSpec.choose("RTP/AVP/TCP;unicast").rtpChannel());
    TransportSpec udp = TransportSpec.choose("RTP/AVP;unicast;client_port=5000-5001");
    assertEquals(5000, udp.clientRtpPort());
    assertEquals(5001, udp.clientRtcpPort());
    assertEquals(5001, TransportSpec.choose("RTP/AVP/UDP;unicast;client_port=5000").clientRtcpPort());
    // The first supported alternative wins.
    assertTrue(TransportSpec.choose("RTP/SAVP;unicast;client_port=1-2,RTP/AVP/TCP;interleaved=0-1").tcp());
    assertEquals(Rtsp.Status.UNSUPPORTED_TRANSPORT,
        assertThrows(RtspParseException.class, () -> TransportSpec.choose("RTP/AVP;multicast")).status());
    assertEquals(Rtsp.Status.UNSUPPORTED_TRANSPORT,
        assertThrows(RtspParseException.class, () -> TransportSpec.choose("RAW/RAW/UDP;unicast")).status());
    assertEquals(Rtsp.Status.UNSUPPORTED_TRANSPORT,
        assertThrows(RtspParseException.class, () -> TransportSpec.choose("RTP/AVP;unicast")).status());
    assertEquals(Rtsp.Status.UNSUPPORTED_TRANSPORT,
        assertThrows(RtspParseException.class, () -> TransportSpec.choose(null)).status());
    assertEquals(Rtsp.Status.BAD_REQUEST,
        assertThrows(RtspParseException.class, () -> TransportSpec.choose("RTP/AVP;client_port=x-y")).status());
    assertEquals(Rtsp.Status.BAD_REQUEST,
        assertThrows(RtspParseException.class, () -> TransportSpec.choose("RTP/AVP/TCP;interleaved=300-301")).status());
  }

  @Test
  void targets() {
    assertEquals(new RtspTarget("demo", null), RtspTarget.of("rtsp://127.0.0.1:8554/demo"));
    assertEquals(new RtspTarget("demo", null), RtspTarget.of("rtsp://127.0.0.1:8554/demo/"));
    assertEquals(new RtspTarget("demo", "track=video"), RtspTarget.of("rtsp://h/demo/track=video"));
    assertEquals(new RtspTarget("a/b", "track=audio"), RtspTarget.of("/a/b/track=audio?x=1"));
    assertNull(RtspTarget.of("*"));
    assertNull(RtspTarget.of("rtsp://h:8554"));
    assertNull(RtspTarget.of("rtsp://h/track=video"));
  }
}
