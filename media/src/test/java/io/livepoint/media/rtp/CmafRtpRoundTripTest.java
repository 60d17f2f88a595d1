package io.livepoint.media.rtp;

import static io.livepoint.media.rtp.RtpHarness.ALLOC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.media.TestData;
import io.livepoint.media.cmaf.CmafException;
import io.livepoint.media.cmaf.CmafHeader;
import io.livepoint.media.cmaf.CmafLoop;
import io.livepoint.media.cmaf.Sample;
import io.livepoint.media.cmaf.SampleReader;
import io.livepoint.media.cmaf.SegmentType;
import io.livepoint.media.cmaf.TrackInfo;
import io.livepoint.media.codec.AvcConfig;
import io.livepoint.testkit.Shared;
import io.livepoint.testkit.Tools;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real captures through the whole chain: CMAF chunks -> sample reader -> packetizer -> (reordered, lossy)
 * wire -> depacketizer -> CMAF writer -> ffprobe. What comes out must be the access units that went in.
 */
class CmafRtpRoundTripTest {
  @TempDir
  Path tmp;

  /** Video and audio tracks of the captures (livesim2-zero has empty samples: nothing to send). */
  static Stream<String> tracks() {
    return Stream.of("livesim2-testpic_2s/V300", "livesim2-testpic_2s/A48", "livesim2-testpic_2s_low_delay/LD_720",
        "medialive-scte35-capture/video",
        "medialive-scte35-capture/audio", "demo/video.mp4", "demo/audio.mp4");
  }

  static CmafLoop load(String track) throws CmafException {
    List<ByteBuf> files = new ArrayList<>();
    if (track.startsWith("demo/")) {
      Path p = Shared.repoRoot().resolve("../server/src/main/resources/" + track).normalize();
      if (!Files.exists(p)) {
        p = Shared.repoRoot().resolve("server/src/main/resources/" + track);
      }
      files.add(TestData.buf(TestData.bytes(p)));
    } else {
      Path dir = TestData.dir(track);
      files.add(TestData.buf(TestData.bytes(TestData.init(dir))));
      TestData.segments(dir).forEach(s -> files.add(TestData.buf(TestData.bytes(s))));
    }
    try {
      return CmafLoop.parse(ALLOC, files);
    } finally {
      files.forEach(ByteBuf::release);
    }
  }

  /** The access units of every chunk, in decode order. */
  static List<AccessUnit> accessUnits(CmafLoop loop, CmafTrackSource source) throws CmafException {
    List<AccessUnit> out = new ArrayList<>();
    for (int i = 0; i < loop.chunkCount(); i++) {
      List<Sample> samples = SampleReader.read(loop.recorded(i).data(), source.info());
      try {
        for (Sample s : samples) {
          out.add(source.accessUnit(s));
        }
      } finally {
        samples.forEach(Sample::release);
      }
    }
    return out;
  }

  /** What a receiver must get: the units as sent, with the parameter sets in front of IDRs lacking them. */
  static List<String> expected(List<AccessUnit> aus, CmafTrackSource source) {
    List<String> out = new ArrayList<>();
    for (AccessUnit au : aus) {
      StringBuilder s = new StringBuilder();
      boolean inBand = au.units().stream().filter(ByteBuf::isReadable).anyMatch(u -> {
        int type = u.getUnsignedByte(u.readerIndex()) & 0x1f;
        return type == H264.NAL_SPS || type == H264.NAL_PPS;
      });
      if (source.config() instanceof AvcConfig a && H264.SYNTAX.containsKey(au.units()) && !inBand) {
        a.sps().forEach(n -> s.append(RtpHarness.digest(Unpooled.wrappedBuffer(n))));
        a.pps().forEach(n -> s.append(RtpHarness.digest(Unpooled.wrappedBuffer(n))));
      }
      boolean nal = source.config() instanceof AvcConfig || source.config() instanceof io.livepoint.media.codec.HevcConfig;
      au.units().stream().filter(u -> !nal || u.isReadable()).forEach(u -> s.append(RtpHarness.digest(u)));
      out.add(s.toString());
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("tracks")
  void packetizeDepacketizeMux(String track) throws Exception {
    try (CmafLoop loop = load(track)) {
      ByteBuf header = loop.header();
      CmafTrackSource source;
      try {
        source = CmafTrackSource.of(header, 96);
      } finally {
        header.release();
      }
      List<AccessUnit> sent = accessUnits(loop, source);
      try {
        List<String> want = expected(sent, source);
        List<RtpPacket> packets = new ArrayList<>();
        try {
        Packetizer packetizer = source.packetizer(Packetizer.DEFAULT_MAX_PAYLOAD, ALLOC);
        sent.forEach(au -> packetizer.packetize(au, packets));
        assertTrue(packets.stream().allMatch(p -> p.payload().readableBytes() <= Packetizer.DEFAULT_MAX_PAYLOAD));

        // 1. Reordered, no loss: identical access units with the same timing.
        List<ByteBuf> wire = RtpHarness.wire(copy(packets), 96, 65500, 0x7fffff00L, 0x1234);
        RtpHarness.reorder(wire, 4, new Random(track.hashCode()));
        List<AccessUnit> got;
        try (RtpReceiver rx = new RtpReceiver(source.sdp().depacketizer(ALLOC), 8)) {
          got = RtpHarness.receive(wire, rx);
          assertEquals(0, rx.reorderBuffer().lost(), track);
          assertEquals(0, rx.depacketizer().malformed(), track);
        }
        try {
          assertEquals(sent.size(), got.size(), track + ": access units");
          long t0 = got.get(0).timestamp();
          for (int i = 0; i < sent.size(); i++) {
            assertEquals(want.get(i), RtpHarness.hex(got.get(i)), track + " AU " + i);
            assertEquals(sent.get(i).timestamp() - sent.get(0).timestamp(), got.get(i).timestamp() - t0, track + " ts " + i);
            assertEquals(sent.get(i).key(), got.get(i).key(), track + " key " + i);
            assertFalse(got.get(i).discontinuity());
          }
          // 3. Mux what came out and let ffprobe read it.
          probe(track, source, got);
        } finally {
          RtpHarness.releaseAll(got);
        }

        // 2. 3% loss: every access unit not flagged is exact; the flagged ones follow the losses.
        List<ByteBuf> lossy = RtpHarness.wire(packets, 96, 1, 0, 0x1234);
        packets.clear();
        Random r = new Random(track.hashCode() + 1);
        ByteBuf firstPacket = lossy.get(0); // a loss before the first packet is indistinguishable from a later start
        lossy.removeIf(d -> {
          boolean drop = d != firstPacket && r.nextInt(100) < 3;
          if (drop) {
            d.release();
          }
          return drop;
        });
        RtpHarness.reorder(lossy, 3, r);
        try (RtpReceiver rx = new RtpReceiver(source.sdp().depacketizer(ALLOC), 8)) {
          List<AccessUnit> partial = RtpHarness.receive(lossy, rx);
          try {
            assertTrue(rx.reorderBuffer().lost() > 0, track);
            int exact = 0;
            for (AccessUnit au : partial) {
              int i = indexOf(sent, au.timestamp()); // the first timestamp is kept, the offset was 0
              if (!au.discontinuity() && i >= 0) {
                assertEquals(want.get(i), RtpHarness.hex(au), track + " undamaged AU at " + au.timestamp());
                exact++;
              }
            }
            assertTrue(exact > partial.size() / 2, track + ": " + exact + " of " + partial.size() + " exact");
          } finally {
            RtpHarness.releaseAll(partial);
          }
        }
        } finally {
          packets.forEach(RtpPacket::release);
        }
      } finally {
        RtpHarness.releaseAll(sent);
      }
    }
  }

  private static int indexOf(List<AccessUnit> aus, long ts) {
    for (int i = 0; i < aus.size(); i++) {
      if (((aus.get(i).timestamp() - ts) & 0xffffffffL) == 0) { // RTP keeps the low 32 bits
        return i;
      }
    }
    return -1;
  }

  private static List<RtpPacket> copy(List<RtpPacket> packets) {
    return packets.stream().map(p -> p.stamped(0, 0, 0, 0)).toList();
  }

  private void probe(String track, CmafTrackSource source, List<AccessUnit> aus) throws Exception {
    List<ByteBuf> parts = new ArrayList<>();
    int fragments = 0;
    try (CmafTrackSink sink = new CmafTrackSink(source.config(), 1, ALLOC)) {
      ByteBuf header = sink.header();
      parts.add(header);
      TrackInfo info = CmafHeader.parse(header);
      assertEquals(source.info().codecs(), info.codecs(), track);
      assertEquals(source.info().width(), info.width(), track);
      assertEquals(source.info().height(), info.height(), track);
      assertEquals(source.info().channels(), info.channels(), track);
      for (AccessUnit au : aus) {
        AccessUnit mine = new AccessUnit(au.timestamp(), au.key(), false,
            au.units().stream().map(ByteBuf::retainedSlice).toList());
        if (au.key() && sink.pending() >= 8) {
          sink.add(mine);
          parts.add(sink.fragment(new SegmentType("cmfs", 0, List.of("cmfs", "cmfc"))));
          fragments++;
        } else {
          sink.add(mine);
        }
      }
      parts.add(sink.finish(null));
      fragments++;
      // Read back what was written: the samples are the access units.
      int n = 0;
      for (ByteBuf f : parts.subList(1, parts.size())) {
        for (Sample s : SampleReader.read(f, info)) {
          s.release();
          n++;
        }
      }
      assertEquals(aus.size(), n, track + ": samples written");
      Path file = tmp.resolve("out.mp4");
      byte[] all = new byte[parts.stream().mapToInt(ByteBuf::readableBytes).sum()];
      int at = 0;
      for (ByteBuf b : parts) {
        b.getBytes(b.readerIndex(), all, at, b.readableBytes());
        at += b.readableBytes();
      }
      Files.write(file, all);
    } finally {
      parts.forEach(ByteBuf::release);
    }
    assertTrue(fragments >= 1);
    String ffprobe = Tools.require("ffprobe");
    Process p = new ProcessBuilder(ffprobe, "-v", "error", "-count_frames", "-show_entries",
        "stream=codec_name,width,height,nb_read_frames,sample_rate,channels", "-of", "default=nw=1",
        tmp.resolve("out.mp4").toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
    boolean video = source.info().mediaKind() == TrackInfo.MediaKind.VIDEO;
    assertEquals(video ? "h264" : "aac", field(out, "codec_name"), out);
    assertEquals(Integer.toString(aus.size()), field(out, "nb_read_frames"), track + ": " + out);
    if (video) {
      assertEquals(Integer.toString(source.info().width()), field(out, "width"), out);
      assertEquals(Integer.toString(source.info().height()), field(out, "height"), out);
    } else {
      assertEquals(Integer.toString(source.info().sampleRate()), field(out, "sample_rate"), out);
      assertEquals(Integer.toString(source.info().channels()), field(out, "channels"), out);
    }
  }

  static String field(String ffprobe, String name) {
    Matcher m = Pattern.compile("(?m)^" + name + "=(.*)$").matcher(ffprobe);
    return m.find() ? m.group(1).trim() : null;
  }

  static ByteBuf wrap(byte[] b) {
    return Unpooled.wrappedBuffer(b);
  }
}
