package io.livepoint.packager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Segment;
import io.livepoint.core.StreamSettings;
import io.livepoint.core.Track;
import io.livepoint.http.testing.RecordingExchange;
import io.livepoint.media.cmaf.TrackInfo;
import io.livepoint.media.cmaf.TrackInfo.Kind;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class MpdWriterTest {
  private static final long V_CHUNK = 36_000; // 0.4 s at 90 kHz, 10 frames: 25 fps
  private static final long A_CHUNK = 19_200; // 0.4 s at 48 kHz
  private static final Kind MAIN = new Kind(TrackInfo.ROLE_SCHEME, "main");
  private static final Kind DUB = new Kind(TrackInfo.ROLE_SCHEME, "dub");

  private Fixture f;

  @AfterEach
  void close() throws Exception {
    if (f != null) {
      f.close();
    }
  }

  /** Two video renditions, two audio languages, a WebVTT track: 3 complete segments + 2 chunks of a 4th. */
  private void multiTrack() {
    Track v720 = f.track("live", "v720", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
    Track v360 = f.track("live", "v360", Fixture.video(640, 360, "avc1.64001e", 800_000, 1_000_000, List.of()));
    Track aen = f.track("live", "aen", Fixture.audio("eng", "mp4a.40.2", List.of(MAIN)));
    Track ade = f.track("live", "ade", Fixture.audio("deu", "mp4a.40.2", List.of(DUB)));
    Track sub = f.track("live", "sub", Fixture.text("swe", "wvtt"));
    for (Track v : List.of(v720, v360)) {
      long t = f.feed(v, 0, 3, 5, V_CHUNK, 10);
      f.feed(v, t, 1, 2, V_CHUNK, 10);
    }
    for (Track a : List.of(aen, ade)) {
      long t = f.feed(a, 0, 3, 5, A_CHUNK, 19);
      f.feed(a, t, 1, 2, A_CHUNK, 19);
    }
    f.feed(sub, 0, 4, 1, 2000, 1); // one chunk per segment: not chunked
  }

  private Mpd mpd() throws Exception {
    RecordingExchange ex = f.fetch("/live/live/index.mpd");
    assertEquals(200, ex.status(), ex.text());
    assertEquals("application/dash+xml", ex.header("content-type"));
    assertEquals("no-cache", ex.header("cache-control"));
    assertNull(ex.threadViolation());
    return new Mpd(ex.body());
  }

  @Test
  void dynamicMpdWithLowLatencySignalling() throws Exception {
    f = new Fixture();
    multiTrack();
    Mpd mpd = mpd();
    Element root = mpd.root;

    assertEquals("dynamic", root.getAttribute("type"));
    assertTrue(root.getAttribute("profiles").contains("urn:mpeg:dash:profile:isoff-live:2011"));
    assertTrue(root.getAttribute("profiles").contains("urn:mpeg:dash:profile:cmaf:2019"));
    assertEquals(Formats.dateTime(f.stream("live").availabilityStartTime()), root.getAttribute("availabilityStartTime"));
    assertEquals(Formats.dateTime(f.clock.now()), root.getAttribute("publishTime"));
    assertEquals("PT0.5S", root.getAttribute("minimumUpdatePeriod"), "about a chunk, at least half a second");
    assertEquals("PT30S", root.getAttribute("timeShiftBufferDepth"));
    assertEquals("PT2S", root.getAttribute("maxSegmentDuration"));
    assertEquals("PT1.5S", root.getAttribute("suggestedPresentationDelay"));
    assertEquals("PT0.4S", root.getAttribute("minBufferTime"));

    Element sd = Mpd.child(root, "ServiceDescription");
    Element latency = Mpd.child(sd, "Latency");
    assertEquals("1500", latency.getAttribute("target"));
    assertEquals("750", latency.getAttribute("min"));
    assertEquals("3000", latency.getAttribute("max"));
    Element rate = Mpd.child(sd, "PlaybackRate");
    assertEquals("0.96", rate.getAttribute("min"));
    assertEquals("1.04", rate.getAttribute("max"));

    Element period = Mpd.child(root, "Period");
    assertEquals("PT0S", period.getAttribute("start"));
    assertFalse(period.getAttribute("id").isEmpty());

    // UTCTiming comes after the Period (schema order) and is absolute, from the Host header.
    Element utc = Mpd.child(root, "UTCTiming");
    assertEquals("urn:mpeg:dash:utc:http-iso:2014", utc.getAttribute("schemeIdUri"));
    assertEquals("http://media.example:8080/time", utc.getAttribute("value"));

    List<Element> sets = mpd.adaptationSets();
    assertEquals(4, sets.size(), "video set, two audio languages, one text set");
    Element video = sets.get(0);
    assertEquals("video", video.getAttribute("contentType"));
    assertEquals("video/mp4", video.getAttribute("mimeType"));
    assertEquals("true", video.getAttribute("segmentAlignment"));
    assertEquals("1", video.getAttribute("startWithSAP"));
    assertEquals("1280", video.getAttribute("maxWidth"));
    assertEquals(2, Mpd.children(video, "Representation").size());
    assertEquals("main", Mpd.child(video, "Role").getAttribute("value"));
    assertEquals("urn:mpeg:dash:role:2011", Mpd.child(video, "Role").getAttribute("schemeIdUri"));
    assertFalse(video.hasAttribute("lang"));

    Element v720 = mpd.representation("v720");
    assertEquals("avc1.64001f", v720.getAttribute("codecs"));
    assertEquals("1280", v720.getAttribute("width"));
    assertEquals("720", v720.getAttribute("height"));
    assertEquals("25", v720.getAttribute("frameRate"), "50 samples in 2 s");
    assertEquals(Long.toString(measuredPeak(f.stream("live").findTrack("v720"))), v720.getAttribute("bandwidth"));
    assertEquals("1000000", mpd.representation("v360").getAttribute("bandwidth"), "btrt maxBitrate");

    Element template = Mpd.child(v720, "SegmentTemplate");
    assertEquals("90000", template.getAttribute("timescale"));
    assertEquals("$RepresentationID$/init.mp4", template.getAttribute("initialization"));
    assertEquals("$RepresentationID$/$Number$.m4s", template.getAttribute("media"));
    assertEquals("1", template.getAttribute("startNumber"));
    assertEquals("1.6", template.getAttribute("availabilityTimeOffset"), "2 s segment - 0.4 s chunk");
    assertEquals("false", template.getAttribute("availabilityTimeComplete"));
    // Three complete segments and the growing 4th with the previous one's duration.
    List<long[]> timeline = Mpd.timeline(v720);
    assertEquals(4, timeline.size());
    List<Segment> segments = f.stream("live").findTrack("v720").segments();
    for (int i = 0; i < 3; i++) {
      assertEquals(segments.get(i).startTime(), timeline.get(i)[0]);
      assertEquals(segments.get(i).duration(), timeline.get(i)[1]);
    }
    assertEquals(segments.get(3).startTime(), timeline.get(3)[0]);
    assertEquals(180_000, timeline.get(3)[1]);
    assertEquals(1, Mpd.children(Mpd.child(template, "SegmentTimeline"), "S").size(), "equal durations fold into @r");

    Element en = mpd.adaptationSetOf("aen");
    assertEquals("audio", en.getAttribute("contentType"));
    assertEquals("audio/mp4", en.getAttribute("mimeType"));
    assertEquals("eng", en.getAttribute("lang"));
    assertEquals("main", Mpd.child(en, "Role").getAttribute("value"));
    Element aen = mpd.representation("aen");
    assertEquals("mp4a.40.2", aen.getAttribute("codecs"));
    assertEquals("48000", aen.getAttribute("audioSamplingRate"));
    Element channels = Mpd.child(aen, "AudioChannelConfiguration");
    assertEquals("2", channels.getAttribute("value"));
    assertEquals("urn:mpeg:dash:23003:3:audio_channel_configuration:2011", channels.getAttribute("schemeIdUri"));
    Element de = mpd.adaptationSetOf("ade");
    assertNotEquals(en, de);
    assertEquals("deu", de.getAttribute("lang"));
    assertEquals("dub", Mpd.child(de, "Role").getAttribute("value"));

    Element text = mpd.adaptationSetOf("sub");
    assertEquals("text", text.getAttribute("contentType"));
    assertEquals("application/mp4", text.getAttribute("mimeType"));
    assertEquals("swe", text.getAttribute("lang"));
    Element sub = mpd.representation("sub");
    assertEquals("wvtt", sub.getAttribute("codecs"));
    Element subTemplate = Mpd.child(sub, "SegmentTemplate");
    assertFalse(subTemplate.hasAttribute("availabilityTimeOffset"), "one chunk per segment: nothing to get early");
    assertEquals(3, Mpd.timeline(sub).size(), "only complete segments of an unchunked track");
    assertEquals("1000", subTemplate.getAttribute("timescale"));

    // Ids of AdaptationSets are unique and bandwidth is never 0.
    assertEquals(4, sets.stream().map(e -> e.getAttribute("id")).distinct().count());
    for (Element as : sets) {
      for (Element r : Mpd.children(as, "Representation")) {
        assertTrue(Long.parseLong(r.getAttribute("bandwidth")) > 0, r.getAttribute("id"));
      }
    }
  }

  private static long measuredPeak(Track t) {
    long peak = 0;
    for (Segment s : t.segments()) {
      if (s.isComplete()) {
        peak = Math.max(peak, (long) Math.ceil(s.size() * 8 * 90_000.0 / s.duration()));
      }
    }
    return peak;
  }

  @Test
  void producerReferenceTimeFromNewestPrft() throws Exception {
    f = new Fixture();
    Track v = f.track("live", "v", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
    long t = f.feed(v, 0, 1, 5, V_CHUNK, 10);
    Instant produced = Instant.parse("2025-03-01T12:00:01.250Z");
    f.append(v, t, V_CHUNK, 10, true, produced.minusMillis(400));
    f.append(v, t + V_CHUNK, V_CHUNK, 10, false, produced);
    f.append(v, t + 2 * V_CHUNK, V_CHUNK, 10, false, null);
    Mpd mpd = mpd();
    Element prt = Mpd.child(mpd.representation("v"), "ProducerReferenceTime");
    assertNotNull(prt);
    assertEquals("encoder", prt.getAttribute("type"));
    assertEquals("2025-03-01T12:00:01.250Z", prt.getAttribute("wallClockTime"));
    assertEquals(Long.toString(t + V_CHUNK), prt.getAttribute("presentationTime"));
    assertEquals("http://media.example:8080/time", Mpd.child(prt, "UTCTiming").getAttribute("value"));
    Element latency = Mpd.child(Mpd.child(mpd.root, "ServiceDescription"), "Latency");
    assertEquals(prt.getAttribute("id"), latency.getAttribute("referenceId"));
  }

  @Test
  void withoutLowLatencyOnlyCompleteSegmentsAreListed() throws Exception {
    f = new Fixture(StreamSettings.DEFAULTS, new PackagerConfig(false, 0.96, 1.04, 3, 2));
    Track v = f.track("live", "v", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
    long t = f.feed(v, 0, 2, 5, V_CHUNK, 10);
    f.feed(v, t, 1, 3, V_CHUNK, 10);
    Mpd mpd = mpd();
    assertNull(Mpd.child(mpd.root, "ServiceDescription"));
    Element template = Mpd.child(mpd.representation("v"), "SegmentTemplate");
    assertFalse(template.hasAttribute("availabilityTimeOffset"));
    assertFalse(template.hasAttribute("availabilityTimeComplete"));
    assertEquals(2, Mpd.timeline(mpd.representation("v")).size());
    assertEquals("PT6S", mpd.root.getAttribute("suggestedPresentationDelay"));
    assertEquals("PT2S", mpd.root.getAttribute("minimumUpdatePeriod"));
  }

  @Test
  void gapsGetExplicitTimesAndTheWindowMovesStartNumber() throws Exception {
    f = new Fixture(new StreamSettings(Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofMillis(1500)),
        PackagerConfig.DEFAULTS);
    Track v = f.track("live", "v", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
    long t = f.feed(v, 0, 6, 5, V_CHUNK, 10);
    t = f.feed(v, t + 180_000, 3, 5, V_CHUNK, 10); // a two-second outage
    f.feed(v, t, 1, 1, V_CHUNK, 10);
    Mpd mpd = mpd();
    Element rep = mpd.representation("v");
    List<Segment> window = v.segments();
    assertTrue(window.get(0).number() > 1, "old segments left the window");
    assertEquals(Long.toString(window.get(0).number()),
        Mpd.child(rep, "SegmentTemplate").getAttribute("startNumber"));
    List<long[]> timeline = Mpd.timeline(rep);
    assertEquals(window.size(), timeline.size());
    for (int i = 0; i < window.size(); i++) {
      assertEquals(window.get(i).startTime(), timeline.get(i)[0], "segment " + window.get(i).number());
    }
    long explicit = Mpd.children(Mpd.child(Mpd.child(rep, "SegmentTemplate"), "SegmentTimeline"), "S").stream()
        .filter(s -> s.hasAttribute("t")).count();
    assertEquals(2, explicit, "first S and the one after the gap");
  }

  @Test
  void lostChunkOrRoundingDoesNotOpenAGap() throws Exception {
    f = new Fixture();
    Track v = f.track("live", "v", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
    long t = f.feed(v, 0, 1, 5, V_CHUNK, 10);
    f.feed(v, t, 1, 4, V_CHUNK, 10); // segment 2 lost its last chunk
    t = f.feed(v, t + 5 * V_CHUNK - 1, 1, 5, V_CHUNK, 10); // segment 3 starts a tick early
    f.feed(v, t, 1, 2, V_CHUNK, 10);
    Element rep = mpd().representation("v");
    List<Element> s = Mpd.children(Mpd.child(Mpd.child(rep, "SegmentTemplate"), "SegmentTimeline"), "S");
    assertEquals(1, s.stream().filter(e -> e.hasAttribute("t")).count(), "gapless timeline");
    List<long[]> timeline = Mpd.timeline(rep);
    assertEquals(List.of(0L, 180_000L, 359_999L, 539_999L), timeline.stream().map(x -> x[0]).toList());
    String playlist = f.fetch("/live/live/v/index.m3u8").text();
    assertTrue(playlist.contains("#EXTINF:1.99999,\n2.m4s") && playlist.contains("#EXTINF:2.00000,\n3.m4s"), playlist);
    assertEquals(1, playlist.split("#EXT-X-PROGRAM-DATE-TIME").length - 1, "no re-anchoring needed");
  }

  @Test
  void shortFirstSegmentDoesNotSkewTheGrowingOne() throws Exception {
    f = new Fixture();
    Track v = f.track("live", "v", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
    long t = f.feed(v, 0, 1, 2, V_CHUNK, 10); // joined mid-GOP: 0.8 s
    t = f.feed(v, t, 1, 5, V_CHUNK, 10);
    f.feed(v, t, 1, 1, V_CHUNK, 10);
    List<long[]> timeline = Mpd.timeline(mpd().representation("v"));
    assertEquals(List.of(72_000L, 180_000L, 180_000L), timeline.stream().map(x -> x[1]).toList());
  }

  @Test
  void renderedOncePerVersion() throws Exception {
    f = new Fixture();
    Track v = f.track("live", "v", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
    long t = f.feed(v, 0, 2, 5, V_CHUNK, 10);
    byte[] first = f.fetch("/live/live/index.mpd").body();
    long renders = f.packager.manifestRenders();
    f.clock.advance(Duration.ofMillis(100));
    byte[] second = f.fetch("/live/live/index.mpd").body();
    assertEquals(renders, f.packager.manifestRenders(), "same version: no new render");
    assertEquals(new String(first), new String(second), "same bytes, same publishTime");
    f.append(v, t, V_CHUNK, 10, true, null);
    byte[] third = f.fetch("/live/live/index.mpd").body();
    assertEquals(renders + 1, f.packager.manifestRenders());
    assertNotEquals(new String(second), new String(third));
  }

  @Test
  void aRestartedSourceStartsANewPeriodThatContinuesTheWallClock() throws Exception {
    f = new Fixture();
    Track v = f.endedVideo(V_CHUNK);
    f.clock.advance(Duration.ofSeconds(5)); // the encoder is down for five seconds, then counts from zero
    f.feed(v, 0, 2, 5, V_CHUNK, 10);
    f.feed(v, 2 * 5 * V_CHUNK, 1, 2, V_CHUNK, 10);
    Mpd mpd = mpd();
    List<Element> periods = Mpd.children(mpd.root, "Period");
    assertEquals(List.of("0", "1"), periods.stream().map(p -> p.getAttribute("id")).toList());
    assertEquals("PT0S", periods.get(0).getAttribute("start"));
    // Wall clock: the first timeline ran 6 s from the availability start; the restart's first segment
    // started 5 s later, where its origin (its first chunk's end is when it arrived) puts it.
    var stream = f.stream("live");
    Duration start = Duration.between(stream.availabilityStartTime(), stream.timelineOrigin(1));
    assertEquals(Duration.ofSeconds(11), start);
    assertEquals("PT11S", periods.get(1).getAttribute("start"));
    Element before = Mpd.children(Mpd.children(periods.get(0), "AdaptationSet").get(0), "Representation").get(0);
    Element after = Mpd.children(Mpd.children(periods.get(1), "AdaptationSet").get(0), "Representation").get(0);
    assertEquals("v", after.getAttribute("id"));
    assertEquals("1", Mpd.child(before, "SegmentTemplate").getAttribute("startNumber"));
    assertEquals("4", Mpd.child(after, "SegmentTemplate").getAttribute("startNumber"), "numbers go on");
    assertFalse(Mpd.child(after, "SegmentTemplate").hasAttribute("presentationTimeOffset"), "media time 0 is the start");
    assertEquals(List.of(0L, 180_000L, 360_000L), Mpd.timeline(after).stream().map(s -> s[0]).toList());
    assertEquals(3, Mpd.timeline(before).size());
  }

  @Test
  void aNewPeriodWaitsAWhileForEveryTrackOfThePreviousOneToRestart() throws Exception {
    f = new Fixture();
    Track v = f.track("live", "v", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
    Track a = f.track("live", "a", Fixture.audio("eng", "mp4a.40.2", List.of()));
    f.feed(v, 0, 3, 5, V_CHUNK, 10);
    f.feed(a, 0, 3, 5, A_CHUNK, 19);
    v.end();
    a.end();
    f.append(v, 0, V_CHUNK, 10, true, null); // video restarted, audio not yet
    assertEquals(1, Mpd.children(mpd().root, "Period").size(), "a Period that would gain audio later is held back");
    // Players take a Period as final: after two target durations it is listed with what restarted.
    f.clock.advance(Duration.ofSeconds(4));
    f.append(v, V_CHUNK, V_CHUNK, 10, false, null);
    List<Element> periods = Mpd.children(mpd().root, "Period");
    assertEquals(2, periods.size());
    assertEquals(1, Mpd.children(periods.get(1), "AdaptationSet").size());
    f.append(a, 0, A_CHUNK, 19, true, null);
    periods = Mpd.children(mpd().root, "Period");
    assertEquals(2, Mpd.children(periods.get(1), "AdaptationSet").size(), "a late track still joins its Period");
  }

  @Test
  void aRestartThatWouldOverlapThePreviousPeriodStartsWhereItEndsWithAnOffset() throws Exception {
    f = new Fixture();
    Track v = f.endedVideo(V_CHUNK);
    // Restarts at once, but at media time 1 s: its origin falls 1 s before the old timeline's end.
    f.feed(v, 90_000, 1, 5, V_CHUNK, 10);
    f.feed(v, 90_000 + 5 * V_CHUNK, 1, 2, V_CHUNK, 10);
    List<Element> periods = Mpd.children(mpd().root, "Period");
    assertEquals("PT6S", periods.get(1).getAttribute("start"), "never before the previous Period's end");
    Element after = Mpd.children(Mpd.children(periods.get(1), "AdaptationSet").get(0), "Representation").get(0);
    var stream = f.stream("live");
    long pto = Duration.between(stream.timelineOrigin(1), stream.availabilityStartTime().plusSeconds(6)).toMillis() * 90;
    assertEquals(Long.toString(pto), Mpd.child(after, "SegmentTemplate").getAttribute("presentationTimeOffset"));
  }

  @Test
  void endedStreamStatesItsDuration() throws Exception {
    f = new Fixture();
    Track v = f.endedVideo(V_CHUNK);
    Mpd mpd = mpd();
    assertEquals("PT6S", mpd.root.getAttribute("mediaPresentationDuration"));
    assertFalse(mpd.root.hasAttribute("minimumUpdatePeriod"));
  }

  @Test
  void switchingSetIdsAndRolesGroupTracks() throws Exception {
    f = new Fixture();
    Track a = f.track("live", "a", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
    Track b = f.track("live", "b", Fixture.video(640, 360, "avc1.64001e", 0, 0, List.of()));
    Track c = f.track("live", "c", Fixture.video(640, 360, "avc1.64001e", 0, 0,
        List.of(new Kind(TrackInfo.SWITCHING_SET_SCHEME, "2"))));
    Track d = f.track("live", "d", Fixture.video(640, 360, "avc1.64001e", 0, 0,
        List.of(new Kind(TrackInfo.ROLE_SCHEME, "alternate"))));
    Track e = f.track("live", "e", Fixture.video(640, 360, "hvc1.1.6.L93.B0", 0, 0, List.of()));
    b.switchingSetId(null);
    for (Track t : List.of(a, b, c, d, e)) {
      f.feed(t, 0, 1, 5, V_CHUNK, 10);
    }
    Mpd mpd = mpd();
    assertEquals(mpd.adaptationSetOf("a"), mpd.adaptationSetOf("b"));
    assertNotEquals(mpd.adaptationSetOf("a"), mpd.adaptationSetOf("c"), "switching set id given by the source");
    assertNotEquals(mpd.adaptationSetOf("a"), mpd.adaptationSetOf("d"), "different role");
    assertNotEquals(mpd.adaptationSetOf("a"), mpd.adaptationSetOf("e"), "different codec family");
    assertEquals("alternate", Mpd.child(mpd.adaptationSetOf("d"), "Role").getAttribute("value"));
    assertEquals(4, mpd.adaptationSets().size());
  }

  /** Ingest 6.3 item 10: a new CMAF header with another language is honoured by both outputs. */
  @Test
  void aLanguageChangeByANewHeaderIsHonoured() throws Exception {
    f = new Fixture();
    Track v = f.track("live", "v", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
    Track a = f.track("live", "a", Fixture.audio("eng", "mp4a.40.2", List.of()));
    f.feed(v, 0, 2, 5, V_CHUNK, 10);
    long at = f.feed(a, 0, 2, 5, A_CHUNK, 19);
    assertEquals("eng", mpd().adaptationSetOf("a").getAttribute("lang"));
    assertEquals(Track.HeaderChange.CHANGED, a.setHeader(new io.livepoint.core.TrackHeader(
        Fixture.buffer(Fixture.initBytes("a-deu")), Fixture.audio("deu", "mp4a.40.2", List.of()))));
    f.feed(a, at, 1, 5, A_CHUNK, 19);
    assertEquals("deu", mpd().adaptationSetOf("a").getAttribute("lang"));
    String multivariant = f.fetch("/live/live/index.m3u8").text();
    assertTrue(multivariant.contains("LANGUAGE=\"deu\"") || multivariant.contains("LANGUAGE=\"de\""), multivariant);
    assertFalse(multivariant.contains("LANGUAGE=\"en"), multivariant);
  }

  /** livesim2's hard-of-hearing subtitles carry DVB's audio purpose kind: own set, Accessibility kept. */
  @Test
  void accessibilityKindsMakeTheirOwnSetAndAreSignalled() throws Exception {
    f = new Fixture();
    Track v = f.track("live", "v", Fixture.video(640, 360, "avc1.64001e", 0, 0, List.of()));
    Track sub = f.track("live", "sub", Fixture.text("nor", "wvtt"));
    Track hoh = f.track("live", "hoh", Fixture.text("nor", "wvtt",
        List.of(new Kind(TrackInfo.AUDIO_PURPOSE_SCHEME, "2"))));
    f.feed(v, 0, 2, 5, V_CHUNK, 10);
    f.feed(sub, 0, 2, 1, 2000, 1);
    f.feed(hoh, 0, 2, 1, 2000, 1);
    Mpd mpd = mpd();
    assertNotEquals(mpd.adaptationSetOf("sub"), mpd.adaptationSetOf("hoh"));
    assertTrue(Mpd.children(mpd.adaptationSetOf("sub"), "Accessibility").isEmpty());
    var access = Mpd.child(mpd.adaptationSetOf("hoh"), "Accessibility");
    assertEquals(TrackInfo.AUDIO_PURPOSE_SCHEME, access.getAttribute("schemeIdUri"));
    assertEquals("2", access.getAttribute("value"));
    var first = Mpd.children(mpd.adaptationSetOf("hoh"), "Accessibility").get(0);
    assertEquals(null, Mpd.children(mpd.adaptationSetOf("hoh"), "Role").stream()
        .filter(r -> first.compareDocumentPosition(r) == org.w3c.dom.Node.DOCUMENT_POSITION_PRECEDING).findAny()
        .orElse(null), "schema order: Accessibility before Role");
    assertEquals("text", mpd.adaptationSetOf("hoh").getAttribute("contentType"));
    assertEquals("nor", mpd.adaptationSetOf("hoh").getAttribute("lang"));
  }

  @Test
  void timeUrlFollowsProxyHeadersAndRejectsInjection() throws Exception {
    f = new Fixture();
    Track v = f.track("live", "v", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
    f.feed(v, 0, 1, 5, V_CHUNK, 10);
    RecordingExchange proxied = f.request(HttpMethod.GET, "/live/live/index.mpd", new DefaultHttpHeaders()
        .set("host", "10.0.0.5:8080").set("x-forwarded-host", "cdn.example").set("x-forwarded-proto", "https"))
        .awaitDone();
    assertEquals("https://cdn.example/time",
        Mpd.child(new Mpd(proxied.body()).root, "UTCTiming").getAttribute("value"));
    RecordingExchange evil = f.request(HttpMethod.GET, "/live/live/index.mpd",
        new DefaultHttpHeaders().set("host", "x\"/><Evil a=\"")).awaitDone();
    assertEquals(200, evil.status());
    assertEquals("/time", Mpd.child(new Mpd(evil.body()).root, "UTCTiming").getAttribute("value"));
  }

  @Test
  void frameRateOfNtscIsAFraction() throws Exception {
    f = new Fixture();
    Track v = f.track("live", "v", Fixture.video(1920, 1080, "avc1.640028", 0, 0, List.of()));
    f.feed(v, 0, 2, 1, 60 * 3003, 60); // 60 frames of 3003 ticks: 29.97 fps
    assertEquals("30000/1001", new Mpd(f.fetch("/live/live/index.mpd").body()).representation("v")
        .getAttribute("frameRate"));
  }

  @Test
  void streamWithoutMediaIs404() throws Exception {
    f = new Fixture();
    f.track("live", "v", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
    assertEquals(404, f.fetch("/live/live/index.mpd").status());
    assertEquals(404, f.fetch("/live/nope/index.mpd").status());
    Track text = f.track("subs", "t", Fixture.text("eng", "wvtt"));
    f.feed(text, 0, 1, 1, 2000, 1); // one whole-segment chunk, still open: nothing to list
    assertEquals(404, f.fetch("/live/subs/index.mpd").status());
    f.feed(text, 2000, 1, 1, 2000, 1);
    assertEquals(200, f.fetch("/live/subs/index.mpd").status());
  }

  /** 1.7e9 s + 0.5 ms of media time: encoders that count from the Unix epoch. */
  private static final long V_EPOCH = 1_700_000_000L * 90_000 + 45;
  private static final long A_EPOCH = 1_700_000_000L * 48_000 + 24;

  @Test
  void epochSizedMediaTimes() throws Exception {
    f = new Fixture();
    Track v = f.track("live", "v", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
    Track a = f.track("live", "a", Fixture.audio("eng", "mp4a.40.2", List.of()));
    f.feed(v, f.feed(v, V_EPOCH, 3, 5, V_CHUNK, 10), 1, 2, V_CHUNK, 10);
    f.feed(a, f.feed(a, A_EPOCH, 3, 5, A_CHUNK, 19), 1, 2, A_CHUNK, 19);
    Mpd mpd = mpd();
    // The first chunk (ending at media time 1700000000.4005 s) arrived at 12:00:00.400: media time zero
    // lies 1700000000.0005 s before 12:00:00 on 2025-03-01, i.e. 1971-04-18T13:46:39.9995Z.
    assertEquals("1971-04-18T13:46:39.999Z", mpd.root.getAttribute("availabilityStartTime"));
    assertEquals(Instant.parse("1971-04-18T13:46:39.999500Z"), f.stream("live").availabilityStartTime());

    List<long[]> video = Mpd.timeline(mpd.representation("v"));
    assertEquals(List.of(153_000_000_000_045L, 153_000_000_180_045L, 153_000_000_360_045L, 153_000_000_540_045L),
        video.stream().map(x -> x[0]).toList());
    assertEquals(List.of(180_000L, 180_000L, 180_000L, 180_000L), video.stream().map(x -> x[1]).toList());
    Element vs = Mpd.children(Mpd.child(Mpd.child(mpd.representation("v"), "SegmentTemplate"), "SegmentTimeline"),
        "S").get(0);
    assertEquals("153000000000045", vs.getAttribute("t"));
    assertEquals("3", vs.getAttribute("r"));
    List<long[]> audio = Mpd.timeline(mpd.representation("a"));
    assertEquals(List.of(81_600_000_000_024L, 81_600_000_096_024L, 81_600_000_192_024L, 81_600_000_288_024L),
        audio.stream().map(x -> x[0]).toList());
    assertEquals("48000", Mpd.child(mpd.representation("a"), "SegmentTemplate").getAttribute("timescale"));
    for (String id : List.of("v", "a")) {
      Element template = Mpd.child(mpd.representation(id), "SegmentTemplate");
      assertEquals("1", template.getAttribute("startNumber"));
      assertEquals("1.6", template.getAttribute("availabilityTimeOffset"), id + ": 2 s segment - 0.4 s chunk");
    }
    assertEquals("PT2S", mpd.root.getAttribute("maxSegmentDuration"));

    v.end();
    a.end();
    // Both end 6.8 s after they began: at 1700000006.8005 s, rounded half-up to milliseconds.
    assertEquals("PT1700000006.801S", mpd().root.getAttribute("mediaPresentationDuration"));
  }
}
