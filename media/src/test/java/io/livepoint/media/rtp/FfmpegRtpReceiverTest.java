package io.livepoint.media.rtp;

import static io.livepoint.media.rtp.RtpHarness.ALLOC;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.media.cmaf.CmafLoop;
import io.livepoint.media.cmaf.Sample;
import io.livepoint.media.cmaf.SampleReader;
import io.livepoint.testkit.Shared;
import io.livepoint.testkit.Tools;
import io.netty.buffer.ByteBuf;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * FFmpeg as a real RTP receiver of our packetizers: it reads our SDP, receives our packets and ends on
 * our RTCP BYE; the frames it decodes must be bit-identical (framemd5) to the frames it decodes from the
 * CMAF track the packets were cut from.
 */
class FfmpegRtpReceiverTest {
  @TempDir
  Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"demo/video.mp4", "demo/audio.mp4", "hevc", "opus"})
  void ffmpegDecodesOurPackets(String track) throws Exception {
    String ffmpeg = Tools.require("ffmpeg");
    Path file;
    if (track.startsWith("demo/")) {
      file = Shared.repoRoot().resolve("../server/src/main/resources/" + track).normalize();
      if (!Files.exists(file)) {
        file = Shared.repoRoot().resolve("server/src/main/resources/" + track);
      }
    } else {
      file = generate(ffmpeg, track);
    }
    List<String> reference = framemd5(ffmpeg, List.of("-i", file.toString()));
    int port = evenFreePort();
    List<ByteBuf> datagrams = new ArrayList<>();
    SdpMedia sdp;
    try (CmafLoop loop = load(file)) {
      ByteBuf header = loop.header();
      CmafTrackSource source;
      try {
        source = CmafTrackSource.of(header, 96);
      } finally {
        header.release();
      }
      sdp = source.sdp();
      Packetizer packetizer = source.packetizer(Packetizer.DEFAULT_MAX_PAYLOAD, ALLOC);
      List<RtpPacket> packets = new ArrayList<>();
      for (int i = 0; i < loop.chunkCount(); i++) {
        for (Sample s : SampleReader.read(loop.recorded(i).data(), source.info())) {
          AccessUnit au = source.accessUnit(s);
          packetizer.packetize(au, packets);
          au.release();
          s.release();
        }
      }
      datagrams.addAll(RtpHarness.wire(packets, 96, 12345, 1000, 0xabcdef));
    }
    Path sdpFile = tmp.resolve("in.sdp");
    List<String> lines = new ArrayList<>(List.of("v=0", "o=- 0 0 IN IP4 127.0.0.1", "s=livepoint", "c=IN IP4 127.0.0.1",
        "t=0 0", sdp.mediaLine(port, "RTP/AVP")));
    lines.addAll(sdp.attributes());
    Files.write(tmp.resolve("in.sdp"), lines);
    Path out = tmp.resolve("got.txt");
    Process p = new ProcessBuilder(ffmpeg, "-nostdin", "-hide_banner", "-loglevel", "warning", "-protocol_whitelist",
        "file,udp,rtp", "-reorder_queue_size", "64", "-i", sdpFile.toString(), "-f", "framemd5", out.toString())
        .redirectErrorStream(true).redirectOutput(tmp.resolve("ffmpeg.log").toFile()).start();
    try (DatagramSocket socket = new DatagramSocket()) {
      try {
        awaitBound(port, p);
      } catch (AssertionError e) {
        throw new AssertionError(e.getMessage() + ": " + Files.readString(tmp.resolve("ffmpeg.log")), e);
      }
      InetSocketAddress rtp = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
      int n = 0;
      for (ByteBuf d : datagrams) {
        byte[] b = new byte[d.readableBytes()];
        d.getBytes(d.readerIndex(), b);
        socket.send(new DatagramPacket(b, b.length, rtp));
        n++;
        Thread.sleep(1); // paced: a loopback burst overruns FFmpeg's socket buffer when the CPU is busy
      }
      Thread.sleep(1000); // let FFmpeg read the last packets before the BYE ends its input
      ByteBuf bye = ALLOC.buffer();
      Rtcp.write(List.of(new RtcpPacket.SenderReport(0xabcdef, NtpTime.fromUnixMicros(0), 0, n, 0, List.of()),
          new RtcpPacket.Goodbye(List.of(0xabcdefL), "end")), bye);
      byte[] b = new byte[bye.readableBytes()];
      bye.readBytes(b);
      bye.release();
      for (int i = 0; i < 20 && p.isAlive(); i++) {
        socket.send(new DatagramPacket(b, b.length, new InetSocketAddress(InetAddress.getLoopbackAddress(), port + 1)));
        p.waitFor(250, TimeUnit.MILLISECONDS);
      }
    } finally {
      datagrams.forEach(ByteBuf::release);
      if (p.isAlive()) {
        p.destroy();
      }
    }
    assertEquals(0, p.waitFor(), "FFmpeg ended on our RTCP BYE: " + Files.readString(tmp.resolve("ffmpeg.log")));
    List<String> got = hashes(out);
    if (track.equals("opus")) {
      // The file's dOps pre-skip trims the first decoded frame; RTP (RFC 7587) does not signal pre-skip.
      assertEquals(reference.size(), got.size());
      reference = reference.subList(1, reference.size());
      got = got.subList(1, got.size());
    }
    assertTrue(reference.size() >= 75, "reference frames: " + reference.size());
    assertEquals(reference, got, track + ": FFmpeg decodes the same frames from RTP as from the file; its log: "
        + Files.readString(tmp.resolve("ffmpeg.log")));
  }

  /** A CMAF track FFmpeg encodes for formats the captures lack. */
  Path generate(String ffmpeg, String format) throws Exception {
    Path out = tmp.resolve(format + ".mp4");
    List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "lavfi"));
    cmd.addAll(format.equals("hevc")
        ? List.of("-i", "testsrc2=size=640x360:rate=25", "-t", "3", "-c:v", "libx265", "-tag:v", "hvc1", "-x265-params",
            "keyint=25:bframes=0:log-level=error")
        : List.of("-i", "sine=frequency=440:sample_rate=48000", "-t", "3", "-c:a", "libopus", "-ac", "2"));
    cmd.addAll(List.of("-movflags", "empty_moov+separate_moof+default_base_moof+cmaf", "-frag_duration", "500000",
        out.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), log);
    return out;
  }

  static CmafLoop load(Path file) throws Exception {
    ByteBuf b = ALLOC.buffer();
    b.writeBytes(Files.readAllBytes(file));
    try {
      return CmafLoop.parse(ALLOC, List.of(b));
    } finally {
      b.release();
    }
  }

  List<String> framemd5(String ffmpeg, List<String> input) throws Exception {
    Path out = tmp.resolve("ref.txt");
    List<String> cmd = new ArrayList<>(List.of(ffmpeg, "-hide_banner", "-loglevel", "error", "-y"));
    cmd.addAll(input);
    cmd.addAll(List.of("-f", "framemd5", out.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), log);
    return hashes(out);
  }

  /** The md5 column of a framemd5 file (timestamps differ between a file and RTP). */
  static List<String> hashes(Path framemd5) throws Exception {
    return Files.readAllLines(framemd5).stream().filter(l -> !l.startsWith("#"))
        .map(l -> l.substring(l.lastIndexOf(',') + 1).trim()).toList();
  }

  static int evenFreePort() throws SocketException {
    for (int i = 0; i < 50; i++) {
      int port;
      try (DatagramSocket s = new DatagramSocket(0)) {
        port = s.getLocalPort() & ~1;
      }
      try (DatagramSocket a = new DatagramSocket(port); DatagramSocket b = new DatagramSocket(port + 1)) {
        return port;
      } catch (SocketException taken) {
        // try another
      }
    }
    throw new SocketException("no free even/odd UDP port pair");
  }

  /** Waits until FFmpeg has bound the RTP port (seen in /proc/net/udp; binding it ourselves would race). */
  static void awaitBound(int port, Process p) throws Exception {
    Path udp = Path.of("/proc/net/udp");
    String hex = String.format(":%04X ", port);
    for (int i = 0; i < 200 && p.isAlive(); i++) {
      if (!Files.exists(udp)) {
        Thread.sleep(1500);
        return;
      }
      if (Files.readAllLines(udp).stream().anyMatch(l -> l.contains(hex))) {
        return;
      }
      Thread.sleep(50);
    }
    throw new AssertionError("FFmpeg did not bind UDP port " + port + (p.isAlive() ? "" : ", it exited with "
        + p.exitValue()));
  }
}
