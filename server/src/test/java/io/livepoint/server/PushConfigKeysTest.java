package io.livepoint.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.livepoint.core.Clock;
import org.junit.jupiter.api.Test;

/** The push limits are validated at start with an error that names the key. */
class PushConfigKeysTest {
  @Test
  void zeroPushStreamsIsRejectedNamingTheKey() throws Exception {
    Config c = Config.defaults().set("http.host", "127.0.0.1").set("http.port", "0").set("http.tlsPort", "-1")
        .set("demo.enabled", "false").set("push.maxStreams", "0");
    try (LivepointServer s = new LivepointServer(c, Clock.SYSTEM)) {
      ConfigException e = assertThrows(ConfigException.class, s::start);
      assertEquals("push.maxStreams must be at least 1, got 0", e.getMessage());
    }
  }

  @Test
  void pushKeysHaveDefaults() throws Exception {
    Config c = Config.defaults();
    assertEquals(true, c.bool(ConfigKey.PUSH_ENABLED));
    assertEquals(32, c.integer(ConfigKey.PUSH_MAX_STREAMS));
    assertEquals(4 << 20, c.integer(ConfigKey.PUSH_MAX_BYTES_IN_FLIGHT));
  }
}
