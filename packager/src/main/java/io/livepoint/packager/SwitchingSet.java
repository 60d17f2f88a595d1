package io.livepoint.packager;

import io.livepoint.core.Track;
import io.livepoint.core.TrackHeader;
import io.livepoint.media.cmaf.TrackInfo;
import io.livepoint.media.cmaf.TrackInfo.MediaKind;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A CMAF switching set: tracks a player may switch between seamlessly (a DASH AdaptationSet, an HLS
 * group or set of variants). Tracks join by the switching set id the source gave, else by media kind,
 * codec family, language and roles.
 *
 * @param id stable number: sets are numbered in the order their first track appeared in the stream
 */
record SwitchingSet(int id, MediaKind kind, List<TrackSnapshot> tracks) {

  TrackInfo first() {
    return tracks.get(0).info;
  }

  /** The language to advertise, or null when undetermined. */
  String language() {
    String lang = first().effectiveLanguage();
    return lang == null || lang.isEmpty() || "und".equals(lang) ? null : lang;
  }

  /** Roles of the set's tracks (kind boxes with the DASH role scheme); "main" when none. */
  List<String> roles() {
    Set<String> roles = new LinkedHashSet<>();
    for (TrackSnapshot t : tracks) {
      roles.addAll(t.info.roles());
    }
    return roles.isEmpty() ? List.of(Dash.ROLE_MAIN) : List.copyOf(roles);
  }

  /** Accessibility kinds of the set (all its tracks share them: they are part of its key). */
  List<TrackInfo.Kind> accessibility() {
    return first().accessibility();
  }

  /** Groups the listed tracks of a snapshot; video sets first, then audio, then text. */
  static List<SwitchingSet> of(StreamSnapshot snapshot) {
    // Number groups over every track with a header, listed or not, so ids do not shift when a
    // track that appeared early becomes playable late.
    Map<String, Integer> ids = new LinkedHashMap<>();
    for (Track t : snapshot.stream.tracks()) {
      TrackHeader h = t.header();
      if (h != null) {
        ids.putIfAbsent(key(t, h.info()), ids.size() + 1);
      }
    }
    Map<String, List<TrackSnapshot>> members = new LinkedHashMap<>();
    for (TrackSnapshot t : snapshot.tracks) {
      String k = key(t.track, t.info);
      ids.putIfAbsent(k, ids.size() + 1);
      members.computeIfAbsent(k, x -> new ArrayList<>()).add(t);
    }
    List<SwitchingSet> sets = new ArrayList<>();
    members.forEach((k, list) -> sets.add(new SwitchingSet(ids.get(k), list.get(0).kind(), List.copyOf(list))));
    sets.sort(Comparator.comparingInt((SwitchingSet s) -> s.kind().ordinal()).thenComparingInt(SwitchingSet::id));
    return sets;
  }

  private static String key(Track t, TrackInfo info) {
    String given = t.switchingSetId() != null ? t.switchingSetId() : info.switchingSetId();
    if (given != null) {
      return info.mediaKind() + "|id|" + given;
    }
    List<String> roles = new ArrayList<>(info.roles());
    roles.sort(null);
    List<String> access = new ArrayList<>();
    info.accessibility().forEach(k -> access.add(k.schemeUri() + "=" + k.value()));
    access.sort(null);
    return info.mediaKind() + "|" + codecFamily(info.codecs()) + "|" + info.effectiveLanguage() + "|"
        + String.join(",", roles) + "|" + String.join(",", access);
  }

  /** The sample entry part of an RFC 6381 codecs string: avc1.64001f -> avc1. */
  static String codecFamily(String codecs) {
    if (codecs == null) {
      return "";
    }
    int dot = codecs.indexOf('.');
    return (dot < 0 ? codecs : codecs.substring(0, dot)).toLowerCase(Locale.ROOT);
  }
}
