package io.livepoint.packager;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.Track;
import io.livepoint.http.testing.RecordingExchange;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Every reference a manifest makes, resolved the way a player resolves it, names an output that exists. */
class OutputLinksTest {
  private static final URI BASE = URI.create("http://media.example:8080/");
  private static final Pattern URI_ATTR = Pattern.compile("[:,]URI=\"([^\"]*)\"");

  private Fixture f;

  @BeforeEach
  void setUp() {
    f = new Fixture();
    Track v = f.track("live", "v", Fixture.video(1280, 720, "avc1.64001f", 0, 0, List.of()));
    Track a = f.track("live", "a", Fixture.audio("eng", "mp4a.40.2", List.of()));
    Track t = f.track("live", "t", Fixture.text("eng", "wvtt"));
    f.feed(v, f.feed(v, 0, 3, 5, 36_000, 10), 1, 2, 36_000, 10);
    f.feed(a, f.feed(a, 0, 3, 5, 19_200, 19), 1, 2, 19_200, 19);
    f.feed(t, 0, 4, 1, 2000, 1);
  }

  @AfterEach
  void tearDown() {
    f.close();
  }

  @Test
  void hlsReferencesResolve() throws Exception {
    URI multivariant = BASE.resolve(OutputPath.multivariant("live"));
    Set<URI> playlists = new LinkedHashSet<>();
    String[] lines = ok(multivariant).split("\n");
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith(Hls.MEDIA)) {
        playlists.addAll(uris(multivariant, lines[i]));
      } else if (lines[i].startsWith(Hls.STREAM_INF)) {
        playlists.add(multivariant.resolve(lines[i + 1]));
      }
    }
    assertEquals(Set.of(BASE.resolve("/live/live/v/index.m3u8"), BASE.resolve("/live/live/a/index.m3u8"),
        BASE.resolve("/live/live/t/index.m3u8")), playlists);
    int media = 0;
    for (URI playlist : playlists) {
      for (String line : ok(playlist).split("\n")) {
        if (line.startsWith(Hls.MAP) || line.startsWith(Hls.PART) || line.startsWith(Hls.RENDITION_REPORT)) {
          for (URI u : uris(playlist, line)) {
            ok(u);
            media++;
          }
        } else if (!line.startsWith("#") && !line.isEmpty()) {
          ok(playlist.resolve(line));
          media++;
        }
      }
    }
    assertTrue(media > 30, "init segments, segments, parts and reports were all followed: " + media);
  }

  @Test
  void dashTemplatesResolve() throws Exception {
    URI mpdUri = BASE.resolve(OutputPath.mpd("live"));
    Mpd mpd = new Mpd(ok(mpdUri).getBytes(StandardCharsets.UTF_8));
    int checked = 0;
    for (Element set : mpd.adaptationSets()) {
      for (Element rep : Mpd.children(set, "Representation")) {
        Element template = Mpd.child(rep, "SegmentTemplate");
        String id = rep.getAttribute("id");
        ok(mpdUri.resolve(template.getAttribute("initialization").replace("$RepresentationID$", id)));
        long number = Long.parseLong(template.getAttribute("startNumber"));
        for (long[] ignored : Mpd.timeline(rep)) {
          ok(mpdUri.resolve(template.getAttribute("media").replace("$RepresentationID$", id)
              .replace("$Number$", Long.toString(number++))));
          checked++;
        }
      }
    }
    assertEquals(4 + 4 + 3, checked, "video and audio list the growing segment, text only complete ones");
  }

  private static List<URI> uris(URI base, String line) {
    Matcher m = URI_ATTR.matcher(line);
    List<URI> out = new ArrayList<>();
    while (m.find()) {
      out.add(base.resolve(m.group(1)));
    }
    return out;
  }

  /** GETs {@code u}: 200 (a growing segment's streamed response is cut off once its status is seen). */
  private String ok(URI u) throws Exception {
    assertEquals(BASE.getAuthority(), u.getAuthority());
    RecordingExchange ex = f.get(u.getRawPath());
    f.sync();
    assertEquals(200, ex.status(), u + ": " + (ex.isDone() ? ex.text() : "pending"));
    if (!ex.isDone()) {
      assertTrue(ex.isStreamed(), u + " is held instead of answered");
      f.onLoop(ex::abort);
      return "";
    }
    return ex.text();
  }
}
