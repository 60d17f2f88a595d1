package io.livepoint.packager;

import io.livepoint.media.cmaf.TrackInfo;

/** Content types and Cache-Control values of everything the packager serves. */
final class MediaTypes {
  private MediaTypes() {}

  static final String MPD = "application/dash+xml";
  static final String M3U8 = "application/vnd.apple.mpegurl";
  static final String TEXT = "text/plain; charset=utf-8";

  /** Manifests change with every chunk: clients must revalidate (blocking requests differ, below). */
  static final String NO_CACHE = "no-cache";
  static final String NO_STORE = "no-store";

  /** The MIME type of a track's init segment, segments and parts. */
  static String of(TrackInfo info) {
    return switch (info.mediaKind()) {
      case VIDEO -> "video/mp4";
      case AUDIO -> "audio/mp4";
      default -> "application/mp4";
    };
  }

  /** Cache-Control for bytes that never change under their URL while the stream window holds them. */
  static String immutable(long seconds) {
    return "max-age=" + Math.max(1, seconds) + ", immutable";
  }

  /** Cache-Control for the answer to an LL-HLS blocking request: its URL names one playlist state. */
  static String blockingPlaylist(long seconds) {
    return "max-age=" + Math.max(1, seconds);
  }
}
