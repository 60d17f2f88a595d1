package io.livepoint.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TrackRouteTest {
  static TrackRoute route(String rest) throws Rejection {
    return TrackRoute.of(rest, null);
  }

  @Test
  void plainPaths() throws Exception {
    assertEquals(new TrackRoute("V300", null, true), route("V300/init.mp4"));
    assertEquals(new TrackRoute("V300", null, true), route("V300/init.m4s"));
    assertEquals(new TrackRoute("V300", null, false), route("V300/12.m4s"));
    assertEquals(new TrackRoute("video", null, false), route("video-12.cmfv"));
    assertEquals(new TrackRoute("video", null, true), route("video_init.cmfv"));
    assertEquals(new TrackRoute("video", null, null), route("video.cmfv"));
    assertEquals(new TrackRoute("a_b", null, false), route("a/b/3.m4s"));
    assertEquals(new TrackRoute("a_b_c", null, false), route("a/b/c-3.m4s"));
    assertEquals(new TrackRoute("main", null, false), route("5.m4s"));
    assertEquals(new TrackRoute("main", null, null), route(""));
    assertEquals(new TrackRoute("audio.en", null, null), route("audio.en"));
  }

  @Test
  void ffmpegDashMuxerNames() throws Exception {
    assertEquals(new TrackRoute("stream0", null, true), route("init-stream0.m4s"));
    assertEquals(new TrackRoute("stream0", null, false), route("chunk-stream0-00001.m4s"));
    assertEquals(new TrackRoute("0", null, true), route("init-0.m4s"));
    assertEquals(new TrackRoute("0", null, false), route("chunk-0-00042.m4s"));
  }

  @Test
  void ffmpegHlsMuxerNames() throws Exception {
    assertEquals(new TrackRoute("main", null, true), route("init.mp4"));
    assertEquals(new TrackRoute("main", null, false), route("index0.m4s"));
    assertEquals(new TrackRoute("main", null, false), route("index12.m4s"));
    assertEquals(new TrackRoute("v0", null, true), route("v0/init.mp4"));
    assertEquals(new TrackRoute("v0", null, true), route("v0/init_0.mp4"));
    assertEquals(new TrackRoute("v1", null, true), route("v1/init_1.mp4"));
    assertEquals(new TrackRoute("v0", null, false), route("v0/seg_00001.m4s"));
    assertEquals(new TrackRoute("stream_1", null, false), route("stream_1/data07.m4s"));
    assertEquals(new TrackRoute("video1", null, null), route("video1.m4s"), "a name that is no role word stays");
    assertEquals(new TrackRoute("video", null, null), route("video.header"));
  }

  @Test
  void streamsAndSwitchingKeywords() throws Exception {
    assertEquals(new TrackRoute("video1", null, null), route("Streams(video1.cmfv)"));
    assertEquals(new TrackRoute("audio", "sw1", null), route("Switching(sw1)/Streams(audio.cmfa)"));
    assertEquals(new TrackRoute("v", null, null), route("Streams(v)/chunk.cmfv"));
    assertThrows(Rejection.class, () -> route("Streams(a b)"));
    assertThrows(Rejection.class, () -> route("Switching(a<b)/Streams(v)"));
    assertThrows(Rejection.class, () -> route("video$1.cmfv"));
  }

  @Test
  void mpdTemplates() throws Exception {
    String mpd = """
        <MPD xmlns="urn:mpeg:dash:schema:mpd:2011"><Period>
          <AdaptationSet id="1">
            <SegmentTemplate initialization="$RepresentationID$_init.mp4" media="$RepresentationID$_$Number%03d$.m4s"/>
            <Representation id="v1" bandwidth="1000"/>
            <Representation id="v2" bandwidth="2000">
              <SegmentTemplate initialization="x/$RepresentationID$/i.mp4" media="x/$RepresentationID$/$Time$$$.m4s"/>
            </Representation>
          </AdaptationSet>
          <AdaptationSet><SegmentTemplate initialization="a-$Bandwidth%08d$/init.mp4" media="a-$Bandwidth$/$Number$.m4s"/>
            <Representation id="aud" bandwidth="64000"/></AdaptationSet>
        </Period></MPD>
        """;
    MpdTemplates t = MpdTemplates.parse(mpd.getBytes(StandardCharsets.UTF_8), "in/manifest.mpd");
    assertEquals(new TrackRoute("v1", "1", true), TrackRoute.of("in/v1_init.mp4", t));
    assertEquals(new TrackRoute("v1", "1", false), TrackRoute.of("in/v1_007.m4s", t));
    assertEquals(new TrackRoute("v2", "1", false), TrackRoute.of("in/x/v2/900000$.m4s", t));
    assertEquals(new TrackRoute("v2", "1", true), TrackRoute.of("in/x/v2/i.mp4", t));
    assertEquals(new TrackRoute("aud", null, true), TrackRoute.of("in/a-00064000/init.mp4", t));
    assertEquals(new TrackRoute("aud", null, false), TrackRoute.of("in/a-64000/17.m4s", t));
    // Not matching the template (short number): the plain rules apply.
    assertEquals(new TrackRoute("in_v1", null, false), TrackRoute.of("in/v1_07.m4s", t));
    assertNull(t.match("v1_init.mp4"), "templates are relative to the manifest's directory");
    assertThrows(Rejection.class, () -> MpdTemplates.parse("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><MPD>&e;</MPD>"
        .getBytes(StandardCharsets.UTF_8), "m.mpd"));
    assertThrows(Rejection.class, () -> MpdTemplates.parse("<MPD><Period><AdaptationSet><Representation id=\"r\"/></AdaptationSet></Period></MPD>"
        .getBytes(StandardCharsets.UTF_8), "m.mpd"));
  }

  @Test
  void pathChecks() throws Exception {
    assertEquals(new IngestPath("live", "a/b.cmfv"), IngestPath.parse("/ingest/live/a/b.cmfv", "live/a/b.cmfv"));
    assertEquals(new IngestPath("live", ""), IngestPath.parse("/ingest/live/", "live/"));
    assertThrows(Rejection.class, () -> IngestPath.parse("/ingest/live/a%2fb", "live/a/b"));
    assertThrows(Rejection.class, () -> IngestPath.parse("http://h/ingest/live/a", "live/a"));
    assertThrows(Rejection.class, () -> IngestPath.parse("/ingest/live/../x", "live/../x"));
    assertThrows(Rejection.class, () -> IngestPath.parse("/ingest/li%20ve/x", "li ve/x"));
    assertThrows(Rejection.class, () -> IngestPath.parse("/ingest/live/x%0a", "live/x\n"));
  }
}
