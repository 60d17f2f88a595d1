package io.livepoint.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.livepoint.core.Clock;
import io.livepoint.core.StreamRegistry;
import io.livepoint.http.HttpServer;
import io.livepoint.http.HttpServerConfig;
import io.livepoint.http.Router;
import io.livepoint.testkit.Shared;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Ingest 5.2: IPv4 and IPv6 sources on one listener bound to "::". */
class DualStackIngestTest {
  @Test
  void ingestOverIpv6AndIpv4Loopback() throws Exception {
    Assumptions.assumeTrue(ipv6Loopback(), "no IPv6 loopback (::1) on this machine: skipped");
    StreamRegistry registry = new StreamRegistry(Clock.SYSTEM);
    IngestService ingest = new IngestService(registry, new IngestConfig(List.of(), 16 << 20), Clock.SYSTEM);
    HttpServer server = new HttpServer(new HttpServerConfig("::", 0, -1, null, null, Duration.ofSeconds(10)),
        new Router().add("/ingest/", ingest::newHandler), Clock.SYSTEM).start();
    try {
      var init = Shared.path("testdata/cmaf/livesim2-testpic_2s/V300/init.mp4");
      HttpClient c = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
      for (String host : List.of("[::1]", "127.0.0.1")) {
        String stream = host.startsWith("[") ? "six" : "four";
        var r = c.send(HttpRequest.newBuilder(URI.create("http://" + host + ":" + server.httpPort() + "/ingest/" + stream
            + "/V300.cmfv")).POST(HttpRequest.BodyPublishers.ofFile(init)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), host + ": " + r.body());
        assertNotNull(registry.get(stream).findTrack("V300").header(), host);
      }
      // the operations view shows each source by its own address family
      assertEquals(true, source(ingest, "six").contains("0:0:0:0:0:0:0:1"), source(ingest, "six"));
      assertEquals(true, source(ingest, "four").contains("127.0.0.1"), source(ingest, "four"));
    } finally {
      server.close();
      registry.close();
    }
  }

  /** The address the operations view recorded for the stream's track (the host part). */
  private static String source(IngestService ingest, String stream) {
    return ingest.sessions().views().stream().filter(v -> v.stream().equals(stream)).findFirst().orElseThrow().source();
  }

  private static boolean ipv6Loopback() {
    try (ServerSocket s = new ServerSocket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName("::1"), 0));
      return true;
    } catch (Exception e) {
      return false;
    }
  }
}
