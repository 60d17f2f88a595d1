package io.livepoint.ingest;

import io.livepoint.core.store.ObjectKind;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Interface-2 object types by file extension: Table 6 of DASH-IF ingest 7.1.2 (item 7), plus the
 * extensions HLS and DASH encoders commonly publish beside them (MPEG-2 TS segments, 7.3.1 item 3;
 * packed audio, WebVTT and TTML subtitles). The media type served back is the table's, whatever the
 * source put in Content-Type. The one table of these wire names.
 */
final class ObjectTypes {
  private ObjectTypes() {}

  /**
   * What an extension stands for.
   *
   * @param mediaType the Content-Type it is served with
   * @param kind how the store keeps it
   * @param isobmff whether it is ISOBMFF (CMAF headers and segments also feed the live model)
   */
  record Type(String mediaType, ObjectKind kind, boolean isobmff) {}

  static final String MPD = "application/dash+xml";
  static final String M3U8 = "application/vnd.apple.mpegurl";

  private static final Map<String, Type> BY_EXTENSION = Map.ofEntries(
      Map.entry("mpd", new Type(MPD, ObjectKind.MANIFEST, false)),
      Map.entry("m3u8", new Type(M3U8, ObjectKind.MANIFEST, false)),
      Map.entry("cmfv", new Type("video/mp4", ObjectKind.MEDIA, true)),
      Map.entry("cmfa", new Type("audio/mp4", ObjectKind.MEDIA, true)),
      Map.entry("cmft", new Type("application/mp4", ObjectKind.MEDIA, true)),
      Map.entry("cmfm", new Type("application/mp4", ObjectKind.MEDIA, true)),
      Map.entry("mp4", new Type("video/mp4", ObjectKind.MEDIA, true)),
      Map.entry("m4v", new Type("video/mp4", ObjectKind.MEDIA, true)),
      Map.entry("m4a", new Type("audio/mp4", ObjectKind.MEDIA, true)),
      Map.entry("m4s", new Type("video/iso.segment", ObjectKind.MEDIA, true)),
      Map.entry("init", new Type("video/mp4", ObjectKind.INIT, true)),
      Map.entry("header", new Type("video/mp4", ObjectKind.INIT, true)),
      Map.entry("key", new Type("application/octet-stream", ObjectKind.OTHER, false)),
      Map.entry("ts", new Type("video/mp2t", ObjectKind.MEDIA, false)),
      Map.entry("aac", new Type("audio/aac", ObjectKind.MEDIA, false)),
      Map.entry("ac3", new Type("audio/ac3", ObjectKind.MEDIA, false)),
      Map.entry("ec3", new Type("audio/eac3", ObjectKind.MEDIA, false)),
      Map.entry("vtt", new Type("text/vtt", ObjectKind.MEDIA, false)),
      Map.entry("webvtt", new Type("text/vtt", ObjectKind.MEDIA, false)),
      Map.entry("ttml", new Type("application/ttml+xml", ObjectKind.MEDIA, false)));

  /**
   * Extensions that are clearly not media: served back from the origin they would be active content
   * (pages, scripts) on the server's own origin. Refused with 415.
   */
  private static final Set<String> REFUSED = Set.of("html", "htm", "xhtml", "shtml", "js", "mjs", "css", "svg",
      "php", "jsp", "asp", "aspx", "cgi", "exe", "sh", "wasm", "swf");

  /** The lower-case extension of the path's file name, or "" when it has none. */
  static String extension(String path) {
    int slash = path.lastIndexOf('/');
    int dot = path.lastIndexOf('.');
    return dot > slash + 1 ? path.substring(dot + 1).toLowerCase(Locale.ROOT) : "";
  }

  /** The type of an object path, or null when its extension is not an Interface-2 object type. */
  static Type of(String path) {
    Type t = BY_EXTENSION.get(extension(path));
    if (t != null && t.kind() == ObjectKind.MEDIA && t.isobmff() && isInitName(path)) {
      return new Type(t.mediaType(), ObjectKind.INIT, true);
    }
    return t;
  }

  /** Whether the extension is one no media origin should accept. */
  static boolean refused(String path) {
    return REFUSED.contains(extension(path));
  }

  /**
   * Whether an ISOBMFF file name says initialization segment (init.mp4, init-stream0.m4s, video_init.cmfv):
   * kept like a manifest, not evicted with the media it initializes.
   */
  static boolean isInitName(String path) {
    String file = path.substring(path.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
    int dot = file.lastIndexOf('.');
    String stem = dot > 0 ? file.substring(0, dot) : file;
    return stem.equals("init") || stem.startsWith("init-") || stem.startsWith("init_") || stem.startsWith("init.")
        || stem.endsWith("-init") || stem.endsWith("_init") || stem.endsWith(".init");
  }
}
