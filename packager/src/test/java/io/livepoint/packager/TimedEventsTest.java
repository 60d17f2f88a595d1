package io.livepoint.packager;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.LiveStream;
import io.livepoint.core.StreamSettings;
import io.livepoint.core.TimedEvent;
import io.livepoint.core.Track;
import io.livepoint.http.testing.RecordingExchange;
import io.livepoint.media.cmaf.EventMessage;
import io.livepoint.media.scte35.Scte35;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Timed events (SCTE-35 above all) in the MPD as EventStreams and in HLS as EXT-X-DATERANGE. */
class TimedEventsTest {
  private static final long V_CHUNK = 36_000; // 0.4 s at 90 kHz
  /** SCTE 35 sample: splice_insert out of network, break duration 0x52CCF5 (60.294 s), auto return. */
  static final byte[] SPLICE_INSERT_OUT = Base64.getDecoder().decode(
      "/DAvAAAAAAAA///wFAVIAACPf+/+c2nALv4AUsz1AAAAAAAKAAhDVUVJAAABNWLbowo=");

  private Fixture f;
  private LiveStream stream;

  @AfterEach
  void close() throws Exception {
    f.close();
  }

  private void live() {
    f = new Fixture();
    Track v = f.track("live", "v", Fixture.video(640, 360, "avc1.64001e", 0, 0, List.of()));
    f.feed(v, 0, 3, 5, V_CHUNK, 10); // three 2 s segments from media time 0
    stream = f.registry.get("live");
  }

  private TimedEvent splice(long id, long at90k) {
    return new TimedEvent(Scte35.SCHEME_BIN, "", id, 90_000, at90k, TimedEvent.UNKNOWN_DURATION, SPLICE_INSERT_OUT);
  }

  @Test
  void scte35BecomesAnEventStreamAndADateRange() throws Exception {
    live();
    assertTrue(stream.addEvent(splice(7, 180_000), Duration.ofSeconds(6)));
    assertTrue(!stream.addEvent(splice(7, 180_000), Duration.ofSeconds(6)), "a repeat is not a new event");
    TimedEvent id3 = new TimedEvent("https://aomedia.org/emsg/ID3", "", 3, 1000, 4500, 500, new byte[] {1, 2, 3});
    assertTrue(stream.addEvent(id3, Duration.ofSeconds(6)));

    RecordingExchange ex = f.fetch("/live/live/index.mpd");
    assertEquals(200, ex.status());
    Mpd mpd = new Mpd(ex.body());
    Element period = Mpd.child(mpd.root, "Period");
    List<Element> streams = Mpd.children(period, "EventStream");
    assertEquals(2, streams.size(), ex.text());
    Element scte = streams.get(0);
    assertEquals(Scte35.SCHEME_XML_BIN, scte.getAttribute("schemeIdUri"), "SCTE 214-1 Signal/Binary scheme");
    assertEquals("90000", scte.getAttribute("timescale"));
    List<Element> events = Mpd.children(scte, "Event");
    assertEquals(1, events.size(), "emitted once");
    assertEquals("180000", events.get(0).getAttribute("presentationTime"));
    assertEquals("7", events.get(0).getAttribute("id"));
    var binary = events.get(0).getElementsByTagNameNS(Scte35.SIGNAL_NAMESPACE, "Binary");
    assertEquals(1, binary.getLength(), "SCTE 214-1 Signal/Binary");
    assertEquals(Base64.getEncoder().encodeToString(SPLICE_INSERT_OUT), binary.item(0).getTextContent());
    Element other = Mpd.children(streams.get(1), "Event").get(0);
    assertEquals("base64", other.getAttribute("contentEncoding"));
    assertEquals("500", other.getAttribute("duration"));
    assertEquals("AQID", other.getTextContent());
    assertTrue(period.getFirstChild() != null && ex.text().indexOf("<EventStream") < ex.text().indexOf("<AdaptationSet"),
        "EventStreams come before AdaptationSets in a Period");

    RecordingExchange pl = f.fetch("/live/live/v/index.m3u8");
    String hls = pl.text();
    List<String> ranges = hls.lines().filter(l -> l.startsWith("#EXT-X-DATERANGE:")).toList();
    assertEquals(2, ranges.size(), hls);
    String out = ranges.get(0);
    assertTrue(out.startsWith("#EXT-X-DATERANGE:ID=\"splice-" + 0x4800008FL + "\""), "keyed by splice_event_id: " + out);
    String start = Formats.dateTime(stream.availabilityStartTime().plusSeconds(2));
    assertTrue(out.contains("START-DATE=\"" + start + "\""), out);
    assertTrue(out.contains("SCTE35-OUT=0x" + HexFormat.of().withUpperCase().formatHex(SPLICE_INSERT_OUT)), out);
    assertTrue(out.contains("PLANNED-DURATION=60.294"), "break_duration of the splice_insert: " + out);
    assertTrue(ranges.get(1).contains("CLASS=\"https://aomedia.org/emsg/ID3\""), ranges.get(1));
    assertTrue(ranges.get(1).contains("PLANNED-DURATION=0.500"), ranges.get(1));
    assertTrue(hls.contains("#EXT-X-PROGRAM-DATE-TIME:"), "a playlist with DATERANGE needs a PDT");
  }

  /** Top-level boxes of a served segment, as (type, bytes) in order. */
  private static List<Map.Entry<String, byte[]>> boxes(byte[] segment) {
    List<Map.Entry<String, byte[]>> out = new ArrayList<>();
    for (int at = 0; at + 8 <= segment.length; ) {
      int size = java.nio.ByteBuffer.wrap(segment, at, 4).getInt();
      out.add(Map.entry(new String(segment, at + 4, 4, java.nio.charset.StandardCharsets.US_ASCII),
          Arrays.copyOfRange(segment, at, at + size)));
      at += size;
    }
    return out;
  }

  /** Ingest 6.7 "inband emsg where configured": events in the segments, chosen once per segment. */
  @Test
  void whenConfiguredEventsAreReEmittedInbandAsEmsgBeforeTheFirstMoof() throws Exception {
    f = new Fixture(StreamSettings.DEFAULTS, PackagerConfig.DEFAULTS.withInbandEvents(true));
    Track v = f.track("live", "v", Fixture.video(640, 360, "avc1.64001e", 0, 0, List.of()));
    Track a = f.track("live", "a", Fixture.audio("eng", "mp4a.40.2", List.of()));
    f.feed(v, 0, 3, 5, V_CHUNK, 10);
    f.feed(a, 0, 3, 5, 19_200, 19);
    stream = f.registry.get("live");
    stream.addEvent(new TimedEvent(Scte35.SCHEME_BIN, "", 7, 90_000, 270_000, 180_000, SPLICE_INSERT_OUT),
        Duration.ofSeconds(6)); // a break from 3 s to 5 s

    byte[] second = f.fetch("/live/live/v/2.m4s").body(); // 2 s to 4 s: the break starts in it
    List<Map.Entry<String, byte[]>> top = boxes(second);
    assertEquals("emsg", top.get(0).getKey(), "before the first moof: " + top.stream().map(Map.Entry::getKey).toList());
    assertEquals("moof", top.get(1).getKey());
    ByteBuf emsg = Unpooled.wrappedBuffer(top.get(0).getValue());
    EventMessage m = EventMessage.parse(io.livepoint.media.box.Boxes.children(emsg).get(0));
    assertEquals(1, m.version());
    assertEquals(Scte35.SCHEME_BIN, m.schemeIdUri());
    assertEquals(270_000, m.time());
    assertEquals(180_000, m.eventDuration());
    assertEquals(7, m.id());
    assertArrayEquals(SPLICE_INSERT_OUT, m.messageData());
    byte[] stored = f.fetch("/live/live/v/2.0.m4s").body();
    assertArrayEquals(Arrays.copyOf(second, stored.length), stored, "part 0 is the segment's first bytes");

    // Segment 1 (0-2 s) announces the break ahead; segment 3 (4-6 s) is inside it; a later event does not
    // change what a segment already served holds.
    assertEquals("emsg", boxes(f.fetch("/live/live/v/1.m4s").body()).get(0).getKey());
    stream.addEvent(new TimedEvent(Scte35.SCHEME_BIN, "", 8, 90_000, 360_000, 0, SPLICE_INSERT_OUT), Duration.ofSeconds(6));
    assertArrayEquals(second, f.fetch("/live/live/v/2.m4s").body(), "a segment's bytes never change");
    assertEquals(2, boxes(f.fetch("/live/live/v/3.m4s").body()).stream().filter(e -> e.getKey().equals("emsg")).count());
    assertEquals("moof", boxes(f.fetch("/live/live/a/2.m4s").body()).get(0).getKey(), "video carries them");

    Mpd mpd = new Mpd(f.fetch("/live/live/index.mpd").body());
    Element video = mpd.adaptationSetOf("v");
    assertEquals(Scte35.SCHEME_BIN, Mpd.child(video, "InbandEventStream").getAttribute("schemeIdUri"));
    assertTrue(Mpd.children(mpd.adaptationSetOf("a"), "InbandEventStream").isEmpty());
    emsg.release();
  }

  /** The same splice_insert event (id 0x4800008F) with out_of_network_indicator 0: the return. */
  static final byte[] SPLICE_INSERT_IN = Base64.getDecoder().decode(
      "/DAvAAAAAAAA///wFAVIAACPf2/+c2nALv4AUsz1AAAAAAAKAAhDVUVJAAABNeADknw=");

  /** RFC 8216 4.3.2.7.1: an OUT and its IN share one ID, hence one START-DATE; the IN gives the DURATION. */
  @Test
  void outAndInOfOneSpliceShareTheirDateRange() throws Exception {
    live();
    stream.addEvent(splice(1, 180_000), Duration.ofSeconds(6)); // OUT at 2 s
    stream.addEvent(new TimedEvent(Scte35.SCHEME_BIN, "", 2, 90_000, 450_000, TimedEvent.UNKNOWN_DURATION,
        SPLICE_INSERT_IN), Duration.ofSeconds(6)); // IN at 5 s
    List<String> ranges = f.fetch("/live/live/v/index.m3u8").text().lines()
        .filter(l -> l.startsWith("#EXT-X-DATERANGE:")).toList();
    assertEquals(2, ranges.size(), ranges.toString());
    String id = "ID=\"splice-" + 0x4800008FL + "\"";
    String start = "START-DATE=\"" + Formats.dateTime(stream.availabilityStartTime().plusSeconds(2)) + "\"";
    assertTrue(ranges.get(0).contains(id) && ranges.get(0).contains(start) && ranges.get(0).contains("SCTE35-OUT="),
        ranges.get(0));
    assertTrue(ranges.get(1).contains(id) && ranges.get(1).contains(start) && ranges.get(1).contains("SCTE35-IN=")
        && ranges.get(1).contains("DURATION=3.000"), ranges.get(1));
    assertTrue(!ranges.get(1).contains("PLANNED-DURATION"), "attributes in both tags must agree: " + ranges.get(1));
  }

  @Test
  void eventsBeforeTheWindowAreDropped() throws Exception {
    live();
    stream.addEvent(splice(1, 90_000), Duration.ofSeconds(6));
    stream.addEvent(splice(2, 90_000 * 100), Duration.ofSeconds(100)); // the window (30 s) moved past event 1
    assertEquals(List.of(2L), stream.events().stream().map(TimedEvent::id).toList());
  }
}
