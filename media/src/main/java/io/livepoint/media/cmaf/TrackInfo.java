package io.livepoint.media.cmaf;

import java.util.List;

/**
 * What a CMAF header (ftyp + moov with one trak) says about its track: everything a manifest writer
 * and a fragment parser need. Parsed by {@link CmafHeader#parse}.
 *
 * @param trackId tkhd/trex track_ID
 * @param handler hdlr handler_type: vide, soun, text (WebVTT), subt (TTML), meta
 * @param timescale mdhd timescale
 * @param language mdhd ISO 639-2/T code ("und" when unset)
 * @param extendedLanguage elng BCP 47 tag, or null
 * @param sampleEntry sample entry 4cc: avc1, avc3, hvc1, hev1, mp4a, Opus, wvtt, stpp, urim, evte, ...
 * @param codecs RFC 6381 codecs parameter (avc1.64001f, hvc1.1.6.L93.B0, mp4a.40.2, opus, wvtt, stpp, ...)
 * @param width visual width in pixels (0 for non-video)
 * @param height visual height in pixels (0 for non-video)
 * @param sampleRate audio sample rate in Hz (0 for non-audio)
 * @param channels audio channel count (0 for non-audio)
 * @param avgBitrate btrt avgBitrate in bit/s (0 when absent)
 * @param maxBitrate btrt maxBitrate in bit/s (0 when absent)
 * @param kinds udta/kind boxes (roles, switching set ids)
 * @param defaultSampleDuration trex default_sample_duration
 * @param defaultSampleFlags trex default_sample_flags
 * @param defaultSampleSize trex default_sample_size
 */
public record TrackInfo(
    int trackId,
    String handler,
    long timescale,
    String language,
    String extendedLanguage,
    String sampleEntry,
    String codecs,
    int width,
    int height,
    int sampleRate,
    int channels,
    long avgBitrate,
    long maxBitrate,
    List<Kind> kinds,
    long defaultSampleDuration,
    int defaultSampleFlags,
    long defaultSampleSize) {

  /** The DASH role scheme used in kind boxes (ingest spec 6.3). */
  public static final String ROLE_SCHEME = "urn:mpeg:dash:role:2011";
  /** The switching-set kind scheme of the ingest spec (6.4). */
  public static final String SWITCHING_SET_SCHEME = "urn:dashif:ingest:switchingset_id";
  /** DVB / TV-Anytime audio purpose (also used for subtitles): 1 visually impaired, 2 hard of hearing. */
  public static final String AUDIO_PURPOSE_SCHEME = "urn:tva:metadata:cs:AudioPurposeCS:2007";

  public TrackInfo {
    kinds = List.copyOf(kinds);
  }

  /** Without a trex default sample size (0). */
  public TrackInfo(int trackId, String handler, long timescale, String language, String extendedLanguage,
      String sampleEntry, String codecs, int width, int height, int sampleRate, int channels,
      long avgBitrate, long maxBitrate, List<Kind> kinds, long defaultSampleDuration,
      int defaultSampleFlags) {
    this(trackId, handler, timescale, language, extendedLanguage, sampleEntry, codecs, width, height,
        sampleRate, channels, avgBitrate, maxBitrate, kinds, defaultSampleDuration, defaultSampleFlags, 0);
  }

  /** A udta/kind box: schemeURI and value. */
  public record Kind(String schemeUri, String value) {}

  /** DASH contentType / HLS TYPE family of this track. */
  public MediaKind mediaKind() {
    return switch (handler) {
      case "vide" -> MediaKind.VIDEO;
      case "soun" -> MediaKind.AUDIO;
      case "text", "subt", "sbtl" -> MediaKind.TEXT;
      default -> MediaKind.METADATA;
    };
  }

  /** The language to advertise: elng when present, else mdhd. */
  public String effectiveLanguage() {
    return extendedLanguage != null && !extendedLanguage.isEmpty() ? extendedLanguage : language;
  }

  /** Values of kind boxes with the DASH role scheme. */
  public List<String> roles() {
    return kinds.stream().filter(k -> ROLE_SCHEME.equals(k.schemeUri())).map(Kind::value).toList();
  }

  /**
   * Kind boxes of other schemes (e.g. DVB's {@code urn:tva:metadata:cs:AudioPurposeCS:2007}, value 1 =
   * for the visually impaired, 2 = for the hard of hearing): accessibility signalling, passed on as is.
   */
  public List<Kind> accessibility() {
    return kinds.stream()
        .filter(k -> !ROLE_SCHEME.equals(k.schemeUri()) && !SWITCHING_SET_SCHEME.equals(k.schemeUri())).toList();
  }

  /** The switching set id signalled in a kind box, or null. */
  public String switchingSetId() {
    return kinds.stream().filter(k -> SWITCHING_SET_SCHEME.equals(k.schemeUri()))
        .map(Kind::value).findFirst().orElse(null);
  }

  /** Families of media a track can carry. */
  public enum MediaKind { VIDEO, AUDIO, TEXT, METADATA }
}
