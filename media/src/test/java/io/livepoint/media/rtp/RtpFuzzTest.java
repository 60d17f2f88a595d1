package io.livepoint.media.rtp;

import static io.livepoint.media.rtp.RtpHarness.ALLOC;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.media.TestData;
import io.livepoint.media.cmaf.CmafException;
import io.livepoint.media.cmaf.CmafLoop;
import io.livepoint.media.cmaf.NalUnits;
import io.livepoint.media.cmaf.Sample;
import io.livepoint.media.cmaf.SampleEntries;
import io.livepoint.media.cmaf.SampleReader;
import io.livepoint.media.codec.AudioSpecificConfig;
import io.livepoint.media.codec.AvcConfig;
import io.livepoint.media.codec.AvcSps;
import io.livepoint.media.codec.HevcSps;
import io.livepoint.testkit.Tools;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Seeded damage (bit flips, overwritten bytes, truncation, cut-outs, pure noise) to real packets and
 * parameters: parsers throw only their documented exception, depacketizers never throw, nothing loops
 * or leaks (the leak check fails the class).
 */
class RtpFuzzTest {
  @TempDir
  Path tmp;

  static byte[] damage(byte[] original, Random r) {
    byte[] b = original.clone();
    if (b.length == 0) {
      return new byte[] {(byte) r.nextInt()};
    }
    switch (r.nextInt(6)) {
      case 0 -> {
        for (int i = 0; i < 1 + r.nextInt(4); i++) {
          b[r.nextInt(b.length)] ^= (byte) (1 << r.nextInt(8));
        }
      }
      case 1 -> b[r.nextInt(b.length)] = (byte) r.nextInt(256);
      case 2 -> b = Arrays.copyOf(b, r.nextInt(b.length));
      case 3 -> {
        int from = r.nextInt(b.length);
        int len = Math.min(b.length - from, 1 + r.nextInt(16));
        byte[] c = new byte[b.length - len];
        System.arraycopy(b, 0, c, 0, from);
        System.arraycopy(b, from + len, c, from, b.length - from - len);
        b = c;
      }
      case 4 -> r.nextBytes(b);
      default -> {
        if (b.length > 14) {
          b[12 + r.nextInt(3)] = (byte) r.nextInt(256); // payload header bytes
        }
      }
    }
    return b;
  }

  /** Packets of real media for a format, as wire bytes. */
  static List<byte[]> packetsOf(Packetizer packetizer, List<AccessUnit> aus, int pt) {
    List<RtpPacket> packets = new ArrayList<>();
    aus.forEach(au -> packetizer.packetize(au, packets));
    List<byte[]> out = new ArrayList<>();
    for (ByteBuf b : RtpHarness.wire(packets, pt, 1, 0, 3)) {
      byte[] a = new byte[b.readableBytes()];
      b.getBytes(b.readerIndex(), a);
      out.add(a);
      b.release();
    }
    return out;
  }

  static List<AccessUnit> captureUnits(String track, int max) throws CmafException {
    try (CmafLoop loop = CmafRtpRoundTripTest.load(track)) {
      ByteBuf header = loop.header();
      try {
        CmafTrackSource source = CmafTrackSource.of(header, 96);
        List<AccessUnit> all = CmafRtpRoundTripTest.accessUnits(loop, source);
        List<AccessUnit> keep = new ArrayList<>(all.subList(0, Math.min(max, all.size())));
        all.subList(keep.size(), all.size()).forEach(AccessUnit::release);
        return keep;
      } finally {
        header.release();
      }
    }
  }

  /** Feeds damaged packets (and some dropped, duplicated, reordered) to a depacketizer: nothing may throw. */
  static void depacketizeDamaged(List<byte[]> packets, Supplier<Depacketizer> make, long seed) {
    Random r = new Random(seed);
    for (int round = 0; round < 40; round++) {
      try (RtpReceiver rx = new RtpReceiver(make.get(), 4)) {
        for (byte[] p : packets) {
          if (r.nextInt(10) == 0) {
            continue;
          }
          byte[] bytes = r.nextInt(4) == 0 ? damage(p, r) : p;
          ByteBuf b = Unpooled.wrappedBuffer(bytes);
          RtpPacket packet;
          try {
            packet = RtpPacket.parse(b);
          } catch (RtpFormatException refused) {
            continue;
          }
          rx.receive(packet, AccessUnit::release);
        }
        rx.flush(AccessUnit::release);
      }
    }
  }

  @Test
  void depacketizersSurviveDamage() throws Exception {
    List<AccessUnit> video = captureUnits("livesim2-testpic_2s_low_delay/LD_360", 60);
    List<AccessUnit> audio = captureUnits("livesim2-testpic_2s/A48", 100);
    try {
      List<byte[]> h264 = packetsOf(NalPacketizer.h264(List.of(), 500, ALLOC), video, 96);
      depacketizeDamaged(h264, () -> NalDepacketizer.h264(ALLOC), 1);
      depacketizeDamaged(h264, () -> NalDepacketizer.h265(ALLOC), 2); // H.264 bytes read as H.265
      List<byte[]> aac = packetsOf(new AacPacketizer(100, ALLOC), audio, 97); // small limit: fragments
      depacketizeDamaged(aac, () -> new AacDepacketizer(Mpeg4Generic.AAC_HBR, 1024, ALLOC), 3);
      depacketizeDamaged(aac, () -> new AacDepacketizer(new Mpeg4Generic(6, 2, 2), 1024, ALLOC), 4);
      depacketizeDamaged(aac, AudioDepacketizer::new, 5);
      depacketizeDamaged(h264, () -> new JpegDepacketizer(ALLOC), 6);
      depacketizeDamaged(h264, () -> new MetadataDepacketizer(ALLOC), 10);
    } finally {
      RtpHarness.releaseAll(video);
      RtpHarness.releaseAll(audio);
    }
  }

  @Test
  void jpegDepacketizerAndParserSurviveDamage() throws Exception {
    Path img = tmp.resolve("a.jpg");
    Process p = new ProcessBuilder(Tools.require("ffmpeg"), "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi",
        "-i", "testsrc2=size=2400x160:rate=1", "-frames:v", "1", "-c:v", "mjpeg", "-pix_fmt", "yuvj420p", "-huffman",
        "optimal", img.toString()).redirectErrorStream(true).start();
    p.getInputStream().readAllBytes();
    p.waitFor();
    byte[] jpeg = Files.readAllBytes(img);
    AccessUnit au = AccessUnit.of(0, Unpooled.wrappedBuffer(jpeg));
    List<byte[]> packets = packetsOf(new JpegPacketizer(600, ALLOC), List.of(au, au.withTimestamp(3000)), 26);
    au.release();
    depacketizeDamaged(packets, () -> new JpegDepacketizer(ALLOC), 7);
    Random r = new Random(8);
    for (int i = 0; i < 2000; i++) {
      try {
        JpegFrame.parse(Unpooled.wrappedBuffer(damage(jpeg, r)));
      } catch (RtpFormatException refused) {
        // documented
      }
    }
  }

  @Test
  void packetParsersThrowOnlyTheirException() {
    Random r = new Random(9);
    RtpPacket p = new RtpPacket(true, 96, 7, 1234, 99, new int[] {5}, OnvifReplayExtension.PROFILE,
        new OnvifReplayExtension(1, true, true, false, false, 3).bytesWith(JpegHeaderExtension.initial(new byte[] {1, 2})
            .nested()), 3, Unpooled.wrappedBuffer(new byte[] {1, 2, 3, 4, 5}));
    ByteBuf rtp = Unpooled.buffer();
    p.writeTo(rtp);
    p.release();
    byte[] rtpBytes = Arrays.copyOf(rtp.array(), rtp.readableBytes());
    ByteBuf rtcp = Unpooled.buffer();
    Rtcp.write(List.of(new RtcpPacket.SenderReport(1, 2, 3, 4, 5, List.of(new RtcpPacket.ReportBlock(1, 2, 3, 4, 5, 6,
        7))), RtcpPacket.SourceDescription.cname(1, "x@y"), new RtcpPacket.Goodbye(List.of(1L), "bye")), rtcp);
    byte[] rtcpBytes = Arrays.copyOf(rtcp.array(), rtcp.readableBytes());
    for (int i = 0; i < 5000; i++) {
      try {
        RtpPacket q = RtpPacket.parse(Unpooled.wrappedBuffer(damage(rtpBytes, r)));
        try {
          OnvifReplayExtension.of(q);
          JpegHeaderExtension.of(q);
        } finally {
          q.release();
        }
      } catch (RtpFormatException refused) {
        // documented
      }
      try {
        Rtcp.parse(Unpooled.wrappedBuffer(damage(rtcpBytes, r)));
      } catch (RtpFormatException refused) {
        // documented
      }
    }
  }

  @Test
  void sdpParsersThrowOnlyTheirException() {
    Random r = new Random(10);
    List<String> lines = List.of("a=rtpmap:96 H264/90000", "a=fmtp:96 packetization-mode=1;profile-level-id=64001f;"
        + "sprop-parameter-sets=Z2QAH6zZQFAFuwFqAgICgAAAAwCAAAAeB4wYyw==,aOvjyyLA", "a=rtpmap:97 mpeg4-generic/48000/2",
        "a=fmtp:97 streamtype=5;mode=AAC-hbr;sizelength=13;indexlength=3;indexdeltalength=3;config=1190");
    for (int i = 0; i < 3000; i++) {
      String m = new String(damage("m=video 0 RTP/AVP 96 97".getBytes(), r), java.nio.charset.StandardCharsets.ISO_8859_1);
      List<String> ls = lines.stream().map(l -> r.nextInt(3) == 0
          ? new String(damage(l.getBytes(), r), java.nio.charset.StandardCharsets.ISO_8859_1) : l).toList();
      try {
        SdpMedia s = SdpMedia.parse(m, ls);
        s.depacketizer(ALLOC).close();
        s.codecConfig(null);
      } catch (RtpFormatException refused) {
        // documented
      }
    }
  }

  @Test
  void cmafAndCodecParsersThrowOnlyTheirException() throws Exception {
    Random r = new Random(11);
    try (CmafLoop loop = CmafRtpRoundTripTest.load("livesim2-testpic_2s_low_delay/LD_360")) {
      ByteBuf header = loop.header();
      byte[] init = new byte[header.readableBytes()];
      header.getBytes(header.readerIndex(), init);
      header.release();
      AvcConfig avc = (AvcConfig) SampleEntries.codecConfig(Unpooled.wrappedBuffer(init));
      ByteBuf chunk = loop.recorded(0).data();
      byte[] chunkBytes = new byte[Math.min(chunk.readableBytes(), 60000)];
      chunk.getBytes(chunk.readerIndex(), chunkBytes);
      for (int i = 0; i < 400; i++) {
        try {
          SampleEntries.codecConfig(Unpooled.wrappedBuffer(damage(init, r)));
        } catch (CmafException refused) {
          // documented
        }
        ByteBuf damaged = ALLOC.buffer();
        damaged.writeBytes(damage(chunkBytes, r));
        try {
          for (Sample s : SampleReader.read(damaged, loop.info())) {
            try {
              NalUnits.split(s.data(), 4).forEach(ByteBuf::release);
            } catch (CmafException refused) {
              // documented
            } finally {
              s.release();
            }
          }
        } catch (CmafException refused) {
          // documented
        } finally {
          damaged.release();
        }
      }
      for (int i = 0; i < 3000; i++) {
        try {
          AvcSps.parse(damage(avc.sps().get(0), r));
        } catch (IllegalArgumentException refused) {
          // documented
        }
        try {
          HevcSps.parse(damage(avc.sps().get(0), r));
        } catch (IllegalArgumentException refused) {
          // documented
        }
        try {
          AudioSpecificConfig.parse(damage(new byte[] {0x11, (byte) 0x90, 0x56, (byte) 0xe5, 0}, r));
        } catch (IllegalArgumentException refused) {
          // documented
        }
      }
    }
  }
}
