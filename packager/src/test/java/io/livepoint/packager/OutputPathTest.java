package io.livepoint.packager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.livepoint.packager.OutputPath.Kind;
import org.junit.jupiter.api.Test;

class OutputPathTest {
  @Test
  void namesOfTheUrlLayout() {
    assertEquals(new OutputPath(Kind.MPD, "s", null, -1, -1), OutputPath.parse("s/index.mpd"));
    assertEquals(new OutputPath(Kind.MULTIVARIANT, "s", null, -1, -1), OutputPath.parse("s/index.m3u8"));
    assertEquals(new OutputPath(Kind.MEDIA_PLAYLIST, "s", "v1", -1, -1), OutputPath.parse("s/v1/index.m3u8"));
    assertEquals(new OutputPath(Kind.INIT, "s", "v1", -1, -1), OutputPath.parse("s/v1/init.mp4"));
    assertEquals(new OutputPath(Kind.SEGMENT, "s", "v1", 12, -1), OutputPath.parse("s/v1/12.m4s"));
    assertEquals(new OutputPath(Kind.PART, "s", "v1", 12, 3), OutputPath.parse("s/v1/12.3.m4s"));
  }

  @Test
  void anythingElseIsNothing() {
    for (String p : new String[] {"", "s", "s/", "/s/index.mpd", "s//index.mpd", "s/v1/", "s/v1/-1.m4s",
        "s/v1/1.-2.m4s", "s/v1/.m4s", "s/v1/1..m4s", "s/v1/1.2.3.m4s", "s/v1/99999999999999999999.m4s",
        "s/v1/1.99999999999.m4s", "s/v1/init.mp4/x", "s/v1/1.mp4", "s/index.mpd/x/y"}) {
      assertNull(OutputPath.parse(p), p);
    }
  }

  @Test
  void namesBuiltHereParseBack() {
    assertEquals("/live/s/index.mpd", OutputPath.mpd("s"));
    assertEquals("/live/s/index.m3u8", OutputPath.multivariant("s"));
    assertEquals(new OutputPath(Kind.MPD, "s", null, -1, -1), parseAbsolute(OutputPath.mpd("s")));
    assertEquals(new OutputPath(Kind.MULTIVARIANT, "s", null, -1, -1), parseAbsolute(OutputPath.multivariant("s")));
    assertEquals(new OutputPath(Kind.MEDIA_PLAYLIST, "s", "v1", -1, -1),
        OutputPath.parse("s/" + OutputPath.mediaPlaylist("v1")));
    assertEquals("../a1/index.m3u8", OutputPath.siblingPlaylist("a1"));
    assertEquals(new OutputPath(Kind.INIT, "s", "v1", -1, -1),
        OutputPath.parse("s/" + OutputPath.inTrack("v1", OutputPath.INIT_NAME)));
    assertEquals(new OutputPath(Kind.SEGMENT, "s", "v1", 12, -1), OutputPath.parse("s/v1/" + OutputPath.segment(12)));
    assertEquals(new OutputPath(Kind.PART, "s", "v1", 12, 3), OutputPath.parse("s/v1/" + OutputPath.part(12, 3)));
    // The DASH templates are the same layout with the identifiers in place of the values.
    assertEquals(OutputPath.inTrack("v1", OutputPath.INIT_NAME),
        Dash.INITIALIZATION_TEMPLATE.replace("$RepresentationID$", "v1"));
    assertEquals("v1/" + OutputPath.segment(12),
        Dash.MEDIA_TEMPLATE.replace("$RepresentationID$", "v1").replace("$Number$", "12"));
    assertEquals(OutputPath.ROUTE, PackagerService.ROUTE);
  }

  private static OutputPath parseAbsolute(String path) {
    assertEquals(0, path.indexOf(OutputPath.ROUTE));
    return OutputPath.parse(path.substring(OutputPath.ROUTE.length()));
  }
}
