package io.livepoint.ingest;

import io.livepoint.core.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The operations view of ingest (issue: what each source did): per stream and track, who sends (address,
 * User-Agent), how much (requests, bytes, fragments), where it stands (last tfdt), and what went wrong
 * (gaps in its timeline, repeats dropped, errors answered). Requests to a publishing point that passed
 * authentication but were refused before naming a track count on the stream with an empty track id;
 * refusals of unknown publishing points and bad credentials are only logged, so strangers cannot grow
 * this view. Forgotten with the stream; bounded in streams and tracks.
 */
public final class IngestSessions {
  /** Most error messages remembered per track. */
  static final int RECENT_ERRORS = 5;
  /** Bounds: what a source cannot grow (streams that never got media are only forgotten at the cap). */
  static final int MAX_STREAMS = 256;
  static final int MAX_TRACKS = 64;
  private final Clock clock;
  private final ConcurrentHashMap<String, ConcurrentHashMap<String, TrackIngest>> streams = new ConcurrentHashMap<>();

  IngestSessions(Clock clock) {
    this.clock = clock;
  }

  /** One track's ingest as seen so far (a copy). */
  public record View(String stream, String track, String source, String userAgent, long requests,
      long activeRequests, long bytes, long fragments, long duplicates, long gaps, Long lastTfdt,
      Instant lastActivity, Map<Integer, Long> errors, List<String> recentErrors) {}

  /** The counters of a track (null: requests of the stream that named none); beyond the bounds, not kept. */
  TrackIngest track(String stream, String track) {
    ConcurrentHashMap<String, TrackIngest> tracks = streams.get(stream);
    if (tracks == null) {
      tracks = streams.size() < MAX_STREAMS ? streams.computeIfAbsent(stream, s -> new ConcurrentHashMap<>())
          : new ConcurrentHashMap<>();
    }
    String id = track == null ? "" : track;
    TrackIngest t = tracks.get(id);
    if (t == null) {
      t = tracks.size() < MAX_TRACKS ? tracks.computeIfAbsent(id, x -> new TrackIngest()) : new TrackIngest();
    }
    return t;
  }

  void forget(String stream) {
    streams.remove(stream);
  }

  /** Every track of every stream, by stream then track id. */
  public List<View> views() {
    List<View> out = new ArrayList<>();
    streams.forEach((s, tracks) -> tracks.forEach((t, ingest) -> out.add(ingest.view(s, t))));
    out.sort(Comparator.comparing(View::stream).thenComparing(View::track));
    return out;
  }

  /** The counters of one track (or of a stream's requests that named no track). */
  final class TrackIngest {
    private String source;
    private String userAgent;
    private long requests;
    private long active;
    private long bytes;
    private long fragments;
    private long duplicates;
    private long gaps;
    private Long lastTfdt;
    private long lastEnd = Long.MIN_VALUE;
    private Instant lastActivity;
    private final Map<Integer, Long> errors = new TreeMap<>();
    private final List<String> recent = new ArrayList<>();

    synchronized void request(String from, String agent) {
      source = from;
      userAgent = agent;
      requests++;
      active++;
      lastActivity = clock.now();
    }

    synchronized void done() {
      active = Math.max(0, active - 1);
    }

    synchronized void bytes(long n) {
      bytes += n;
      lastActivity = clock.now();
    }

    /** A stored fragment: a start past the previous end is a gap in the source's timeline. */
    synchronized void fragment(long tfdt, long end) {
      fragments++;
      if (lastEnd != Long.MIN_VALUE && tfdt > lastEnd) {
        gaps++;
      }
      lastTfdt = tfdt;
      lastEnd = Math.max(lastEnd, end);
    }

    synchronized void duplicate() {
      duplicates++;
    }

    synchronized void error(int status, String message) {
      errors.merge(status, 1L, Long::sum);
      recent.add(status + " " + message);
      if (recent.size() > RECENT_ERRORS) {
        recent.remove(0);
      }
      lastActivity = clock.now();
    }

    synchronized View view(String stream, String track) {
      return new View(stream, track, source, userAgent, requests, active, bytes, fragments, duplicates, gaps,
          lastTfdt, lastActivity, Map.copyOf(errors), List.copyOf(recent));
    }
  }
}
