package io.livepoint.packager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.StreamSettings;
import io.livepoint.core.Track;
import io.livepoint.http.testing.RecordingExchange;
import io.livepoint.media.cmaf.TrackInfo;
import io.livepoint.media.cmaf.TrackInfo.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HlsPlaylistTest {
  private static final long V_CHUNK = 36_000; // 0.4 s at 90 kHz
  private static final long A_CHUNK = 19_200; // 0.4 s at 48 kHz

  private Fixture f;
  private Track v720;
  private Track v360;
  private Track aen;
  private Track ade;
  private Track sub;
  private long videoEnd;

  @AfterEach
  void close() throws Exception {
    if (f != null) {
      f.close();
    }
  }

  /** {@code complete} segments of 5 chunks, then 2 chunks of the next, on every track. */
  private void live(int complete) {
    f = f != null ? f : new Fixture();
    v720 = f.track("live", "v720", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
    v360 = f.track("live", "v360", Fixture.video(640, 360, "avc1.64001e", 800_000, 1_000_000, List.of()));
    aen = f.track("live", "aen", Fixture.audio("eng", "mp4a.40.2", List.of(new Kind(TrackInfo.ROLE_SCHEME, "main"))));
    ade = f.track("live", "ade", Fixture.audio("deu", "mp4a.40.2", List.of()));
    sub = f.track("live", "sub", Fixture.text("swe", "wvtt"));
    for (Track v : List.of(v720, v360)) {
      videoEnd = f.feed(v, f.feed(v, 0, complete, 5, V_CHUNK, 10), 1, 2, V_CHUNK, 10);
    }
    for (Track a : List.of(aen, ade)) {
      f.feed(a, f.feed(a, 0, complete, 5, A_CHUNK, 19), 1, 2, A_CHUNK, 19);
    }
    f.feed(sub, 0, complete + 1, 1, 2000, 1);
  }

  private static List<String> lines(String playlist) {
    return Arrays.asList(playlist.split("\n"));
  }

  private static List<String> tagged(String playlist, String tag) {
    List<String> out = new ArrayList<>();
    for (String l : lines(playlist)) {
      if (l.startsWith(tag)) {
        out.add(l);
      }
    }
    return out;
  }

  private static String attr(String line, String name) {
    Matcher m = Pattern.compile("[:,]" + name + "=(\"[^\"]*\"|[^,]*)").matcher(line);
    if (!m.find()) {
      return null;
    }
    String v = m.group(1);
    return v.startsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }

  private String playlist(String uri) throws Exception {
    RecordingExchange ex = f.fetch(uri);
    assertEquals(200, ex.status(), ex.text());
    assertEquals("application/vnd.apple.mpegurl", ex.header("content-type"));
    return ex.text();
  }

  @Test
  void multivariantPlaylist() throws Exception {
    live(3);
    String m = playlist("/live/live/index.m3u8");
    List<String> l = lines(m);
    assertEquals("#EXTM3U", l.get(0));
    assertTrue(l.contains("#EXT-X-VERSION:9"));
    assertTrue(l.contains("#EXT-X-INDEPENDENT-SEGMENTS"));

    List<String> audio = tagged(m, "#EXT-X-MEDIA:TYPE=AUDIO");
    assertEquals(2, audio.size());
    String en = audio.get(0);
    assertEquals("audio", attr(en, "GROUP-ID"));
    assertEquals("eng", attr(en, "LANGUAGE"));
    assertEquals("YES", attr(en, "DEFAULT"));
    assertEquals("YES", attr(en, "AUTOSELECT"));
    assertEquals("2", attr(en, "CHANNELS"));
    assertEquals("aen/index.m3u8", attr(en, "URI"));
    assertEquals("NO", attr(audio.get(1), "DEFAULT"));
    assertEquals("deu", attr(audio.get(1), "LANGUAGE"));

    List<String> subs = tagged(m, "#EXT-X-MEDIA:TYPE=SUBTITLES");
    assertEquals(1, subs.size());
    assertEquals("swe", attr(subs.get(0), "LANGUAGE"));
    assertEquals("sub/index.m3u8", attr(subs.get(0), "URI"));
    String subsGroup = attr(subs.get(0), "GROUP-ID");

    List<String> variants = tagged(m, "#EXT-X-STREAM-INF:");
    assertEquals(2, variants.size());
    String hd = variants.get(0);
    assertEquals("v720/index.m3u8", l.get(l.indexOf(hd) + 1));
    assertEquals("1280x720", attr(hd, "RESOLUTION"));
    assertEquals("25.000", attr(hd, "FRAME-RATE"));
    assertEquals("avc1.64001f,mp4a.40.2,wvtt", attr(hd, "CODECS"));
    assertEquals("audio", attr(hd, "AUDIO"));
    assertEquals(subsGroup, attr(hd, "SUBTITLES"));
    String sd = variants.get(1);
    assertEquals("v360/index.m3u8", l.get(l.indexOf(sd) + 1));
    long audioPeak = Math.max(peak(aen, 48_000), peak(ade, 48_000));
    long textPeak = peak(sub, 1000);
    assertEquals(1_000_000 + audioPeak + textPeak, Long.parseLong(attr(sd, "BANDWIDTH")));
    assertEquals(800_000 + Math.max(avg(aen, 48_000), avg(ade, 48_000)) + avg(sub, 1000),
        Long.parseLong(attr(sd, "AVERAGE-BANDWIDTH")));
  }

  private static long peak(Track t, long timescale) {
    long p = 0;
    for (var s : t.segments()) {
      if (s.isComplete()) {
        p = Math.max(p, (long) Math.ceil(s.size() * 8 * (double) timescale / s.duration()));
      }
    }
    return p;
  }

  private static long avg(Track t, long timescale) {
    long bits = 0;
    long ticks = 0;
    for (var s : t.segments()) {
      if (s.isComplete()) {
        bits += s.size() * 8;
        ticks += s.duration();
      }
    }
    return (long) Math.ceil(bits * (double) timescale / ticks);
  }

  @Test
  void hardOfHearingSubtitlesAreCaptions() throws Exception {
    f = new Fixture();
    Track v = f.track("live", "v", Fixture.video(640, 360, "avc1.64001e", 0, 0, List.of()));
    Track sub = f.track("live", "sub", Fixture.text("nor", "wvtt"));
    Track hoh = f.track("live", "hoh", Fixture.text("nor", "wvtt",
        List.of(new Kind(TrackInfo.AUDIO_PURPOSE_SCHEME, "2"))));
    f.feed(v, 0, 2, 5, V_CHUNK, 10);
    f.feed(sub, 0, 2, 1, 2000, 1);
    f.feed(hoh, 0, 2, 1, 2000, 1);
    List<String> subs = tagged(playlist("/live/live/index.m3u8"), "#EXT-X-MEDIA:TYPE=SUBTITLES");
    assertEquals(2, subs.size());
    assertNull(attr(subs.get(0), "CHARACTERISTICS"));
    assertEquals("public.accessibility.transcribes-spoken-dialog,public.accessibility.describes-music-and-sound",
        attr(subs.get(1), "CHARACTERISTICS"));
    assertNotEquals(attr(subs.get(0), "NAME"), attr(subs.get(1), "NAME"), "names are unique in a group");
  }

  @Test
  void audioOnlyStreamHasAVariantPerAudioTrack() throws Exception {
    f = new Fixture();
    Track a = f.track("radio", "a", Fixture.audio("eng", "mp4a.40.2", List.of()));
    Track o = f.track("radio", "o", Fixture.audio("eng", "opus", List.of()));
    f.feed(a, 0, 2, 5, A_CHUNK, 19);
    f.feed(o, 0, 2, 5, A_CHUNK, 19);
    String m = playlist("/live/radio/index.m3u8");
    assertTrue(tagged(m, "#EXT-X-MEDIA").isEmpty());
    List<String> variants = tagged(m, "#EXT-X-STREAM-INF:");
    assertEquals(List.of("mp4a.40.2", "opus"), variants.stream().map(v -> attr(v, "CODECS")).toList());
    assertTrue(m.contains("\na/index.m3u8\n") && m.contains("\no/index.m3u8\n"));
  }

  @Test
  void aRestartedSourceIsADiscontinuityWithItsOwnProgramDateTime() throws Exception {
    f = new Fixture();
    Track v = f.endedVideo(V_CHUNK);
    f.clock.advance(Duration.ofSeconds(5));
    f.feed(v, f.feed(v, 0, 2, 5, V_CHUNK, 10), 1, 2, V_CHUNK, 10);
    List<String> lines = lines(f.fetch("/live/live/v/index.m3u8").text());
    int disc = lines.indexOf("#EXT-X-DISCONTINUITY");
    assertTrue(disc > 0, String.join("\n", lines));
    assertEquals(disc, lines.lastIndexOf("#EXT-X-DISCONTINUITY"), "one restart, one discontinuity");
    assertEquals("#EXT-X-PROGRAM-DATE-TIME:" + Formats.dateTime(f.stream("live").timelineOrigin(1)), lines.get(disc + 1));
    assertTrue(lines.subList(0, disc).contains("3.m4s") && !lines.subList(0, disc).contains("4.m4s"),
        "the tag stands before the first segment of the restart");
    assertFalse(lines.stream().anyMatch(l -> l.startsWith("#EXT-X-DISCONTINUITY-SEQUENCE")), "the first listed is before it");
  }

  @Test
  void lowLatencyMediaPlaylist() throws Exception {
    live(6);
    String p = playlist("/live/live/v720/index.m3u8");
    List<String> l = lines(p);
    assertEquals("#EXTM3U", l.get(0));
    assertTrue(l.contains("#EXT-X-TARGETDURATION:2"));
    assertTrue(l.contains("#EXT-X-MEDIA-SEQUENCE:1"));
    assertTrue(l.contains("#EXT-X-MAP:URI=\"init.mp4\""));
    String control = tagged(p, "#EXT-X-SERVER-CONTROL:").get(0);
    assertEquals("YES", attr(control, "CAN-BLOCK-RELOAD"));
    assertEquals(12.0, Double.parseDouble(attr(control, "CAN-SKIP-UNTIL")));
    double partTarget = Double.parseDouble(attr(tagged(p, "#EXT-X-PART-INF:").get(0), "PART-TARGET"));
    assertEquals(0.4, partTarget);
    assertTrue(Double.parseDouble(attr(control, "PART-HOLD-BACK")) >= 3 * partTarget);
    assertEquals("#EXT-X-PROGRAM-DATE-TIME:" + Formats.dateTime(f.stream("live").wallClock(v720, 0)),
        tagged(p, "#EXT-X-PROGRAM-DATE-TIME:").get(0));

    List<String> segments = new ArrayList<>();
    for (int i = 0; i < l.size(); i++) {
      if (l.get(i).startsWith("#EXTINF:")) {
        assertEquals("#EXTINF:2.00000,", l.get(i));
        segments.add(l.get(i + 1));
      }
    }
    assertEquals(List.of("1.m4s", "2.m4s", "3.m4s", "4.m4s", "5.m4s", "6.m4s"), segments);

    // Parts for the segments of the last three target durations (edge 12.8 s: from 6.8 s on) and
    // the growing segment 7.
    List<String> parts = tagged(p, "#EXT-X-PART:").stream().map(x -> attr(x, "URI")).toList();
    assertEquals(List.of("4.0.m4s", "4.1.m4s", "4.2.m4s", "4.3.m4s", "4.4.m4s", "5.0.m4s", "5.1.m4s", "5.2.m4s",
        "5.3.m4s", "5.4.m4s", "6.0.m4s", "6.1.m4s", "6.2.m4s", "6.3.m4s", "6.4.m4s", "7.0.m4s", "7.1.m4s"), parts);
    for (String part : tagged(p, "#EXT-X-PART:")) {
      assertEquals("0.40000", attr(part, "DURATION"));
      assertEquals(attr(part, "URI").endsWith(".0.m4s") ? "YES" : null, attr(part, "INDEPENDENT"), part);
    }
    // Parts precede the EXTINF of their segment.
    assertTrue(l.indexOf("#EXT-X-PART:DURATION=0.40000,URI=\"6.4.m4s\"") < l.indexOf("6.m4s"));
    assertEquals("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"7.2.m4s\"", tagged(p, "#EXT-X-PRELOAD-HINT").get(0));

    List<String> reports = tagged(p, "#EXT-X-RENDITION-REPORT:");
    assertEquals(4, reports.size(), "every other playlist of the stream");
    assertEquals("../v360/index.m3u8", attr(reports.get(0), "URI"));
    assertEquals("7", attr(reports.get(0), "LAST-MSN"));
    assertEquals("1", attr(reports.get(0), "LAST-PART"));
    String subReport = reports.stream().filter(r -> r.contains("../sub/")).findFirst().orElseThrow();
    assertEquals("6", attr(subReport, "LAST-MSN"));
    assertNull(attr(subReport, "LAST-PART"), "text track has no parts");
    assertFalse(p.contains("#EXT-X-ENDLIST"));
  }

  @Test
  void deltaUpdateSkipsOldSegments() throws Exception {
    live(10); // 20.8 s of video: segments starting more than 12 s before the edge are skipped
    String full = playlist("/live/live/v720/index.m3u8");
    String delta = playlist("/live/live/v720/index.m3u8?_HLS_skip=YES");
    assertTrue(tagged(full, "#EXT-X-SKIP").isEmpty());
    assertEquals(List.of("#EXT-X-SKIP:SKIPPED-SEGMENTS=5"), tagged(delta, "#EXT-X-SKIP"));
    assertTrue(lines(delta).contains("#EXT-X-MEDIA-SEQUENCE:1"), "sequence of the first, skipped, segment");
    assertFalse(lines(delta).contains("5.m4s"));
    List<String> l = lines(delta);
    int first = l.indexOf("6.m4s");
    assertEquals("#EXTINF:2.00000,", l.get(first - 1));
    assertEquals("#EXT-X-PROGRAM-DATE-TIME:" + Formats.dateTime(f.stream("live").wallClock(v720, 10 * 90_000)),
        tagged(delta, "#EXT-X-PROGRAM-DATE-TIME:").get(0));
    assertTrue(l.indexOf(tagged(delta, "#EXT-X-SKIP").get(0)) < l.indexOf(tagged(delta, "#EXT-X-PROGRAM-DATE-TIME").get(0)));
    // The rest is the full playlist's tail.
    assertTrue(full.endsWith(delta.substring(delta.indexOf("#EXTINF"))));
  }

  @Test
  void blockingReloadWaitsForThePart() throws Exception {
    live(3);
    RecordingExchange held = f.get("/live/live/v720/index.m3u8?_HLS_msn=4&_HLS_part=2");
    f.sync();
    assertFalse(held.isDone(), "part 4.2 does not exist yet");
    f.append(v720, videoEnd, V_CHUNK, 10, false, null);
    held.awaitDone();
    assertEquals(200, held.status());
    assertTrue(held.text().contains("URI=\"4.2.m4s\""), held.text());
    assertTrue(held.text().contains("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"4.3.m4s\""));
    assertTrue(held.header("cache-control").startsWith("max-age="), "its URL names one playlist state");
    assertNull(held.threadViolation());
    f.sync(); // the figure is taken on the loop right after the answer went out
    assertEquals(1, f.packager.playlistReleaseLatency().count(), "the held request counts in the release figure");
  }

  @Test
  void blockingReloadWaitsForTheSegment() throws Exception {
    live(3);
    RecordingExchange held = f.get("/live/live/v720/index.m3u8?_HLS_msn=4");
    long t = videoEnd;
    for (int i = 0; i < 3; i++) {
      f.append(v720, t, V_CHUNK, 10, false, null);
      t += V_CHUNK;
    }
    f.sync();
    assertFalse(held.isDone(), "segment 4 is still growing");
    f.append(v720, t, V_CHUNK, 10, true, null); // segment 5 starts: 4 is complete
    held.awaitDone();
    assertEquals(200, held.status());
    assertTrue(lines(held.text()).contains("4.m4s"), held.text());
  }

  @Test
  void satisfiedDirectiveAnswersAtOnce() throws Exception {
    live(3);
    RecordingExchange ex = f.get("/live/live/v720/index.m3u8?_HLS_msn=4&_HLS_part=1");
    assertTrue(ex.isDone());
    assertEquals(200, ex.status());
    assertEquals(0, f.packager.playlistReleaseLatency().count(), "nothing was waited for");
  }

  @Test
  void directivesTooFarAheadOrMalformedAre400() throws Exception {
    live(3); // last complete segment is 3, segment 4 growing with parts 0..1
    assertEquals(400, f.fetch("/live/live/v720/index.m3u8?_HLS_msn=6").status());
    assertEquals(400, f.fetch("/live/live/v720/index.m3u8?_HLS_part=1").status());
    assertEquals(400, f.fetch("/live/live/v720/index.m3u8?_HLS_msn=x").status());
    assertEquals(400, f.fetch("/live/live/v720/index.m3u8?_HLS_msn=4&_HLS_part=40").status());
    RecordingExchange held = f.get("/live/live/v720/index.m3u8?_HLS_msn=5");
    f.sync();
    assertFalse(held.isDone(), "two ahead is held");
    f.onLoop(held::abort);
  }

  @Test
  void blockingReloadTimesOut() throws Exception {
    f = new Fixture(new StreamSettings(Duration.ofMillis(200), Duration.ofSeconds(2), Duration.ofMillis(500)),
        PackagerConfig.DEFAULTS);
    Track v = f.track("live", "v", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
    f.feed(v, f.feed(v, 0, 2, 2, 9000, 2), 1, 1, 9000, 2);
    long started = System.nanoTime();
    RecordingExchange held = f.get("/live/live/v/index.m3u8?_HLS_msn=3&_HLS_part=3");
    held.awaitDone();
    long waited = (System.nanoTime() - started) / 1_000_000;
    assertEquals(503, held.status());
    assertTrue(waited >= 550, "held about three target durations, was " + waited + " ms");
  }

  @Test
  void endedTrackAnswersHeldRequestWithEndlist() throws Exception {
    live(3);
    RecordingExchange held = f.get("/live/live/v720/index.m3u8?_HLS_msn=5");
    f.sync();
    assertFalse(held.isDone());
    v720.end();
    held.awaitDone();
    assertEquals(200, held.status());
    assertTrue(held.text().contains("#EXT-X-ENDLIST"));
    assertTrue(lines(held.text()).contains("4.m4s"));
    assertTrue(tagged(held.text(), "#EXT-X-PRELOAD-HINT").isEmpty());
  }

  @Test
  void playlistsAreRenderedOncePerVersion() throws Exception {
    live(3);
    playlist("/live/live/v720/index.m3u8");
    long renders = f.packager.manifestRenders();
    playlist("/live/live/v720/index.m3u8");
    playlist("/live/live/v720/index.m3u8?_HLS_msn=3");
    assertEquals(renders, f.packager.manifestRenders());
    playlist("/live/live/v720/index.m3u8?_HLS_skip=YES");
    assertEquals(renders + 1, f.packager.manifestRenders(), "the delta form is its own document");
  }

  @Test
  void withoutLowLatencyThereAreNoParts() throws Exception {
    f = new Fixture(StreamSettings.DEFAULTS, new PackagerConfig(false, 0.96, 1.04, 3, 2));
    live(3);
    String p = playlist("/live/live/v720/index.m3u8");
    assertTrue(tagged(p, "#EXT-X-PART").isEmpty());
    assertTrue(tagged(p, "#EXT-X-PRELOAD-HINT").isEmpty());
    assertFalse(p.contains("PART-HOLD-BACK"));
    assertTrue(p.contains("CAN-BLOCK-RELOAD=YES"));
    assertEquals(3, tagged(p, "#EXTINF").size());
  }

  @Test
  void epochSizedMediaTimes() throws Exception {
    f = new Fixture();
    long v0 = 1_700_000_000L * 90_000 + 45; // 1.7e9 s + 0.5 ms
    long a0 = 1_700_000_000L * 48_000 + 24;
    Track v = f.track("live", "v", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
    Track a = f.track("live", "a", Fixture.audio("eng", "mp4a.40.2", List.of()));
    f.feed(v, f.feed(v, v0, 10, 5, V_CHUNK, 10), 1, 2, V_CHUNK, 10);
    f.feed(a, f.feed(a, a0, 10, 5, A_CHUNK, 19), 1, 2, A_CHUNK, 19);
    for (String id : List.of("v", "a")) {
      String p = playlist("/live/live/" + id + "/index.m3u8");
      // The first chunk arrived at 12:00:00.400 when it ended: segment 1 began at 12:00:00.000.
      assertEquals(List.of("#EXT-X-PROGRAM-DATE-TIME:2025-03-01T12:00:00.000Z"),
          tagged(p, "#EXT-X-PROGRAM-DATE-TIME:"), id + ": one anchor for a gapless timeline");
      assertTrue(lines(p).contains("#EXT-X-MEDIA-SEQUENCE:1"));
      assertEquals(10, tagged(p, "#EXTINF:2.00000,").size(), p);
      List<String> parts = tagged(p, "#EXT-X-PART:");
      assertEquals(17, parts.size(), id + ": parts of the last three target durations and the growing segment");
      for (String part : parts) {
        assertEquals("0.40000", attr(part, "DURATION"));
      }
      assertEquals("#EXT-X-PRELOAD-HINT:TYPE=PART,URI=\"11.2.m4s\"", tagged(p, "#EXT-X-PRELOAD-HINT").get(0));

      String delta = playlist("/live/live/" + id + "/index.m3u8?_HLS_skip=YES");
      assertEquals(List.of("#EXT-X-SKIP:SKIPPED-SEGMENTS=5"), tagged(delta, "#EXT-X-SKIP"));
      assertEquals(List.of("#EXT-X-PROGRAM-DATE-TIME:2025-03-01T12:00:10.000Z"),
          tagged(delta, "#EXT-X-PROGRAM-DATE-TIME:"), id + ": segment 6 starts 10 s in");
    }
  }
}
