package io.livepoint.testkit;

import java.util.List;
import java.util.Map;

/**
 * What a headless browser viewer got from one page (see {@link Players}).
 *
 * @param reachedPlaying   the video started playing
 * @param startupMs        page navigation to first "playing", or -1 when it never played
 * @param mediaAdvancedSec media time played during the measured wall-clock window (currentTime at the end
 *                         minus currentTime when playing first started)
 * @param stalls           "waiting" events after playback had started
 * @param latency          live latency samples in seconds (NaN when the player reported none, e.g. VOD)
 * @param error            the player's first fatal error or the harness's own, null when none
 * @param warnings         errors the player got over (e.g. a segment that failed to load), latest last
 * @param console          the page's last console errors and failed requests
 * @param player           player name and version, e.g. "dash.js 5.2.1"
 * @param state            the player's last state (loading, playing, stalled, error)
 * @param textTracks       subtitle tracks as the player lists them
 * @param cues             timed events the player read (dash.js: "scheme id" of SCTE-35 events; hls.js:
 *                         EXT-X-DATERANGE IDs)
 * @param json             the harness's JSON line, for assertion messages
 */
public record PlayResult(
    boolean reachedPlaying,
    long startupMs,
    double mediaAdvancedSec,
    int stalls,
    Latency latency,
    String error,
    List<String> warnings,
    List<String> console,
    String player,
    String state,
    List<TextTrack> textTracks,
    List<String> cues,
    String json) {

  /** A subtitle track a player offers: language, label, and roles/characteristics as it read them. */
  public record TextTrack(String language, String label, List<String> roles) {}

  /**
   * Live latency seen during the window, in seconds; NaN when not measured. {@code settled} is the median
   * of the window's second half, where the player's catch-up has converged.
   */
  public record Latency(double last, double min, double max, double avg, double settled) {
    public boolean measured() {
      return !Double.isNaN(avg);
    }
  }

  /** Parses the one JSON line printed by {@code testkit/players/play.mjs}. */
  @SuppressWarnings("unchecked")
  public static PlayResult parse(String jsonLine) {
    Map<String, Object> m = JsonReader.parseObject(jsonLine.strip());
    Map<String, Object> lat = m.get("latencySec") instanceof Map<?, ?> l ? (Map<String, Object>) l : Map.of();
    return new PlayResult(
        Boolean.TRUE.equals(m.get("reachedPlaying")),
        m.get("startupMs") instanceof Double d ? d.longValue() : -1,
        number(m.get("mediaAdvancedSec")),
        m.get("stalls") instanceof Double d ? d.intValue() : 0,
        new Latency(number(lat.get("last")), number(lat.get("min")), number(lat.get("max")), number(lat.get("avg")),
            number(lat.get("settled"))),
        m.get("error") instanceof String s ? s : null,
        strings(m.get("warnings")),
        strings(m.get("console")),
        m.get("player") instanceof String s ? s : null,
        m.get("state") instanceof String s ? s : null,
        textTracks(m.get("textTracks")),
        strings(m.get("cues")),
        jsonLine.strip());
  }

  /** True when it played without trouble: reached playing, media advanced, no error, no warning, no stall. */
  public boolean playedCleanly() {
    return reachedPlaying && error == null && warnings.isEmpty() && stalls == 0 && mediaAdvancedSec > 0;
  }

  @SuppressWarnings("unchecked")
  private static List<TextTrack> textTracks(Object o) {
    if (!(o instanceof List<?> l)) {
      return List.of();
    }
    return l.stream().filter(Map.class::isInstance).map(x -> (Map<String, Object>) x)
        .map(t -> new TextTrack(t.get("language") instanceof String s ? s : null,
            t.get("label") instanceof String s ? s : null, strings(t.get("roles"))))
        .toList();
  }

  private static List<String> strings(Object o) {
    return o instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of();
  }

  private static double number(Object o) {
    return o instanceof Double d ? d : Double.NaN;
  }

  @Override
  public String toString() {
    return json;
  }
}
