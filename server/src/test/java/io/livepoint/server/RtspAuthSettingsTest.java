package io.livepoint.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.livepoint.http.auth.AuthPolicy;
import io.livepoint.http.auth.AuthScheme;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RtspAuthSettingsTest {
  @Test
  void yamlAndFlags(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("livepoint.yaml");
    Files.writeString(yaml, """
        rtsp:
          port: 8555
          auth: {realm: cams, users: {viewer: "s3cret", nvr: 1234}}
        """);
    Config c = Config.load(yaml);
    assertEquals(new AuthPolicy(AuthScheme.DIGEST, "cams", Map.of("viewer", "s3cret", "nvr", "1234")), c.rtspAuth());
    assertEquals(8555, c.integer(ConfigKey.RTSP_PORT));
    Config basic = Config.defaults().set("rtsp.auth.scheme", "basic").set("rtsp.auth.users.cam", "pw");
    assertEquals(new AuthPolicy(AuthScheme.BASIC, AuthPolicy.DEFAULT_REALM, Map.of("cam", "pw")), basic.rtspAuth());
    // like ingest.auth, config file only: passwords stay off the command line (and out of ps)
    assertThrows(ConfigException.class, () -> Cli.parse("--rtsp.auth.scheme", "basic"));
    assertEquals(AuthPolicy.OPEN, Config.defaults().rtspAuth());
  }

  @Test
  void errorsNameTheKey() throws Exception {
    assertEquals("rtsp.auth.scheme must be none, basic or digest, got 'ntlm'",
        assertThrows(ConfigException.class, () -> Config.defaults().set("rtsp.auth.scheme", "ntlm")).getMessage());
    assertEquals("unknown configuration key 'rtsp.auth.nonce' (known: scheme, realm, users)",
        assertThrows(ConfigException.class, () -> Config.defaults().set("rtsp.auth.nonce", "1")).getMessage());
    assertEquals("rtsp.auth.users must name at least one user for scheme digest",
        assertThrows(ConfigException.class, () -> Config.defaults().set("rtsp.auth.scheme", "digest").rtspAuth())
            .getMessage());
    assertEquals("rtsp.auth.users is given but rtsp.auth.scheme is none", assertThrows(ConfigException.class,
        () -> Config.defaults().set("rtsp.auth.scheme", "none").set("rtsp.auth.users.a", "b").rtspAuth()).getMessage());
    assertEquals("rtsp.auth.users.a has an empty password", assertThrows(ConfigException.class,
        () -> Config.defaults().set("rtsp.auth.users.a", "").rtspAuth()).getMessage());
    assertEquals("rtsp.auth.users: user name 'a:b' must be non-empty, without ':', quotes or backslashes",
        assertThrows(ConfigException.class, () -> Config.defaults().set("rtsp.auth.users.a:b", "x").rtspAuth())
            .getMessage());
    assertEquals("rtsp.auth.realm: realm must be non-empty text without quotes or backslashes",
        assertThrows(ConfigException.class, () -> Config.defaults().set("rtsp.auth.realm", "a\"b")
            .set("rtsp.auth.users.a", "b").rtspAuth()).getMessage());
  }
}
