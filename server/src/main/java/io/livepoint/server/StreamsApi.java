package io.livepoint.server;

import io.livepoint.core.LiveStream;
import io.livepoint.core.Segment;
import io.livepoint.core.StreamRegistry;
import io.livepoint.core.Track;
import io.livepoint.http.RequestHandler;
import io.livepoint.media.cmaf.TrackInfo;
import io.livepoint.packager.OutputPath;
import java.util.List;
import java.util.StringJoiner;

/** {@code GET /api/streams}: the live streams and their tracks, for the web page and for scripts. */
final class StreamsApi {
  private final StreamRegistry registry;

  StreamsApi(StreamRegistry registry) {
    this.registry = registry;
  }

  RequestHandler newHandler() {
    return Json.readOnly(this::document);
  }

  private String document() {
    StringJoiner streams = new StringJoiner(",", "[", "]");
    for (LiveStream s : registry.all()) {
      List<Track> tracks = s.playableTracks();
      if (tracks.isEmpty()) {
        continue;
      }
      StringJoiner t = new StringJoiner(",", "[", "]");
      for (Track track : tracks) {
        t.add(track(track));
      }
      streams.add("{\"name\":" + Json.quote(s.name())
          + ",\"mpd\":" + Json.quote(OutputPath.mpd(s.name()))
          + ",\"hls\":" + Json.quote(OutputPath.multivariant(s.name()))
          + ",\"tracks\":" + t + "}");
    }
    return streams.toString();
  }

  private static String track(Track track) {
    TrackInfo i = track.header().info();
    List<Segment> segs = track.segments();
    long bytes = 0;
    long ticks = 0;
    for (Segment seg : segs) {
      if (seg.isComplete()) {
        bytes += seg.size();
        ticks += seg.duration();
      }
    }
    long measured = ticks == 0 ? 0 : bytes * 8 * i.timescale() / ticks;
    long bandwidth = i.avgBitrate() > 0 ? i.avgBitrate() : measured;
    return "{\"id\":" + Json.quote(track.id())
        + ",\"kind\":" + Json.quote(i.mediaKind().name())
        + ",\"codecs\":" + Json.quote(i.codecs())
        + ",\"bandwidth\":" + bandwidth
        + ",\"width\":" + i.width() + ",\"height\":" + i.height()
        + ",\"language\":" + Json.quote(i.effectiveLanguage())
        + ",\"segments\":" + segs.size()
        + ",\"lastSegment\":" + track.lastNumber()
        + ",\"duplicatesDropped\":" + track.duplicatesDropped()
        + ",\"ended\":" + track.isEnded() + "}";
  }
}
