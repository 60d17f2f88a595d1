package io.livepoint.ingest;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which track of a publishing point a request path names, and how. The rules, first match wins:
 * <ol>
 *   <li>{@code Streams(name)}, optionally after {@code Switching(id)/} (ingest 6.2 item 9, 6.4 item 2):
 *       the track is {@code name} without a CMAF file extension (.cmfv .cmfa .cmft .cmfm .mp4 .m4s
 *       .m4v .m4a .mp4a .cmf), the switching set is {@code id}.
 *   <li>The SegmentTemplate of an MPD posted earlier to the publishing point (6.2 item 16): the track is
 *       the Representation@id, the switching set the AdaptationSet@id.
 *   <li>Otherwise the path itself: the extension is removed, then a final file name that is "init" or a
 *       number ({@code V300/init.mp4}, {@code V300/12.m4s}), or a trailing {@code -init}, {@code _init},
 *       {@code -12}, {@code _12}, {@code .12} ({@code video-12.cmfv}), is removed too, and so is a leading
 *       {@code init-}, {@code chunk-}, {@code segment-} ({@code init-stream0.m4s} and
 *       {@code chunk-stream0-00001.m4s} are both {@code stream0}, FFmpeg's DASH naming); a file name that
 *       is a role word and a number ({@code index0}, {@code seg_00001}, {@code data01}: FFmpeg's HLS
 *       naming) is a segment of the folder's track, like a bare number; the remaining
 *       segments are joined with '_' ({@code a/b/3.m4s} is track {@code a_b}). A path with nothing left
 *       (the publishing point itself, {@code /ingest/s/5.m4s}) is track {@code main}.
 * </ol>
 * Track names must be unreserved characters (they become URL segments of the outputs); the kind box
 * {@code urn:dashif:ingest:switchingset_id} in the header names the switching set when the path did not.
 *
 * @param trackId the track name
 * @param switchingSetId the switching set from the path or the MPD, or null
 * @param initialization whether the path names the track's CMAF header (for logs), or null if unknown
 */
record TrackRoute(String trackId, String switchingSetId, Boolean initialization) {
  /** The track of a request to the publishing point itself or to a bare segment number. */
  static final String DEFAULT_TRACK = "main";

  static final Set<String> CMAF_EXTENSIONS =
      Set.of("cmfv", "cmfa", "cmft", "cmfm", "mp4", "m4s", "m4v", "m4a", "mp4a", "cmf", "init", "header");

  private static final Pattern STREAMS =
      Pattern.compile("(?:^|.*/)(?:Switching\\(([^)/]*)\\)/)?Streams\\(([^)/]+)\\)(?:/.*)?");
  private static final Pattern NUMBER_OR_INIT = Pattern.compile("(?i)\\d+|init");
  private static final Pattern TRAILING_NUMBER_OR_INIT = Pattern.compile("(?i)(.+?)[-_.](\\d+|init)");
  /** FFmpeg's DASH muxer names objects init-stream0.m4s and chunk-stream0-00001.m4s by default. */
  private static final Pattern LEADING_ROLE = Pattern.compile("(?i)(?:init|chunk|segment|seg)[-_.](.+)");
  /**
   * A role word and a number is a segment of the folder's track: FFmpeg's HLS muxer names them
   * index0.m4s (beside init.mp4), seg_00001.m4s, data01.m4s.
   */
  private static final Pattern ROLE_NUMBER =
      Pattern.compile("(?i)(?:chunk|segment|seg|index|data|media|fragment|frag|part|file|out)[-_.]?\\d+");

  /** Whether the path uses the Streams() keyword: an Interface-1 track, never an Interface-2 object. */
  static boolean namesStreams(String rest) {
    return STREAMS.matcher(rest).matches();
  }

  static TrackRoute of(String rest, MpdTemplates templates) throws Rejection {
    Matcher s = STREAMS.matcher(rest);
    if (s.matches()) {
      String switching = s.group(1);
      if (switching != null && !IngestPath.NAME.matcher(switching).matches()) {
        throw Rejection.forbidden("invalid switching set id in Switching(" + switching + ")");
      }
      return new TrackRoute(name(stripExtension(s.group(2))), switching, null);
    }
    if (templates != null) {
      MpdTemplates.Match m = templates.match(rest);
      if (m != null) {
        return new TrackRoute(name(m.representationId()), m.adaptationSetId(), m.initialization());
      }
    }
    if (rest.isEmpty()) {
      return new TrackRoute(DEFAULT_TRACK, null, null);
    }
    int slash = rest.lastIndexOf('/');
    String dir = slash < 0 ? "" : rest.substring(0, slash);
    String file = stripExtension(rest.substring(slash + 1));
    Boolean init = null;
    Matcher lead = LEADING_ROLE.matcher(file);
    if (ROLE_NUMBER.matcher(file).matches()) {
      init = false;
      file = "";
    } else if (lead.matches()) {
      // init-X names track X's header; chunk-X-N is segment N of track X.
      init = file.regionMatches(true, 0, "init", 0, 4);
      file = lead.group(1);
      Matcher t = TRAILING_NUMBER_OR_INIT.matcher(file);
      if (!init && t.matches()) {
        file = t.group(1);
      }
      if (!dir.isEmpty() && file.chars().allMatch(Character::isDigit)) {
        file = ""; // v0/init_0.mp4 (FFmpeg's HLS variant index) belongs to the folder's track
      }
    } else if (NUMBER_OR_INIT.matcher(file).matches()) {
      init = file.equalsIgnoreCase("init");
      file = "";
    } else {
      Matcher t = TRAILING_NUMBER_OR_INIT.matcher(file);
      if (t.matches()) {
        init = t.group(2).equalsIgnoreCase("init");
        file = t.group(1);
      }
    }
    String track = dir.isEmpty() ? file : file.isEmpty() ? dir.replace('/', '_') : dir.replace('/', '_') + "_" + file;
    return new TrackRoute(track.isEmpty() ? DEFAULT_TRACK : name(track), null, init);
  }

  static String stripExtension(String file) {
    int dot = file.lastIndexOf('.');
    if (dot > 0 && CMAF_EXTENSIONS.contains(file.substring(dot + 1).toLowerCase(Locale.ROOT))) {
      return file.substring(0, dot);
    }
    return file;
  }

  private static String name(String track) throws Rejection {
    if (!IngestPath.NAME.matcher(track).matches() || track.equals(".") || track.equals("..")) {
      throw Rejection.forbidden("invalid track name '" + track + "'");
    }
    return track;
  }
}
