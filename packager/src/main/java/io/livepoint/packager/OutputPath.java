package io.livepoint.packager;

/**
 * The output URL layout, the one place its names are spelled, and a parsed output URL below
 * {@link #ROUTE}: {@code {stream}/index.mpd}, {@code {stream}/index.m3u8} (multivariant),
 * {@code {stream}/{track}/index.m3u8}, {@code {stream}/{track}/init.mp4},
 * {@code {stream}/{track}/{n}.m4s} (segment n) and {@code {stream}/{track}/{n}.{p}.m4s} (part p of n).
 * Manifests name their neighbours with relative references built here too.
 *
 * @param track the track id, or null for stream-level documents
 * @param number segment number, or -1
 * @param part part (chunk) index, or -1
 */
public record OutputPath(Kind kind, String stream, String track, long number, int part) {

  /** What an output URL names. */
  public enum Kind { MPD, MULTIVARIANT, MEDIA_PLAYLIST, INIT, SEGMENT, PART }

  /** Path prefix of every output. */
  public static final String ROUTE = "/live/";
  static final String MPD_NAME = "index.mpd";
  static final String PLAYLIST_NAME = "index.m3u8";
  static final String INIT_NAME = "init.mp4";
  static final String MEDIA_SUFFIX = ".m4s";
  private static final char PART_SEPARATOR = '.';

  /** Absolute path of a stream's MPD. */
  public static String mpd(String stream) {
    return ROUTE + stream + "/" + MPD_NAME;
  }

  /** Absolute path of a stream's HLS multivariant playlist. */
  public static String multivariant(String stream) {
    return ROUTE + stream + "/" + PLAYLIST_NAME;
  }

  /** {@code file} of {@code track}, relative to the stream level (MPD, multivariant playlist). */
  static String inTrack(String track, String file) {
    return track + "/" + file;
  }

  /** A track's media playlist, relative to the stream level. */
  static String mediaPlaylist(String track) {
    return inTrack(track, PLAYLIST_NAME);
  }

  /** Another track's media playlist, relative to a media playlist (rendition reports). */
  static String siblingPlaylist(String track) {
    return "../" + mediaPlaylist(track);
  }

  /** Segment {@code number} (a number or a template identifier such as $Number$), relative to its track. */
  static String segment(String number) {
    return number + MEDIA_SUFFIX;
  }

  static String segment(long number) {
    return segment(Long.toString(number));
  }

  /** Part {@code part} of segment {@code number}, relative to its track. */
  static String part(long number, int part) {
    return segment(Long.toString(number) + PART_SEPARATOR + part);
  }

  /** Absolute path of segment {@code number} of a track. */
  public static String segmentPath(String stream, String track, long number) {
    return ROUTE + stream + "/" + inTrack(track, segment(number));
  }

  /** Absolute path of a track's init segment (CMAF header). */
  public static String initPath(String stream, String track) {
    return ROUTE + stream + "/" + inTrack(track, INIT_NAME);
  }

  /** The output a sub-path (below {@link #ROUTE}) names, or null when it names none. */
  public static OutputPath parse(String subPath) {
    String[] p = subPath.split("/", -1);
    for (String s : p) {
      if (s.isEmpty()) {
        return null;
      }
    }
    if (p.length == 2) {
      return switch (p[1]) {
        case MPD_NAME -> new OutputPath(Kind.MPD, p[0], null, -1, -1);
        case PLAYLIST_NAME -> new OutputPath(Kind.MULTIVARIANT, p[0], null, -1, -1);
        default -> null;
      };
    }
    if (p.length != 3) {
      return null;
    }
    String file = p[2];
    if (file.equals(PLAYLIST_NAME)) {
      return new OutputPath(Kind.MEDIA_PLAYLIST, p[0], p[1], -1, -1);
    }
    if (file.equals(INIT_NAME)) {
      return new OutputPath(Kind.INIT, p[0], p[1], -1, -1);
    }
    if (!file.endsWith(MEDIA_SUFFIX)) {
      return null;
    }
    String stem = file.substring(0, file.length() - MEDIA_SUFFIX.length());
    int dot = stem.indexOf(PART_SEPARATOR);
    long n = number(dot < 0 ? stem : stem.substring(0, dot), Long.MAX_VALUE);
    if (n < 0) {
      return null;
    }
    if (dot < 0) {
      return new OutputPath(Kind.SEGMENT, p[0], p[1], n, -1);
    }
    long part = number(stem.substring(dot + 1), Integer.MAX_VALUE);
    return part < 0 ? null : new OutputPath(Kind.PART, p[0], p[1], n, (int) part);
  }

  /** A decimal number of at most 18 digits not above {@code max}, or -1. */
  static long number(String s, long max) {
    if (s == null || s.isEmpty() || s.length() > 18) {
      return -1;
    }
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return -1;
      }
    }
    long v = Long.parseLong(s);
    return v > max ? -1 : v;
  }
}
