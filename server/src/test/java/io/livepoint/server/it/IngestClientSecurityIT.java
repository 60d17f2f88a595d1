package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.client.ClientTls;
import io.livepoint.client.IngestClient;
import io.livepoint.core.Segment;
import io.livepoint.core.Track;
import io.livepoint.testkit.Shared;
import io.livepoint.testkit.Tools;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's ingest client against a server with Digest credentials and TLS client certificates:
 * --user answers the Digest challenge, a wrong password is refused 403 before any body is sent, a
 * client certificate (PEM or PKCS#12) opens a publishing point that requires one, and --wallclock
 * anchors tfdt at the Unix epoch so two senders agree on the timeline.
 */
@Tag("it")
class IngestClientSecurityIT {
  @TempDir
  static Path dir;
  static LiveServerFixture live;
  static String video;

  @BeforeAll
  static void start() throws Exception {
    Tools.require("openssl");
    video = "video=" + Shared.path("testdata/cmaf/livesim2-testpic_2s/V300");
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2",
        "-subj", "/CN=livepoint test CA");
    openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", "client.key", "-out", "client.csr", "-subj", "/CN=enc");
    openssl("x509", "-req", "-in", "client.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
        "-out", "client.pem", "-days", "2");
    openssl("pkcs12", "-export", "-in", "client.pem", "-inkey", "client.key", "-out", "client.p12", "-passout", "pass:pw");
    live = new LiveServerFixture(LiveServerFixture.config("ingest.auth.scheme", "digest", "ingest.auth.users.enc", "s3cret",
        "http.clientAuth", "optional", "http.clientCa", dir.resolve("ca.pem").toString(),
        "ingest.publishingPointAuth.secure.clientCertificate", "require"));
  }

  @AfterAll
  static void stop() {
    if (live != null) {
      live.close();
    }
  }

  private static void openssl(String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("openssl"));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
  }

  private static IngestClient client(String base, String stream, String user, ClientTls tls, Duration wallClock,
      IngestClient.Naming naming) {
    return client(base, stream, user, tls, wallClock, naming, 1);
  }

  private static IngestClient client(String base, String stream, String user, ClientTls tls, Duration wallClock,
      IngestClient.Naming naming, int loops) {
    return new IngestClient(new IngestClient.Options(URI.create(base + "/ingest/" + stream + "/"), List.of(video), "POST",
        IngestClient.Mode.SEGMENT, naming, false, loops, null, user, tls, wallClock));
  }

  private static String https() {
    return "https://127.0.0.1:" + live.server.httpsPort();
  }

  @Test
  void digestPasswordAndWrongPassword() throws Exception {
    client(live.base(), "dg", "enc:s3cret", null, null, IngestClient.Naming.STREAMS).run();
    assertEquals(4, live.server.registry().get("dg").findTrack("video").lastNumber());
    IOException e = assertThrows(IOException.class,
        () -> client(live.base(), "dgbad", "enc:nope", null, null, IngestClient.Naming.STREAMS).run());
    assertTrue(e.getMessage().contains("HTTP 403"), e.getMessage());
    assertEquals(null, live.server.registry().get("dgbad"));
  }

  @Test
  void clientCertificatePemAndPkcs12() throws Exception {
    IOException none = assertThrows(IOException.class, () -> client(https(), "secure", "enc:s3cret",
        new ClientTls(null, null, null, null, true), null, IngestClient.Naming.STREAMS).run());
    assertTrue(none.getMessage().contains("HTTP 403"), none.getMessage());
    client(https(), "secure", "enc:s3cret", new ClientTls(dir.resolve("client.pem"), dir.resolve("client.key"), null, null, true),
        null, IngestClient.Naming.STREAMS).run();
    assertEquals(4, live.server.registry().get("secure").findTrack("video").lastNumber());
    client(https(), "secure2", "enc:s3cret", new ClientTls(null, null, dir.resolve("client.p12"), "pw", true),
        null, IngestClient.Naming.STREAMS).run();
    assertEquals(4, live.server.registry().get("secure2").findTrack("video").lastNumber());
    // without --insecure the self-signed server certificate is refused by the client
    assertThrows(IOException.class, () -> client(https(), "secure3", "enc:s3cret", ClientTls.DEFAULT, null,
        IngestClient.Naming.STREAMS).run());
  }

  /** Two senders started apart send the same tfdt for the same wall-clock instant, on the epoch. */
  @Test
  void wallClockAnchoredSendersAgree() throws Exception {
    long before = System.currentTimeMillis();
    // two loops of the 4-segment recording each: starting from the next grid point, the runs overlap by
    // at least 3 segments wherever in the loop the wall clock falls
    client(live.base(), "wa", "enc:s3cret", null, Duration.ZERO, IngestClient.Naming.PATH, 2).run();
    Thread.sleep(700);
    client(live.base(), "wb", "enc:s3cret", null, Duration.ZERO, IngestClient.Naming.PATH, 2).run();
    Track a = live.server.registry().get("wa").findTrack("video");
    Track b = live.server.registry().get("wb").findTrack("video");
    long timescale = a.header().info().timescale();
    long startA = a.segments().get(0).startTime();
    // anchored at the epoch: the first segment starts at or just after the wall clock of the start
    assertTrue(startA >= before * timescale / 1000 && startA <= (before + 2_500) * timescale / 1000,
        "tfdt " + startA + " vs wall clock " + before + " ms");
    // every start is on the recording's 2 s segment grid of the epoch
    Set<Long> timesA = starts(a);
    Set<Long> timesB = starts(b);
    for (long t : timesA) {
      assertEquals(0, t % (2 * timescale), "on the grid: " + t);
    }
    Set<Long> common = new TreeSet<>(timesA);
    common.retainAll(timesB);
    assertTrue(common.size() >= 2, "the two senders share segment times: " + timesA + " / " + timesB);
  }

  private static Set<Long> starts(Track t) {
    Set<Long> out = new TreeSet<>();
    for (Segment s : t.segments()) {
      out.add(s.startTime());
    }
    return out;
  }
}
