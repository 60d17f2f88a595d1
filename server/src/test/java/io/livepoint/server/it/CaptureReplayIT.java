package io.livepoint.server.it;

import io.livepoint.client.IngestClient;
import io.livepoint.testkit.Shared;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

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

  @Test
  void livesim2PostPerSegment() throws Exception {
    var sending = replay("ls2post", "POST", IngestClient.Naming.STREAMS,
        track("video", "livesim2-testpic_2s/V300"), track("audio", "livesim2-testpic_2s/A48"));
    live.awaitLive("ls2post", 2, 2, Duration.ofSeconds(20));
    live.assertPlaysInBothPlayers("ls2post", "livesim2 replay POST");
    stopSending(sending);
  }

  @Test
  void livesim2LowDelayPutPerSegment() throws Exception {
    var sending = replay("ls2put", "PUT", IngestClient.Naming.PATH,
        track("video", "livesim2-testpic_2s_low_delay/LD_720"), track("audio", "livesim2-testpic_2s_low_delay/LD_A48"));
    live.awaitLive("ls2put", 2, 2, Duration.ofSeconds(20));
    live.assertPlaysInBothPlayers("ls2put", "livesim2 low-delay replay PUT");
    stopSending(sending);
  }

  @Test
  void mediaLivePost() throws Exception {
    var sending = replay("medialive", "POST", IngestClient.Naming.STREAMS,
        track("video", "medialive-scte35-capture/video"), track("audio", "medialive-scte35-capture/audio"));
    live.awaitLive("medialive", 2, 2, Duration.ofSeconds(30));
    live.assertPlaysInBothPlayers("medialive", "MediaLive replay POST");
    stopSending(sending);
  }

  @Test
  void mediaLivePut() throws Exception {
    var sending = replay("medialiveput", "PUT", IngestClient.Naming.PATH,
        track("video", "medialive-scte35-capture/video"), track("audio", "medialive-scte35-capture/audio"));
    live.awaitLive("medialiveput", 2, 2, Duration.ofSeconds(30));
    live.assertPlaysInBothPlayers("medialiveput", "MediaLive replay PUT");
    stopSending(sending);
  }
}
