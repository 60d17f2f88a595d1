package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.client.IngestClient;
import io.livepoint.testkit.PlayResult;
import io.livepoint.testkit.Shared;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Real encoder captures (livesim2, AWS MediaLive) replayed segment by segment in real time by the
 * project's ingest client, looping with re-timed tfdt, and played back.
 */
@Tag("it")
class CaptureReplayIT {
  static LiveServerFixture live;
  static final ExecutorService SENDERS = Executors.newVirtualThreadPerTaskExecutor();

  @BeforeAll
  static void start() throws Exception {
    Shared.dir();
    live = new LiveServerFixture();
  }

  @AfterAll
  static void stop() {
    SENDERS.shutdownNow();
    if (live != null) {
      live.close();
    }
  }

  private Future<?> replay(String stream, String method, IngestClient.Naming naming,
      String... tracks) {
    IngestClient client = new IngestClient(new IngestClient.Options(URI.create(live.ingest(stream)),
        List.of(tracks), method, IngestClient.Mode.SEGMENT, naming, true, 0, Duration.ofSeconds(60), null));
    return SENDERS.submit(() -> {
      client.run();
      return null;
    });
  }

  /** Interrupts the sender (it sleeps in real time) so it does not load the machine for later tests. */
  private static void stopSending(Future<?> sending) throws Exception {
    sending.cancel(true);
    try {
      sending.get(5, java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.CancellationException expected) {
      // cancelled as asked
    }
  }

  private static String track(String name, String dir) {
    Path p = Shared.path("testdata/cmaf/" + dir);
    return name + "=" + p;
  }

  /** A capture, where its tracks live under testdata/cmaf, and how the client uploads it. */
  static Stream<Arguments> captures() {
    return Stream.of(
        Arguments.of("ls2post", "livesim2 replay POST", "POST", IngestClient.Naming.STREAMS,
            "livesim2-testpic_2s/V300", "livesim2-testpic_2s/A48"),
        Arguments.of("ls2put", "livesim2 replay PUT", "PUT", IngestClient.Naming.PATH,
            "livesim2-testpic_2s/V300", "livesim2-testpic_2s/A48"),
        // 720p with B-frames and an edit list; its last segment is branded lmsg (the loop must drop it).
        Arguments.of("ls2ld", "livesim2 low-delay replay PUT", "PUT", IngestClient.Naming.PATH,
            "livesim2-testpic_2s_low_delay/LD_720", "livesim2-testpic_2s_low_delay/LD_A48"),
        Arguments.of("medialive", "MediaLive replay POST", "POST", IngestClient.Naming.STREAMS,
            "medialive-scte35-capture/video", "medialive-scte35-capture/audio"),
        Arguments.of("medialiveput", "MediaLive replay PUT", "PUT", IngestClient.Naming.PATH,
            "medialive-scte35-capture/video", "medialive-scte35-capture/audio"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("captures")
  void replayedCapturePlays(String stream, String scenario, String method, IngestClient.Naming naming,
      String video, String audio) throws Exception {
    var sending = replay(stream, method, naming, track("video", video), track("audio", audio));
    live.awaitLive(stream, 2, 2, Duration.ofSeconds(30));
    live.assertPlaysInBothPlayers(stream, scenario);
    stopSending(sending);
  }

  /** SCTE 35 sample: splice_insert out of network with a 60.294 s break, auto return. */
  static final byte[] SPLICE_INSERT_OUT = java.util.Base64.getDecoder().decode(
      "/DAvAAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAKAAhDVUVJAAABNWLbowo=");

  /**
   * The livesim2 capture with a SCTE-35 splice_insert in an emsg (v0: relative to its segment, so it moves
   * with every re-timed loop) before the moof of video segment 2, as an encoder inserting a splice would
   * send it. Both players must read the splice from the generated manifests: dash.js from the MPD
   * EventStream, hls.js from EXT-X-DATERANGE.
   */
  @Test
  void scte35SplicesReachBothPlayers(@org.junit.jupiter.api.io.TempDir Path tmp) throws Exception {
    Path capture = Shared.path("testdata/cmaf/livesim2-testpic_2s");
    for (String track : List.of("V300", "A48")) {
      Path to = java.nio.file.Files.createDirectories(tmp.resolve(track));
      for (String f : List.of("init.mp4", "1.m4s", "2.m4s", "3.m4s", "4.m4s")) {
        byte[] b = java.nio.file.Files.readAllBytes(capture.resolve(track).resolve(f));
        java.nio.file.Files.write(to.resolve(f), track.equals("V300") && f.equals("2.m4s") ? withSplice(b) : b);
      }
    }
    var sending = replay("splice", "POST", IngestClient.Naming.STREAMS, "video=" + tmp.resolve("V300"),
        "audio=" + tmp.resolve("A48"));
    live.awaitLive("splice", 2, 3, Duration.ofSeconds(30));
    PlayResult dash = live.assertPlays("splice", "livesim2 replay with SCTE-35", "dash");
    assertTrue(dash.cues().contains("urn:scte:scte35:2014:xml+bin 4242"), "dash.js events: " + dash.json());
    PlayResult hls = live.assertPlays("splice", "livesim2 replay with SCTE-35", "hls");
    assertTrue(hls.cues().contains("splice-" + 0x4800008FL), "hls.js date ranges: " + hls.json());
    stopSending(sending);
  }

  /** The segment with an emsg v0 (SCTE-35, id 4242, at the segment start) after its styp. */
  private static byte[] withSplice(byte[] segment) {
    io.netty.buffer.ByteBuf out = io.netty.buffer.Unpooled.buffer();
    int styp = java.nio.ByteBuffer.wrap(segment).getInt();
    out.writeBytes(segment, 0, styp);
    new io.livepoint.media.box.BoxWriter(out).startFull("emsg", 0, 0).cstring("urn:scte:scte35:2013:bin")
        .cstring("").u32(90_000).u32(0).u32(0xFFFFFFFFL).u32(4242).bytes(SPLICE_INSERT_OUT).end();
    out.writeBytes(segment, styp, segment.length - styp);
    byte[] b = io.netty.buffer.ByteBufUtil.getBytes(out);
    out.release();
    return b;
  }

  /**
   * livesim2's multi-track capture: two WebVTT tracks in Norwegian, one for the hard of hearing (DVB audio
   * purpose kind 2). Both players must offer both and tell them apart. The capture itself cannot play: its
   * samples are all zero bytes long (ffprobe cannot read it either), so this checks what the players make
   * of the manifests, not playback.
   */
  @Test
  void subtitleTracksAreOfferedByBothPlayers() throws Exception {
    String dir = "livesim2-zero_3.84s/";
    var sending = replay("zero", "POST", IngestClient.Naming.STREAMS, track("video", dir + "video-500Kbps"),
        track("audio", dir + "audio-nor-128Kbps"), track("sub", dir + "text-nor-0"),
        track("subhoh", dir + "text-nor-1_hearing_impaired"));
    live.awaitLive("zero", 4, 2, Duration.ofSeconds(30));
    for (String type : List.of("dash", "hls")) {
      PlayResult r = live.play("zero", "livesim2 multi-track replay POST", type);
      assertNull(r.error() != null && !r.error().startsWith("did not reach playing") ? r.error() : null, r.json());
      List<PlayResult.TextTrack> text = r.textTracks();
      assertEquals(2, text.size(), type + " subtitle tracks: " + r.json());
      assertTrue(text.stream().allMatch(t -> "nor".equals(t.language()) || "no".equals(t.language())),
          type + " languages: " + text);
      assertEquals(1, text.stream().filter(t -> t.roles().stream().anyMatch(x -> !x.equals("main"))).count(),
          type + " tells the hard-of-hearing track apart: " + text);
    }
    stopSending(sending);
  }
}
