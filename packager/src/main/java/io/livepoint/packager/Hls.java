package io.livepoint.packager;

/** HLS wire constants (RFC 8216bis): tags, attribute values and delivery directives. */
final class Hls {
  private Hls() {}

  static final int VERSION = 9; // EXT-X-SKIP (delta updates) needs version 9
  static final String EXTM3U = "#EXTM3U";
  static final String VERSION_TAG = "#EXT-X-VERSION:";
  static final String INDEPENDENT_SEGMENTS = "#EXT-X-INDEPENDENT-SEGMENTS";
  static final String MEDIA = "#EXT-X-MEDIA:";
  static final String STREAM_INF = "#EXT-X-STREAM-INF:";
  static final String TARGET_DURATION = "#EXT-X-TARGETDURATION:";
  static final String MEDIA_SEQUENCE = "#EXT-X-MEDIA-SEQUENCE:";
  static final String SERVER_CONTROL = "#EXT-X-SERVER-CONTROL:";
  static final String PART_INF = "#EXT-X-PART-INF:PART-TARGET=";
  static final String MAP = "#EXT-X-MAP:URI=";
  static final String SKIP = "#EXT-X-SKIP:SKIPPED-SEGMENTS=";
  static final String DISCONTINUITY_SEQUENCE = "#EXT-X-DISCONTINUITY-SEQUENCE:";
  static final String DISCONTINUITY = "#EXT-X-DISCONTINUITY";
  static final String PROGRAM_DATE_TIME = "#EXT-X-PROGRAM-DATE-TIME:";
  static final String DATERANGE = "#EXT-X-DATERANGE:";
  static final String EXTINF = "#EXTINF:";
  static final String PART = "#EXT-X-PART:";
  static final String PRELOAD_HINT = "#EXT-X-PRELOAD-HINT:TYPE=PART,URI=";
  static final String RENDITION_REPORT = "#EXT-X-RENDITION-REPORT:";
  static final String ENDLIST = "#EXT-X-ENDLIST";

  /** Delivery directives (query parameters) of LL-HLS. */
  static final String MSN = "_HLS_msn";
  static final String PART_PARAM = "_HLS_part";
  static final String SKIP_PARAM = "_HLS_skip";

  /** Skip Boundary: at least six target durations. */
  static final int SKIP_BOUNDARY_TARGETS = 6;
  /** Parts are kept for segments within this many target durations of the live edge (at least 3). */
  static final int PART_WINDOW_TARGETS = 3;
  /** A blocking request may ask for at most this many segments past the last one. */
  static final int MAX_MSN_AHEAD = 2;
}
