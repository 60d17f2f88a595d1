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

class IngestAuthSettingsTest {
  @Test
  void yamlGlobalAndPerPublishingPoint(@TempDir Path dir) throws Exception {
    Path yaml = dir.resolve("livepoint.yaml");
    Files.writeString(yaml, """
        ingest:
          auth: {realm: ingest, users: {enc1: "s3cret", enc2: 1234}}
          publishingPointAuth:
            studio: {scheme: basic, users: {cam: pw}}
            open: {scheme: none}
        """);
    Config c = Config.load(yaml);
    assertEquals(new AuthPolicy(AuthScheme.DIGEST, "ingest", Map.of("enc1", "s3cret", "enc2", "1234")), c.ingestAuth());
    assertEquals(Map.of("studio", new AuthPolicy(AuthScheme.BASIC, AuthPolicy.DEFAULT_REALM, Map.of("cam", "pw")),
        "open", AuthPolicy.OPEN), c.publishingPointAuth());
  }

  @Test
  void noneConfiguredIsOpen() throws Exception {
    assertEquals(AuthPolicy.OPEN, Config.defaults().ingestAuth());
    assertEquals(Map.of(), Config.defaults().publishingPointAuth());
  }

  @Test
  void errorsNameTheKey() throws Exception {
    assertEquals("ingest.auth.scheme must be none, basic or digest, got 'ntlm'",
        assertThrows(ConfigException.class, () -> Config.defaults().set("ingest.auth.scheme", "ntlm")).getMessage());
    assertEquals("unknown configuration key 'ingest.auth.password' (known: scheme, realm, users)",
        assertThrows(ConfigException.class, () -> Config.defaults().set("ingest.auth.password", "x")).getMessage());
    assertEquals("ingest.publishingPointAuth.a/b does not name a valid stream", assertThrows(ConfigException.class,
        () -> Config.defaults().set("ingest.publishingPointAuth.a/b.scheme", "basic")).getMessage());
    Config noUsers = Config.defaults().set("ingest.publishingPointAuth.studio.scheme", "digest");
    assertEquals("ingest.publishingPointAuth.studio.users must name at least one user for scheme digest",
        assertThrows(ConfigException.class, noUsers::publishingPointAuth).getMessage());
    Config badUser = Config.defaults().set("ingest.auth.users.a:b", "pw");
    assertEquals("ingest.auth: user name 'a:b' must be non-empty, without ':', quotes or backslashes",
        assertThrows(ConfigException.class, badUser::ingestAuth).getMessage());
    Config empty = Config.defaults().set("ingest.auth.users.enc", "");
    assertEquals("ingest.auth.users.enc has an empty password", assertThrows(ConfigException.class, empty::ingestAuth).getMessage());
  }
}
