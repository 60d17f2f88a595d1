package io.livepoint.media.rtp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.livepoint.media.codec.AudioSpecificConfig;
import io.livepoint.media.codec.AvcConfig;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SdpMediaTest {
  static final byte[] SPS = Base64.getDecoder().decode("Z2QAH6zZQFAFuwFqAgICgAAAAwCAAAAeB4wYyw==");
  static final byte[] PPS = Base64.getDecoder().decode("aOvjyyLA");

  @Test
  void h264DescribedFromTheAvcConfigAndParsedBack() {
    SdpMedia m = SdpMedia.h264(96, AvcConfig.of(List.of(SPS), List.of(PPS)));
    assertEquals("m=video 0 RTP/AVP 96", m.mediaLine(0, "RTP/AVP"));
    assertEquals(List.of("a=rtpmap:96 H264/90000", "a=fmtp:96 packetization-mode=1;profile-level-id=64001f;"
        + "sprop-parameter-sets=Z2QAH6zZQFAFuwFqAgICgAAAAwCAAAAeB4wYyw==,aOvjyyLA"), m.attributes());
    SdpMedia back = SdpMedia.parse(m.mediaLine(0, "RTP/AVP"), m.attributes());
    assertEquals(PayloadFormat.H264, back.format());
    assertArrayEquals(SPS, back.parameterSets().get(0));
    assertArrayEquals(PPS, back.parameterSets().get(1));
    AvcConfig c = (AvcConfig) back.codecConfig(null);
    assertEquals(0x64, c.profile());
    assertEquals(0x1f, c.level());
  }

  @Test
  void aacHbr() {
    byte[] asc = AudioSpecificConfig.build(2, 48000, 2);
    SdpMedia m = SdpMedia.aac(97, 48000, 2, asc);
    assertEquals("a=rtpmap:97 mpeg4-generic/48000/2", m.attributes().get(0));
    assertEquals("a=fmtp:97 streamtype=5;profile-level-id=1;mode=AAC-hbr;sizelength=13;indexlength=3;"
        + "indexdeltalength=3;config=1190", m.attributes().get(1));
    // A camera's lines, with other attributes and odd case and spacing.
    SdpMedia cam = SdpMedia.parse("m=audio 0 RTP/AVP 97", List.of("a=control:trackID=2",
        "a=rtpmap:97 MPEG4-GENERIC/48000/2", "a=fmtp:97 streamType=5; profile-level-id=15; mode=AAC-hbr; "
            + "config=1190; SizeLength=13; IndexLength=3; IndexDeltaLength=3; Profile=1;"));
    assertEquals(PayloadFormat.AAC, cam.format());
    assertEquals(48000, cam.clockRate());
    assertEquals(2, cam.channels());
    assertEquals(1024, cam.audioConfig().frameLength());
    assertEquals(new Mpeg4Generic(13, 3, 3), Mpeg4Generic.of(cam.fmtp()));
    cam.depacketizer(RtpHarness.ALLOC).close();
  }

  @Test
  void staticPayloadTypesAndFallbacks() {
    SdpMedia pcmu = SdpMedia.parse("m=audio 0 RTP/AVP 0", List.of());
    assertEquals(PayloadFormat.PCMU, pcmu.format());
    assertEquals(8000, pcmu.clockRate());
    SdpMedia jpeg = SdpMedia.parse("m=video 0 RTP/AVP 26", List.of());
    assertEquals(PayloadFormat.JPEG, jpeg.format());
    // First supported format of several.
    SdpMedia opus = SdpMedia.parse("m=audio 0 RTP/AVP 101 111", List.of("a=rtpmap:101 telephone-event/8000",
        "a=rtpmap:111 opus/48000/2", "a=fmtp:111 sprop-stereo=1"));
    assertEquals(PayloadFormat.OPUS, opus.format());
    assertEquals(List.of("a=rtpmap:111 opus/48000/2", "a=fmtp:111 sprop-stereo=0"),
        SdpMedia.opus(111, 1).attributes());
    assertEquals(List.of("a=rtpmap:8 PCMA/8000/1"), SdpMedia.g711(PayloadFormat.PCMA).attributes());
  }

  @Test
  void badDescriptionsRefused() {
    assertThrows(RtpFormatException.class, () -> SdpMedia.parse("m=video 0 RTP/AVP", List.of()));
    assertThrows(RtpFormatException.class, () -> SdpMedia.parse("m=video 0 RTP/AVP x", List.of()));
    assertThrows(RtpFormatException.class, () -> SdpMedia.parse("m=video 0 RTP/AVP 96",
        List.of("a=rtpmap:96 VP8/90000")));
    assertThrows(RtpFormatException.class, () -> SdpMedia.parse("m=video 0 RTP/AVP 96",
        List.of("a=rtpmap:96 H264/abc")));
    SdpMedia mode2 = SdpMedia.parse("m=video 0 RTP/AVP 96", List.of("a=rtpmap:96 H264/90000",
        "a=fmtp:96 packetization-mode=2"));
    assertThrows(RtpFormatException.class, () -> mode2.depacketizer(RtpHarness.ALLOC));
    assertThrows(RtpFormatException.class, () -> Mpeg4Generic.of(Map.of("sizelength", "13", "ctsdeltalength", "4")));
    assertThrows(RtpFormatException.class, () -> Fmtp.base64List("!!"));
    assertThrows(RtpFormatException.class, () -> Fmtp.unhex("12x"));
    assertThrows(RtpFormatException.class, () -> Fmtp.parse("=1"));
  }
}
