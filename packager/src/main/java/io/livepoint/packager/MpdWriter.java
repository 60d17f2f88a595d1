package io.livepoint.packager;

import io.livepoint.core.Chunk;
import io.livepoint.core.StreamSettings;
import io.livepoint.core.TimedEvent;
import io.livepoint.media.cmaf.TrackInfo;
import io.livepoint.media.cmaf.TrackInfo.MediaKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes the dynamic MPD of a stream: a Period per media timeline (one unless the source restarted,
 * see {@link DashPeriods}), an AdaptationSet per switching set, a
 * Representation per track with its own SegmentTemplate and SegmentTimeline ($Number$ addressing).
 *
 * <p>Low latency (DASH-IF IOP LL, what dash.js keys on): the growing segment is listed with the
 * duration the previous one had, availabilityTimeOffset makes it available once its first chunk is
 * in (segment duration - chunk duration), availabilityTimeComplete="false" says it arrives by chunked
 * transfer, and a ServiceDescription states the latency target and the playback-rate range.
 */
final class MpdWriter {
  /** Shortest MPD refresh asked of players (seconds), however short the chunks. */
  private static final double MIN_LOW_LATENCY_UPDATE = 0.5;

  private final PackagerConfig config;

  MpdWriter(PackagerConfig config) {
    this.config = config;
  }

  /**
   * @param now publish time
   * @param timeUrl absolute URL of the UTC time source (UTCTiming)
   * @return the MPD, or null when no track has a segment to list yet
   */
  String write(StreamSnapshot snap, Instant now, String timeUrl) {
    StreamSettings settings = snap.stream.settings();
    List<SwitchingSet> sets = SwitchingSet.of(snap);
    Map<TrackSnapshot, Listing> listings = new HashMap<>();
    double maxSegment = 0;
    double maxChunk = 0;
    boolean lowLatency = false;
    for (TrackSnapshot t : snap.tracks) {
      Listing l = listing(t);
      if (l == null) {
        continue;
      }
      listings.put(t, l);
      maxSegment = Math.max(maxSegment, t.seconds(l.maxDuration));
      if (l.lowLatency) {
        lowLatency = true;
        maxChunk = Math.max(maxChunk, t.seconds(t.typicalChunk));
      }
    }
    if (listings.isEmpty()) {
      return null;
    }
    double target = seconds(settings.targetSegmentDuration().toMillis());
    maxSegment = Formats.ceilMillis(maxSegment);
    double latency = seconds(settings.targetLatency().toMillis());

    // ProducerReferenceTime ids, in output order; the first one anchors Latency@referenceId.
    Map<TrackSnapshot, Integer> prtIds = new HashMap<>();
    for (SwitchingSet set : sets) {
      for (TrackSnapshot t : set.tracks()) {
        if (listings.containsKey(t) && t.producerReference != null) {
          prtIds.put(t, prtIds.size() + 1);
        }
      }
    }

    StringBuilder b = new StringBuilder(4096);
    b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    b.append("<MPD xmlns=\"").append(Dash.NAMESPACE).append("\" type=\"dynamic\"");
    attr(b, "profiles", Dash.PROFILE_LIVE + "," + Dash.PROFILE_CMAF);
    Instant ast = snap.stream.availabilityStartTime() != null
        ? snap.stream.availabilityStartTime() : snap.stream.created();
    attr(b, "availabilityStartTime", Formats.dateTime(ast));
    attr(b, "publishTime", Formats.dateTime(now));
    if (snap.ended) {
      // Every track ended: the presentation is complete; players stop refreshing.
      attr(b, "mediaPresentationDuration", Formats.duration(presentationEnd(snap, ast)));
    } else {
      // With a SegmentTimeline a player learns of a new segment only from a new MPD: at low latency
      // it must look about once a chunk, or the growing segment is found too late.
      double update = lowLatency ? Math.min(target, Math.max(MIN_LOW_LATENCY_UPDATE, Formats.ceilMillis(maxChunk)))
          : target;
      attr(b, "minimumUpdatePeriod", Formats.duration(update));
    }
    attr(b, "timeShiftBufferDepth", Formats.duration(seconds(settings.timeShiftWindow().toMillis())));
    attr(b, "suggestedPresentationDelay", Formats.duration(lowLatency ? latency : 3 * maxSegment));
    attr(b, "maxSegmentDuration", Formats.duration(maxSegment));
    attr(b, "minBufferTime", Formats.duration(lowLatency ? Formats.ceilMillis(maxChunk) : maxSegment));
    b.append(">\n");

    if (lowLatency) {
      long targetMs = settings.targetLatency().toMillis();
      b.append("  <ServiceDescription id=\"").append(Dash.SERVICE_DESCRIPTION_ID).append("\">\n");
      b.append("    <Latency");
      attr(b, "target", Long.toString(targetMs));
      attr(b, "min", Long.toString(Math.max(1, targetMs / 2)));
      attr(b, "max", Long.toString(targetMs * 2));
      if (!prtIds.isEmpty()) {
        attr(b, "referenceId", Integer.toString(prtIds.values().stream().min(Integer::compare).orElseThrow()));
      }
      b.append("/>\n");
      b.append("    <PlaybackRate");
      attr(b, "min", Formats.decimal(config.minPlaybackRate(), 3));
      attr(b, "max", Formats.decimal(config.maxPlaybackRate(), 3));
      b.append("/>\n");
      b.append("  </ServiceDescription>\n");
    }

    Map<TrackSnapshot, List<SegmentSnapshot>> listed = new HashMap<>();
    listings.forEach((t, l) -> listed.put(t, l.segments));
    List<DashPeriods.Period> periods = DashPeriods.of(snap.stream, listed, ast, now,
        settings.targetSegmentDuration().multipliedBy(2));
    for (DashPeriods.Period p : periods) {
      boolean newest = p == periods.get(periods.size() - 1);
      b.append("  <Period");
      attr(b, "id", p.id());
      attr(b, "start", Formats.duration(p.start()));
      b.append(">\n");
      List<TimedEvent> events = snap.events.stream().filter(e -> e.timeline() == p.timeline()).toList();
      DashEventStreams.write(b, events, p.mediaStart());
      for (SwitchingSet set : sets) {
        List<TrackSnapshot> members = new ArrayList<>();
        Map<TrackSnapshot, Listing> inPeriod = new HashMap<>();
        for (TrackSnapshot t : set.tracks()) {
          List<SegmentSnapshot> segs = p.segments().get(t);
          if (segs != null) {
            members.add(t);
            Listing l = listings.get(t);
            inPeriod.put(t, new Listing(segs, l.lowLatency, l.maxDuration, p.presentationTimeOffset(t)));
          }
        }
        if (!members.isEmpty()) {
          // The producer reference is the newest chunk: it belongs to the newest Period.
          adaptationSet(b, set, members, inPeriod, newest ? prtIds : Map.of(), timeUrl, events);
        }
      }
      b.append("  </Period>\n");
    }
    b.append("  <UTCTiming");
    attr(b, "schemeIdUri", Dash.UTC_HTTP_ISO);
    attr(b, "value", timeUrl);
    b.append("/>\n");
    b.append("</MPD>\n");
    return b.toString();
  }

  private void adaptationSet(StringBuilder b, SwitchingSet set, List<TrackSnapshot> members,
      Map<TrackSnapshot, Listing> listings, Map<TrackSnapshot, Integer> prtIds, String timeUrl,
      List<TimedEvent> events) {
    TrackInfo first = set.first();
    b.append("    <AdaptationSet");
    attr(b, "id", Integer.toString(set.id()));
    attr(b, "contentType", contentType(set.kind()));
    attr(b, "mimeType", MediaTypes.of(first));
    if (set.language() != null) {
      attr(b, "lang", set.language());
    }
    attr(b, "segmentAlignment", "true");
    attr(b, "startWithSAP", "1");
    if (set.kind() == MediaKind.VIDEO) {
      int w = 0;
      int h = 0;
      for (TrackSnapshot t : members) {
        w = Math.max(w, t.info.width());
        h = Math.max(h, t.info.height());
      }
      if (w > 0 && h > 0) {
        attr(b, "maxWidth", Integer.toString(w));
        attr(b, "maxHeight", Integer.toString(h));
      }
    }
    b.append(">\n");
    if (config.inbandEvents() && InbandEvents.carries(members.get(0).track)) {
      DashEventStreams.inband(b, events);
    }
    // Schema order (AdaptationSetType): the RepresentationBaseType elements (InbandEventStream), then
    // Accessibility, then Role.
    for (TrackInfo.Kind k : set.accessibility()) {
      b.append("      <Accessibility");
      attr(b, "schemeIdUri", k.schemeUri());
      attr(b, "value", k.value());
      b.append("/>\n");
    }
    for (String role : set.roles()) {
      b.append("      <Role");
      attr(b, "schemeIdUri", Dash.ROLE_SCHEME);
      attr(b, "value", role);
      b.append("/>\n");
    }
    for (TrackSnapshot t : members) {
      representation(b, t, listings.get(t), prtIds.get(t), timeUrl);
    }
    b.append("    </AdaptationSet>\n");
  }

  private void representation(StringBuilder b, TrackSnapshot t, Listing l, Integer prtId, String timeUrl) {
    TrackInfo info = t.info;
    b.append("      <Representation");
    attr(b, "id", t.id());
    attr(b, "bandwidth", Long.toString(t.peakBitrate()));
    if (info.codecs() != null && !info.codecs().isEmpty()) {
      attr(b, "codecs", info.codecs());
    }
    if (t.kind() == MediaKind.VIDEO) {
      if (info.width() > 0 && info.height() > 0) {
        attr(b, "width", Integer.toString(info.width()));
        attr(b, "height", Integer.toString(info.height()));
      }
      if (t.frameRate != null) {
        attr(b, "frameRate", Rational.dash(t.frameRate));
      }
    }
    if (t.kind() == MediaKind.AUDIO && info.sampleRate() > 0) {
      attr(b, "audioSamplingRate", Integer.toString(info.sampleRate()));
    }
    b.append(">\n");
    if (t.kind() == MediaKind.AUDIO && info.channels() > 0) {
      b.append("        <AudioChannelConfiguration");
      attr(b, "schemeIdUri", Dash.AUDIO_CHANNEL_SCHEME);
      attr(b, "value", Integer.toString(info.channels()));
      b.append("/>\n");
    }
    if (prtId != null) {
      Chunk c = t.producerReference;
      b.append("        <ProducerReferenceTime");
      attr(b, "id", prtId.toString());
      attr(b, "type", Dash.PRT_TYPE_ENCODER);
      attr(b, "wallClockTime", Formats.dateTime(c.producerTime()));
      attr(b, "presentationTime", Long.toString(c.baseMediaDecodeTime()));
      b.append(">\n          <UTCTiming");
      attr(b, "schemeIdUri", Dash.UTC_HTTP_ISO);
      attr(b, "value", timeUrl);
      b.append("/>\n        </ProducerReferenceTime>\n");
    }
    b.append("        <SegmentTemplate");
    attr(b, "timescale", Long.toString(t.timescale));
    attr(b, "initialization", Dash.INITIALIZATION_TEMPLATE);
    attr(b, "media", Dash.MEDIA_TEMPLATE);
    attr(b, "startNumber", Long.toString(l.segments.get(0).number()));
    if (l.presentationTimeOffset != 0) {
      attr(b, "presentationTimeOffset", Long.toString(l.presentationTimeOffset));
    }
    if (l.lowLatency) {
      long offset = Math.max(0, t.typicalSegment - t.typicalChunk);
      attr(b, "availabilityTimeOffset", Formats.decimal(t.seconds(offset), 3));
      attr(b, "availabilityTimeComplete", "false");
    }
    b.append(">\n          <SegmentTimeline>\n");
    timeline(b, t, l);
    b.append("          </SegmentTimeline>\n        </SegmentTemplate>\n      </Representation>\n");
  }

  /** S elements: explicit @t at the start and after any gap, runs of equal durations folded into @r. */
  private static void timeline(StringBuilder b, TrackSnapshot t, Listing l) {
    long runStart = 0;
    long runDuration = -1;
    int repeats = 0;
    boolean explicit = true;
    long expectedNext = Long.MIN_VALUE;
    for (SegmentSnapshot s : l.segments) {
      long d = s.complete() ? s.span() : t.expectedOpenDuration;
      boolean contiguous = s.startTime() == expectedNext;
      if (runDuration >= 0 && contiguous && d == runDuration) {
        repeats++;
      } else {
        if (runDuration >= 0) {
          s(b, explicit ? runStart : -1, runDuration, repeats);
        }
        explicit = !contiguous;
        runStart = s.startTime();
        runDuration = d;
        repeats = 0;
      }
      expectedNext = s.startTime() + d;
    }
    if (runDuration >= 0) {
      s(b, explicit ? runStart : -1, runDuration, repeats);
    }
  }

  private static void s(StringBuilder b, long t, long d, int r) {
    b.append("            <S");
    if (t >= 0) {
      attr(b, "t", Long.toString(t));
    }
    attr(b, "d", Long.toString(d));
    if (r > 0) {
      attr(b, "r", Integer.toString(r));
    }
    b.append("/>\n");
  }

  /** The segments a Representation lists, or null when it has none yet. */
  private Listing listing(TrackSnapshot t) {
    boolean lowLatency = config.lowLatency() && t.chunked;
    // An unchunked track's growing segment arrives whole at its end: list it once complete.
    List<SegmentSnapshot> segs = lowLatency ? t.segments : t.completeSegments();
    if (segs.isEmpty()) {
      return null;
    }
    long max = 0;
    for (SegmentSnapshot s : segs) {
      max = Math.max(max, s.complete() ? s.span() : t.expectedOpenDuration);
    }
    return new Listing(segs, lowLatency, max, 0);
  }

  /** End of the last complete segment of any track on the wall clock, from the availability start. */
  private static Duration presentationEnd(StreamSnapshot snap, Instant ast) {
    Duration end = Duration.ZERO;
    for (TrackSnapshot t : snap.tracks) {
      List<SegmentSnapshot> segs = t.completeSegments();
      if (!segs.isEmpty()) {
        SegmentSnapshot last = segs.get(segs.size() - 1);
        Duration d = Duration.between(ast, snap.stream.wallClock(last.segment(), last.endTime()));
        end = d.compareTo(end) > 0 ? d : end;
      }
    }
    return end;
  }

  private static String contentType(MediaKind kind) {
    return switch (kind) {
      case VIDEO -> "video";
      case AUDIO -> "audio";
      default -> "text";
    };
  }

  private static double seconds(long millis) {
    return millis / 1000.0;
  }

  private static void attr(StringBuilder b, String name, String value) {
    b.append(' ').append(name).append("=\"").append(Formats.xml(value)).append('"');
  }

  /** @param presentationTimeOffset the media time at its Period's start */
  private record Listing(List<SegmentSnapshot> segments, boolean lowLatency, long maxDuration,
      long presentationTimeOffset) {}
}
