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
}
