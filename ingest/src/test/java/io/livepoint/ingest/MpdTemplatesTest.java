package io.livepoint.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import javax.xml.parsers.DocumentBuilder;
import org.junit.jupiter.api.Test;

class MpdTemplatesTest {
  static final String MPD = """
      <MPD xmlns="urn:mpeg:dash:schema:mpd:2011"><Period><AdaptationSet id="v">
        <SegmentTemplate initialization="$RepresentationID$/init.mp4" media="$RepresentationID$/$Number$.m4s"/>
        <Representation id="V300" bandwidth="300000"/>
      </AdaptationSet></Period></MPD>
      """;

  static MpdTemplates parse(String xml) throws Rejection {
    return MpdTemplates.parse(xml.getBytes(StandardCharsets.UTF_8), "live.mpd");
  }

  @Test
  void oneBuilderPerThreadIsReused() throws Exception {
    DocumentBuilder mine = MpdTemplates.documentBuilder();
    assertSame(mine, MpdTemplates.documentBuilder(), "no factory lookup or new builder per request");
    assertEquals("V300", parse(MPD).match("V300/7.m4s").representationId());
    assertSame(mine, MpdTemplates.documentBuilder());
    DocumentBuilder other = CompletableFuture.supplyAsync(MpdTemplates::documentBuilder).get();
    assertNotSame(mine, other, "builders are not shared between threads");
  }

  @Test
  void entitiesAreRefusedAndTheBuilderStillWorksAfterwards() throws Exception {
    String external = """
        <?xml version="1.0"?>
        <!DOCTYPE MPD [<!ENTITY x SYSTEM "file:///etc/passwd">]>
        <MPD xmlns="urn:mpeg:dash:schema:mpd:2011"><Period><AdaptationSet>
          <SegmentTemplate initialization="&x;" media="$Number$.m4s"/><Representation id="a"/>
        </AdaptationSet></Period></MPD>
        """;
    Rejection r = assertThrows(Rejection.class, () -> parse(external));
    assertEquals(400, r.status.code());
    assertTrue(r.getMessage().contains("DOCTYPE"), r.getMessage());
    assertThrows(Rejection.class, () -> parse("<MPD><Period>"));
    assertEquals("V300", parse(MPD).match("V300/init.mp4").representationId());
  }
}
