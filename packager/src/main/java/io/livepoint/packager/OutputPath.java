package io.livepoint.packager;

/**
 * A parsed output URL below {@code /live/}: {@code {stream}/index.mpd}, {@code {stream}/index.m3u8},
 * {@code {stream}/{track}/index.m3u8}, {@code {stream}/{track}/init.mp4},
 * {@code {stream}/{track}/{n}.m4s} (segment n) and {@code {stream}/{track}/{n}.{p}.m4s} (part p of n).
 *
 * @param track the track id, or null for stream-level documents
 * @param number segment number, or -1
 * @param part part (chunk) index, or -1
 */
record OutputPath(Kind kind, String stream, String track, long number, int part) {

  enum Kind { MPD, MULTIVARIANT, MEDIA_PLAYLIST, INIT, SEGMENT, PART }

  static final String MPD_NAME = "index.mpd";
  static final String PLAYLIST_NAME = "index.m3u8";
  static final String INIT_NAME = "init.mp4";
  static final String MEDIA_SUFFIX = ".m4s";

  /** The output a sub-path names, or null when it names none. */
  static OutputPath parse(String subPath) {
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
    int dot = stem.indexOf('.');
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
