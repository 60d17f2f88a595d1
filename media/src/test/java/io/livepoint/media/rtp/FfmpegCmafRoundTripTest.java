package io.livepoint.media.rtp;

import static io.livepoint.media.rtp.RtpHarness.ALLOC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.media.cmaf.CmafLoop;
import io.livepoint.media.cmaf.Sample;
import io.livepoint.media.cmaf.SampleReader;
import io.livepoint.media.codec.HevcConfig;
import io.livepoint.media.codec.OpusConfig;
import io.livepoint.testkit.Tools;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Formats the captures lack (H.265, Opus) and G.711: FFmpeg writes CMAF, the samples go through our
 * packetizer, a reordering wire and our depacketizer and must come out unchanged.
 */
class FfmpegCmafRoundTripTest {
  @TempDir
  Path tmp;

  CmafLoop encode(String... args) throws Exception {
    Path out = tmp.resolve("track.mp4");
    List<String> cmd = new ArrayList<>(List.of(Tools.require("ffmpeg"), "-hide_banner", "-loglevel", "error", "-y"));
    cmd.addAll(List.of(args));
    cmd.addAll(List.of("-movflags", "empty_moov+separate_moof+default_base_moof+cmaf", "-frag_duration", "500000",
        out.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), log);
    ByteBuf file = ALLOC.buffer();
    file.writeBytes(Files.readAllBytes(out));
    try {
      return CmafLoop.parse(ALLOC, List.of(file));
    } finally {
      file.release();
    }
  }

  void roundTrip(CmafLoop loop, Class<?> config, int expectedUnits) throws Exception {
    ByteBuf header = loop.header();
    CmafTrackSource source;
    try {
      source = CmafTrackSource.of(header, 98);
    } finally {
      header.release();
    }
    assertTrue(config.isInstance(source.config()), source.config().toString());
    List<AccessUnit> sent = new ArrayList<>();
    List<RtpPacket> packets = new ArrayList<>();
    try {
      for (int i = 0; i < loop.chunkCount(); i++) {
        for (Sample s : SampleReader.read(loop.recorded(i).data(), source.info())) {
          sent.add(source.accessUnit(s));
          s.release();
        }
      }
      assertEquals(expectedUnits, sent.size());
      Packetizer packetizer = source.packetizer(1000, ALLOC);
      sent.forEach(au -> packetizer.packetize(au, packets));
      List<ByteBuf> wire = RtpHarness.wire(packets, 98, 40000, 0, 5);
      packets.clear();
      RtpHarness.reorder(wire, 3, new Random(7));
      try (RtpReceiver rx = new RtpReceiver(source.sdp().depacketizer(ALLOC), 6)) {
        List<AccessUnit> got = RtpHarness.receive(wire, rx);
        try {
          assertEquals(0, rx.depacketizer().malformed(), rx.depacketizer().lastError());
          assertEquals(sent.size(), got.size());
          for (int i = 0; i < sent.size(); i++) {
            AccessUnit want = sent.get(i);
            if (source.config() instanceof HevcConfig && want.key()) {
              // The packetizer puts VPS/SPS/PPS in front of IRAP pictures that come without them.
              assertTrue(got.get(i).units().size() >= want.units().size());
              List<ByteBuf> tail = got.get(i).units().subList(got.get(i).units().size() - want.units().size(),
                  got.get(i).units().size());
              RtpHarness.assertSameUnits(want, new AccessUnit(0, true, false, tail), "AU " + i);
              assertEquals(H265.NAL_VPS, H265.SYNTAX.type(got.get(i).units().get(0)));
            } else {
              RtpHarness.assertSameUnits(want, got.get(i), "AU " + i);
            }
            assertEquals(want.timestamp(), got.get(i).timestamp());
            assertEquals(want.key(), got.get(i).key());
            assertFalse(got.get(i).discontinuity());
          }
        } finally {
          RtpHarness.releaseAll(got);
        }
      }
    } finally {
      RtpHarness.releaseAll(sent);
      packets.forEach(RtpPacket::release);
    }
  }

  @Test
  void hevc() throws Exception {
    try (CmafLoop loop = encode("-f", "lavfi", "-i", "testsrc2=size=640x360:rate=25", "-t", "2", "-c:v", "libx265",
        "-tag:v", "hvc1", "-x265-params", "keyint=25:log-level=error")) {
      assertEquals("hvc1", loop.info().sampleEntry());
      roundTrip(loop, HevcConfig.class, 50);
    }
  }

  @Test
  void opus() throws Exception {
    try (CmafLoop loop = encode("-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000", "-t", "2", "-c:a",
        "libopus", "-ac", "2")) {
      assertEquals("Opus", loop.info().sampleEntry());
      roundTrip(loop, OpusConfig.class, 101);
    }
  }

  @Test
  void g711SplitsAtThePayloadLimit() {
    ByteBufAllocator alloc = ALLOC;
    ByteBuf block = alloc.buffer(2500);
    for (int i = 0; i < 2500; i++) {
      block.writeByte(i * 7);
    }
    AccessUnit au = AccessUnit.of(8000, block);
    List<RtpPacket> packets = new ArrayList<>();
    new AudioPacketizer(AudioPacketizer.Kind.G711, 1000).packetize(au, packets);
    assertEquals(3, packets.size());
    assertEquals(List.of(8000L, 9000L, 10000L), packets.stream().map(RtpPacket::timestamp).toList());
    List<ByteBuf> wire = RtpHarness.wire(packets, 0, 1, 0, 9);
    try (RtpReceiver rx = new RtpReceiver(SdpMedia.g711(PayloadFormat.PCMU).depacketizer(alloc), 4)) {
      List<AccessUnit> got = RtpHarness.receive(wire, rx);
      try {
        assertEquals(3, got.size());
        ByteBuf joined = alloc.buffer();
        got.forEach(g -> joined.writeBytes(g.frame(), g.frame().readerIndex(), g.frame().readableBytes()));
        assertTrue(io.netty.buffer.ByteBufUtil.equals(block, joined));
        joined.release();
      } finally {
        RtpHarness.releaseAll(got);
        au.release();
      }
    }
  }
}
