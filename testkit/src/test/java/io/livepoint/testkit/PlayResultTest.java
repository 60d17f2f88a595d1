package io.livepoint.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlayResultTest {
  @Test
  void parsesAPlayingResult() {
    // A line play.mjs printed for hls.js on a live stream.
    PlayResult r = PlayResult.parse("{\"reachedPlaying\":true,\"startupMs\":894,\"mediaAdvancedSec\":6.128,"
        + "\"stalls\":1,\"latencySec\":{\"last\":2.1,\"min\":1.9,\"max\":2.6,\"avg\":2.2,\"settled\":2.0},\"error\":null,"
        + "\"warnings\":[\"dash.js: 27 http://h/live/x/video/9.m4s is not available\"],\"console\":[],\"player\":\"hls.js 1.7.4\",\"state\":\"playing\",\"textTracks\":[{\"language\":\"nor\",\"label\":\"hoh\",\"roles\":[\"public.accessibility.describes-music-and-sound\"]}],\"events\":[{\"t\":328,\"type\":\"attached\"}]}\n");
    assertTrue(r.reachedPlaying());
    assertEquals(894, r.startupMs());
    assertEquals(6.128, r.mediaAdvancedSec());
    assertEquals(1, r.stalls());
    assertEquals(new PlayResult.Latency(2.1, 1.9, 2.6, 2.2, 2.0), r.latency());
    assertTrue(r.latency().measured());
    assertNull(r.error());
    assertEquals("hls.js 1.7.4", r.player());
    assertEquals(List.of(new PlayResult.TextTrack("nor", "hoh", List.of("public.accessibility.describes-music-and-sound"))),
        r.textTracks());
    assertEquals(List.of("dash.js: 27 http://h/live/x/video/9.m4s is not available"), r.warnings());
    assertFalse(r.playedCleanly(), "a stall and a warning are trouble");
    assertTrue(PlayResult.parse(r.json().replace("\"stalls\":1", "\"stalls\":0")
        .replaceAll("\"warnings\":\\[[^\\]]*\\]", "\"warnings\":[]")).playedCleanly());
  }

  @Test
  void parsesAFailure() {
    PlayResult r = PlayResult.parse("{\"reachedPlaying\":false,\"startupMs\":null,\"mediaAdvancedSec\":0,"
        + "\"stalls\":0,\"latencySec\":{\"last\":null,\"min\":null,\"max\":null,\"avg\":null},"
        + "\"error\":\"hls.js: networkError manifestLoadError (HTTP 404)\","
        + "\"console\":[\"Failed to load resource: the server responded with a status of 404 (Not Found)\"],"
        + "\"player\":\"hls.js 1.7.4\",\"state\":\"error\",\"events\":[]}");
    assertFalse(r.reachedPlaying());
    assertEquals(-1, r.startupMs());
    assertFalse(r.latency().measured());
    assertEquals(List.of(), r.warnings(), "absent warnings read as none");
    assertEquals("hls.js: networkError manifestLoadError (HTTP 404)", r.error());
    assertEquals(List.of("Failed to load resource: the server responded with a status of 404 (Not Found)"), r.console());
    assertFalse(r.playedCleanly());
  }

  @Test
  void buildsPlayerPageUrls() {
    assertEquals("http://h:8080/player.html?type=dash&src=%2Flive%2Fdemo%2Findex.mpd",
        Players.playerPage("http://h:8080/", "/live/demo/index.mpd", "dash"));
    assertEquals("http://h/player.html?type=hls&src=http%3A%2F%2Fo%2Fa+b.m3u8",
        Players.playerPage("http://h", "http://o/a b.m3u8", "hls"));
  }
}
