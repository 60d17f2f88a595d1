package io.livepoint.packager;

import io.livepoint.media.cmaf.TrackInfo;
import io.livepoint.media.cmaf.TrackInfo.MediaKind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Writes the multivariant playlist: audio renditions grouped by codec family (EXT-X-MEDIA
 * TYPE=AUDIO), text tracks as one SUBTITLES group (fMP4 WebVTT / IMSC1), and a variant
 * (EXT-X-STREAM-INF) per video track and audio group; an audio-only stream gets a variant per audio
 * track.
 */
final class HlsMultivariantWriter {
  static final String SUBTITLES_GROUP = "subs";

  /** The playlist, or null when the stream has nothing a player could start with. */
  String write(HlsTiming timing) {
    List<TrackSnapshot> video = new ArrayList<>();
    List<TrackSnapshot> text = new ArrayList<>();
    Map<String, List<TrackSnapshot>> audioGroups = new LinkedHashMap<>();
    for (TrackSnapshot t : timing.tracks()) {
      switch (t.kind()) {
        case VIDEO -> video.add(t);
        case AUDIO -> audioGroups.computeIfAbsent(SwitchingSet.codecFamily(t.info.codecs()),
            k -> new ArrayList<>()).add(t);
        case TEXT -> text.add(t);
        default -> { }
      }
    }
    if (video.isEmpty() && audioGroups.isEmpty()) {
      return null;
    }
    StringBuilder b = new StringBuilder(1024);
    b.append(Hls.EXTM3U).append('\n');
    b.append(Hls.VERSION_TAG).append(Hls.VERSION).append('\n');
    b.append(Hls.INDEPENDENT_SEGMENTS).append('\n');

    Map<String, String> groupIds = new LinkedHashMap<>();
    for (String family : audioGroups.keySet()) {
      groupIds.put(family, audioGroups.size() == 1 ? "audio" : "audio-" + family);
    }
    if (!video.isEmpty()) {
      audioGroups.forEach((family, tracks) -> renditions(b, "AUDIO", groupIds.get(family), tracks));
    }
    if (!text.isEmpty()) {
      renditions(b, "SUBTITLES", SUBTITLES_GROUP, text);
    }
    long textPeak = 0;
    long textAverage = 0;
    Set<String> textCodecs = new LinkedHashSet<>();
    for (TrackSnapshot t : text) {
      textPeak = Math.max(textPeak, t.peakBitrate());
      textAverage = Math.max(textAverage, t.averageBitrate());
      addCodecs(textCodecs, t);
    }

    if (!video.isEmpty()) {
      for (TrackSnapshot v : video) {
        if (audioGroups.isEmpty()) {
          variant(b, v, v.peakBitrate() + textPeak, v.averageBitrate() + textAverage, codecs(v, List.of(), textCodecs),
              null, !text.isEmpty());
        }
        for (Map.Entry<String, List<TrackSnapshot>> g : audioGroups.entrySet()) {
          long peak = 0;
          long average = 0;
          for (TrackSnapshot a : g.getValue()) {
            peak = Math.max(peak, a.peakBitrate());
            average = Math.max(average, a.averageBitrate());
          }
          variant(b, v, v.peakBitrate() + peak + textPeak, v.averageBitrate() + average + textAverage,
              codecs(v, g.getValue(), textCodecs), groupIds.get(g.getKey()), !text.isEmpty());
        }
      }
    } else {
      for (List<TrackSnapshot> group : audioGroups.values()) {
        for (TrackSnapshot a : group) {
          variant(b, a, a.peakBitrate() + textPeak, a.averageBitrate() + textAverage,
              codecs(a, List.of(), textCodecs), null, !text.isEmpty());
        }
      }
    }
    return b.toString();
  }

  private static void renditions(StringBuilder b, String type, String groupId, List<TrackSnapshot> tracks) {
    Set<String> used = new HashSet<>();
    TrackSnapshot chosen = null;
    if (type.equals("AUDIO")) {
      for (TrackSnapshot t : tracks) {
        if (t.info.roles().isEmpty() || t.info.roles().contains(Dash.ROLE_MAIN)) {
          chosen = t;
          break;
        }
      }
      if (chosen == null) {
        chosen = tracks.get(0);
      }
    }
    for (TrackSnapshot t : tracks) {
      String lang = language(t);
      String name = lang != null && used.add(lang) ? lang : t.id();
      b.append(Hls.MEDIA).append("TYPE=").append(type)
          .append(",GROUP-ID=").append(Formats.quoted(groupId))
          .append(",NAME=").append(Formats.quoted(name));
      if (lang != null) {
        b.append(",LANGUAGE=").append(Formats.quoted(lang));
      }
      b.append(",DEFAULT=").append(t == chosen ? "YES" : "NO").append(",AUTOSELECT=YES");
      String characteristics = characteristics(t.info, t.kind());
      if (characteristics != null) {
        b.append(",CHARACTERISTICS=").append(Formats.quoted(characteristics));
      }
      if (t.kind() == MediaKind.AUDIO && t.info.channels() > 0) {
        b.append(",CHANNELS=").append(Formats.quoted(Integer.toString(t.info.channels())));
      }
      b.append(",URI=").append(Formats.quoted(OutputPath.mediaPlaylist(t.id()))).append('\n');
    }
  }

  private static void variant(StringBuilder b, TrackSnapshot t, long peak, long average, String codecs,
      String audioGroup, boolean subtitles) {
    b.append(Hls.STREAM_INF).append("BANDWIDTH=").append(peak)
        .append(",AVERAGE-BANDWIDTH=").append(Math.min(average, peak));
    if (!codecs.isEmpty()) {
      b.append(",CODECS=").append(Formats.quoted(codecs));
    }
    if (t.kind() == MediaKind.VIDEO) {
      if (t.info.width() > 0 && t.info.height() > 0) {
        b.append(",RESOLUTION=").append(t.info.width()).append('x').append(t.info.height());
      }
      if (t.frameRate != null) {
        b.append(",FRAME-RATE=").append(Formats.fixed(Rational.value(t.frameRate), 3));
      }
    }
    if (audioGroup != null) {
      b.append(",AUDIO=").append(Formats.quoted(audioGroup));
    }
    if (subtitles) {
      b.append(",SUBTITLES=").append(Formats.quoted(SUBTITLES_GROUP));
    }
    b.append('\n').append(OutputPath.mediaPlaylist(t.id())).append('\n');
  }

  private static String codecs(TrackSnapshot main, List<TrackSnapshot> audio, Set<String> text) {
    Set<String> all = new LinkedHashSet<>();
    addCodecs(all, main);
    for (TrackSnapshot a : audio) {
      addCodecs(all, a);
    }
    all.addAll(text);
    return String.join(",", all);
  }

  private static void addCodecs(Set<String> into, TrackSnapshot t) {
    String c = t.info.codecs();
    if (c != null && !c.isEmpty()) {
      into.add(c);
    }
  }

  private static String language(TrackSnapshot t) {
    String lang = t.info.effectiveLanguage();
    return lang == null || lang.isEmpty() || "und".equals(lang) ? null : lang;
  }

  /**
   * HLS CHARACTERISTICS (ingest spec Table 3) for DASH roles that have an Apple UTI equivalent, and for
   * DVB's audio purpose kinds (1: audio description, 2: subtitles for the hard of hearing).
   */
  private static String characteristics(TrackInfo info, MediaKind kind) {
    List<String> roles = new ArrayList<>(info.roles());
    for (TrackInfo.Kind k : info.accessibility()) {
      if (TrackInfo.AUDIO_PURPOSE_SCHEME.equals(k.schemeUri())) {
        if ("1".equals(k.value()) && kind == MediaKind.AUDIO) {
          roles.add("description");
        } else if ("2".equals(k.value()) && kind == MediaKind.TEXT) {
          roles.add("caption");
        }
      }
    }
    Set<String> out = new LinkedHashSet<>();
    for (String r : roles) {
      switch (r) {
        case "caption" -> {
          out.add("public.accessibility.transcribes-spoken-dialog");
          out.add("public.accessibility.describes-music-and-sound");
        }
        case "description" -> out.add("public.accessibility.describes-video");
        case "easyreader" -> out.add("public.easy-to-read");
        default -> { }
      }
    }
    return out.isEmpty() ? null : String.join(",", out);
  }
}
