package io.livepoint.push;

import io.livepoint.core.LiveStream;
import io.livepoint.core.Segment;
import io.livepoint.core.Track;
import io.livepoint.packager.OutputPath;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a push strategy on a requested output into the resources to push (ISO/IEC 23009-6 6.2), within a
 * budget of pushed streams. When the budget (or the stream) cannot give what was asked, the strategy is
 * downgraded to what is pushed, and the plan's applied strategy says so.
 *
 * <p>Our choices where the public record is silent: on an MPD request, "the segments after the requested
 * one" start at each playable track's live edge (the newest segment, streamed while it grows);
 * push-time counts segments of the track's mean segment duration; fast-start is honoured on an MPD
 * request only.
 */
final class PushPlanner {
  private static final Logger LOG = LoggerFactory.getLogger(PushPlanner.class);

  private PushPlanner() {}

  /**
   * @param requested the requested output
   * @param requestPath the request's absolute path (base for relative URLs)
   * @param budget pushed streams this plan may add
   */
  static PushPlan plan(PushStrategy s, OutputPath requested, String requestPath, LiveStream stream, int budget) {
    if (budget <= 0) {
      return PushPlan.none();
    }
    boolean mpd = requested.kind() == OutputPath.Kind.MPD;
    Track own = mpd ? null : stream.findTrack(requested.track());
    boolean segment = requested.kind() == OutputPath.Kind.SEGMENT && own != null;
    return switch (s) {
      case PushStrategy.None n -> PushPlan.none();
      case PushStrategy.Next n -> {
        List<Track> tracks = mpd ? stream.playableTracks() : segment ? List.of(own) : List.of();
        long k = Math.min(n.count(), tracks.isEmpty() ? 0 : budget / tracks.size());
        yield k <= 0 ? PushPlan.none()
            : new PushPlan(new PushStrategy.Next(k), following(stream, tracks, mpd, requested.number(), k));
      }
      case PushStrategy.Time t -> {
        List<Track> tracks = mpd ? stream.playableTracks() : segment ? List.of(own) : List.of();
        if (tracks.isEmpty()) {
          yield PushPlan.none();
        }
        double d = segmentSeconds(tracks.get(0));
        long asked = Math.max(1, (long) Math.ceil(t.seconds() / d - 1e-9));
        long k = Math.min(asked, budget / tracks.size());
        yield k <= 0 ? PushPlan.none() : new PushPlan(k == asked ? t : new PushStrategy.Time(k * d),
            following(stream, tracks, mpd, requested.number(), k));
      }
      case PushStrategy.UrlList l -> {
        List<String> kept = new ArrayList<>();
        List<PushTarget> targets = new ArrayList<>();
        for (String url : l.urls()) {
          PushTarget target = resolve(url, requestPath, stream);
          if (target != null && targets.size() < budget) {
            kept.add(url);
            targets.add(target);
          }
        }
        yield targets.isEmpty() ? PushPlan.none()
            : new PushPlan(kept.size() == l.urls().size() ? l : new PushStrategy.UrlList(kept), targets);
      }
      case PushStrategy.Template t -> {
        List<PushTarget> targets = new ArrayList<>();
        for (String url : t.template().expand()) {
          PushTarget target = resolve(url, requestPath, stream);
          if (target == null) {
            LOG.info("{}: push-template names {} which is no output of stream '{}': not pushed", requestPath, url,
                stream.name());
            yield PushPlan.none();
          }
          if (targets.size() < budget) {
            targets.add(target);
          }
        }
        UrlTemplate u = t.template();
        yield new PushPlan(targets.size() == u.last() - u.first() + 1 ? t : new PushStrategy.Template(
            new UrlTemplate(u.template(), u.first(), u.first() + targets.size() - 1)), targets);
      }
      case PushStrategy.FastStart f -> {
        if (!mpd) {
          yield PushPlan.none();
        }
        List<Track> tracks = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (Track tr : stream.playableTracks()) {
          if (f.representations().isEmpty() || f.representations().contains(tr.id())) {
            tracks.add(tr);
            ids.add(tr.id());
          }
        }
        if (tracks.isEmpty() || budget < tracks.size()) {
          yield PushPlan.none();
        }
        long n = Math.min(f.segments(), (budget - tracks.size()) / tracks.size());
        List<PushTarget> targets = new ArrayList<>();
        for (Track tr : tracks) {
          targets.add(new PushTarget(OutputPath.initPath(stream.name(), tr.id()), tr, -1));
        }
        targets.addAll(following(stream, tracks, true, -1, n));
        boolean same = n == f.segments() && (f.representations().isEmpty() || ids.size() == f.representations().size());
        yield new PushPlan(same ? f : new PushStrategy.FastStart(n, f.representations().isEmpty() ? List.of() : ids),
            targets);
      }
    };
  }

  /**
   * k segments of each track, interleaved by number: from each track's live edge (an MPD request) or
   * after {@code number} (a segment request).
   */
  private static List<PushTarget> following(LiveStream stream, List<Track> tracks, boolean fromEdge, long number,
      long k) {
    List<PushTarget> out = new ArrayList<>();
    for (long i = 0; i < k; i++) {
      for (Track t : tracks) {
        long first = fromEdge ? Math.max(1, t.lastNumber()) : number + 1;
        out.add(new PushTarget(OutputPath.segmentPath(stream.name(), t.id(), first + i), t, first + i));
      }
    }
    return out;
  }

  /** Mean duration of the track's complete segments in the window, or the stream's target duration. */
  static double segmentSeconds(Track t) {
    long ticks = 0;
    int n = 0;
    for (Segment s : t.segments()) {
      if (s.isComplete() && s.duration() > 0) {
        ticks += s.duration();
        n++;
      }
    }
    if (n > 0 && t.header() != null) {
      return (double) ticks / n / t.header().info().timescale();
    }
    return t.stream().settings().targetSegmentDuration().toMillis() / 1000.0;
  }

  /** A URL reference resolved against the request: an init segment, a segment or the MPD of the same stream. */
  static PushTarget resolve(String url, String requestPath, LiveStream stream) {
    String path;
    try {
      URI u = new URI(requestPath).resolve(new URI(url));
      if (u.getScheme() != null || u.getRawAuthority() != null || u.getRawQuery() != null || u.getPath() == null) {
        return null;
      }
      path = u.normalize().getPath();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return null;
    }
    if (!path.startsWith(OutputPath.ROUTE)) {
      return null;
    }
    OutputPath p = OutputPath.parse(path.substring(OutputPath.ROUTE.length()));
    if (p == null || !p.stream().equals(stream.name())) {
      return null;
    }
    return switch (p.kind()) {
      case MPD -> new PushTarget(OutputPath.mpd(stream.name()), null, -1);
      case INIT, SEGMENT -> {
        Track t = stream.findTrack(p.track());
        yield t == null ? null : p.kind() == OutputPath.Kind.INIT
            ? new PushTarget(OutputPath.initPath(stream.name(), t.id()), t, -1)
            : new PushTarget(OutputPath.segmentPath(stream.name(), t.id(), p.number()), t, p.number());
      }
      default -> null;
    };
  }
}
