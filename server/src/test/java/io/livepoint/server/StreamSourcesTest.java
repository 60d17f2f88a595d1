package io.livepoint.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.rtsp.client.PullSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StreamSourcesTest {
  @Test
  void yamlStreamsAreParsedWithCredentialsTakenOutOfTheUrl(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("livepoint.yaml");
    Files.writeString(yaml, """
        streams:
          - {name: cam1, source: "rtsp://admin:p%40ss@192.0.2.7:8554/Streaming/101", transport: udp, pull: on-demand}
          - name: cam2
            source: rtsp://[2001:db8::1]/live
        """);
    List<PullSource> s = Config.load(yaml).streams();
    assertEquals(2, s.size());
    assertEquals(new PullSource("cam1", "rtsp://192.0.2.7:8554/Streaming/101", "admin", "p@ss",
        PullSource.Transport.UDP, PullSource.Pull.ON_DEMAND), s.get(0));
    assertEquals(8554, s.get(0).port());
    assertEquals("rtsp://[2001:db8::1]/live", s.get(1).url());
    assertEquals(554, s.get(1).port());
    assertEquals(PullSource.Transport.TCP, s.get(1).transport());
    assertEquals(PullSource.Pull.ALWAYS, s.get(1).pull());
    assertTrue(!s.get(0).toString().contains("p@ss"), s.get(0).toString());
  }

  @Test
  void everyBadEntryNamesItsKey() {
    assertEquals("streams[0].source: 'http://cam/x' is not an rtsp:// URL", error(Map.of("name", "a", "source", "http://cam/x")));
    assertEquals("streams[0].source is required (rtsp://[user:pass@]host[:port]/path)", error(Map.of("name", "a")));
    assertEquals("streams[0].transport must be one of tcp, udp, got 'sctp'",
        error(Map.of("name", "a", "source", "rtsp://c/", "transport", "sctp")));
    assertEquals("streams[0].pull must be one of always, on-demand, got 'never'",
        error(Map.of("name", "a", "source", "rtsp://c/", "pull", "never")));
    assertTrue(error(Map.of("name", "a/b", "source", "rtsp://c/")).startsWith("streams[0].name must be a stream name"));
    assertTrue(error(Map.of("name", "a", "source", "rtsp://c/", "url", "x")).startsWith("unknown configuration key 'streams[0].url'"));
    assertEquals("streams[1].name 'a' is defined twice", assertThrows(ConfigException.class, () -> Config.defaults()
        .set("streams", List.of(Map.of("name", "a", "source", "rtsp://c/"), Map.of("name", "a", "source", "rtsp://d/"))))
        .getMessage());
    assertEquals("streams must be a list of {name, source, transport, pull} entries",
        assertThrows(ConfigException.class, () -> Config.defaults().set("streams", "rtsp://c/")).getMessage());
  }

  private static String error(Map<String, String> entry) {
    return assertThrows(ConfigException.class, () -> Config.defaults().set("streams", List.of(entry))).getMessage();
  }
}
