package io.livepoint.packager;

import io.livepoint.media.cmaf.TrackInfo;

/**
 * Content types and Cache-Control values of everything the packager serves: the packager's one place
 * for them (the MPD's mimeType attributes and HTTP Content-Type headers both come from here).
 */
final class MediaTypes {
  private MediaTypes() {}

  static final String MPD = "application/dash+xml";
  static final String M3U8 = "application/vnd.apple.mpegurl";
  static final String TEXT = "text/plain; charset=utf-8";
  static final String VIDEO_MP4 = "video/mp4";
  static final String AUDIO_MP4 = "audio/mp4";
  /** CMAF media without a video or audio track (text, metadata), or of a track not known yet. */
  static final String MP4 = "application/mp4";

  /** Manifests change with every chunk: clients must revalidate (blocking requests differ, below). */
  static final String NO_CACHE = "no-cache";
  static final String NO_STORE = "no-store";

  /** The MIME type of a track's init segment, segments and parts. */
  static String of(TrackInfo info) {
    return switch (info.mediaKind()) {
      case VIDEO -> VIDEO_MP4;
      case AUDIO -> AUDIO_MP4;
      default -> MP4;
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
