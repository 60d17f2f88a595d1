package io.livepoint.server.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.core.LiveStream;
import io.livepoint.core.Segment;
import io.livepoint.core.Track;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The RTCP seen on the wire by a raw RTSP/TCP client of the demo stream (video and audio): each track's
 * first packet is preceded by a sender report and named by RTP-Info, the SRs' NTP-to-RTP mappings are
 * consistent over time and put same-wall-clock video and audio within 50 ms (A/V sync as a player
 * computes it), and TEARDOWN ends both sources with an RTCP BYE.
 */
@Tag("it")
class RtspSyncIT {
  private static final long NTP_UNIX_OFFSET = 2_208_988_800L;

  /** A sender report's mapping: NTP time (as Unix seconds) and RTP timestamp. */
  private record Mapping(double unixSeconds, long rtp) {}

  private static final class Source {
    final int rate;
    final String control;
    final List<Mapping> reports = new ArrayList<>();
    final List<Long> timestamps = new ArrayList<>();
    long ssrc = -1;
    int firstSeq = -1;
    boolean reportBeforeMedia;
    boolean bye;

    Source(String control, int rate) {
      this.control = control;
      this.rate = rate;
    }

    /** The wall-clock time of an RTP timestamp by a mapping (timestamps wrap at 2^32). */
    double wall(Mapping m, long rtp) {
      long delta = (int) (rtp - m.rtp()); // signed 32-bit difference
      return m.unixSeconds() + (double) delta / rate;
    }
  }

  @Test
  void senderReportsSyncAudioAndVideoAndTeardownSaysBye() throws Exception {
    try (LiveServerFixture live = new LiveServerFixture("demo.enabled", "true", "rtsp.enabled", "true")) {
      live.awaitLive("demo", 2, 2, Duration.ofSeconds(15));
      String url = live.rtsp("demo");
      try (RawRtspClient c = new RawRtspClient("127.0.0.1", live.server.rtspPort())) {
        String describe = c.request("DESCRIBE", url, "Accept: application/sdp");
        assertTrue(describe.startsWith("RTSP/1.0 200"), describe);
        List<Source> sources = new ArrayList<>();
        for (String media : describe.split("\r?\nm=")) {
          Matcher control = Pattern.compile("a=control:(track=\\S+)").matcher(media);
          Matcher rate = Pattern.compile("a=rtpmap:\\d+ [^/]+/(\\d+)").matcher(media);
          if (control.find() && rate.find()) {
            sources.add(new Source(control.group(1), Integer.parseInt(rate.group(1))));
          }
        }
        assertEquals(2, sources.size(), describe);
        assertEquals("track=video", sources.get(0).control, describe);
        String session = null;
        for (int i = 0; i < sources.size(); i++) {
          String setup = c.request("SETUP", url + "/" + sources.get(i).control,
              "Transport: RTP/AVP/TCP;unicast;interleaved=" + (2 * i) + "-" + (2 * i + 1),
              session == null ? "User-Agent: livepoint-test" : "Session: " + session);
          assertTrue(setup.startsWith("RTSP/1.0 200"), setup);
          Matcher m = Pattern.compile("Session: ([^;\\r]+)").matcher(setup);
          assertTrue(m.find(), setup);
          session = m.group(1);
        }
        String play = c.request("PLAY", url, "Session: " + session, "Range: npt=now-");
        assertTrue(play.startsWith("RTSP/1.0 200"), play);
        assertTrue(c.frames().isEmpty(), "media before the PLAY response");
        // Long enough for the first SR and the first periodic one (every 5 s).
        c.readFrames(6_500);
        String teardown = c.request("TEARDOWN", url, "Session: " + session);
        assertTrue(teardown.startsWith("RTSP/1.0 200"), teardown);

        for (RawRtspClient.Frame f : c.frames()) {
          Source s = sources.get(f.channel() / 2);
          ByteBuffer p = ByteBuffer.wrap(f.data());
          if (f.channel() % 2 == 0) {
            if (s.timestamps.isEmpty()) {
              s.firstSeq = p.getShort(2) & 0xffff;
              s.reportBeforeMedia = !s.reports.isEmpty();
            }
            s.timestamps.add(p.getInt(4) & 0xffffffffL);
            continue;
          }
          // An RTCP compound: walk its packets (RFC 3550 6.1).
          int at = 0;
          while (at + 4 <= f.data().length) {
            int type = p.get(at + 1) & 0xff;
            int words = p.getShort(at + 2) & 0xffff;
            if (type == 200) {
              s.ssrc = p.getInt(at + 4) & 0xffffffffL;
              long seconds = p.getInt(at + 8) & 0xffffffffL;
              long fraction = p.getInt(at + 12) & 0xffffffffL;
              s.reports.add(new Mapping(seconds - NTP_UNIX_OFFSET + fraction / 4294967296.0,
                  p.getInt(at + 16) & 0xffffffffL));
            } else if (type == 203) {
              s.bye |= (p.getInt(at + 4) & 0xffffffffL) == s.ssrc;
            }
            at += 4 * (words + 1);
          }
        }

        Matcher info = Pattern.compile("url=[^;,]*/(track=[^;,]+);seq=(\\d+);rtptime=(\\d+)").matcher(play);
        Map<String, long[]> rtpInfo = new HashMap<>();
        while (info.find()) {
          rtpInfo.put(info.group(1), new long[] {Long.parseLong(info.group(2)), Long.parseLong(info.group(3))});
        }
        double[] firstWall = new double[sources.size()];
        for (int i = 0; i < sources.size(); i++) {
          Source s = sources.get(i);
          assertTrue(s.timestamps.size() > 20, s.control + ": " + s.timestamps.size() + " packets");
          assertTrue(s.reportBeforeMedia, s.control + ": a sender report precedes the first packet");
          long[] ri = rtpInfo.get(s.control);
          assertTrue(ri != null, play);
          assertEquals(ri[0], s.firstSeq, s.control + ": RTP-Info seq names the first packet");
          assertEquals(ri[1], (long) s.timestamps.get(0), s.control + ": RTP-Info rtptime names the first packet");
          assertTrue(s.reports.size() >= 3, s.control + ": first SR, a periodic one, the closing one: " + s.reports);
          // Every report names the timestamp of media actually sent and maps it like the first one did.
          Mapping first = s.reports.get(0);
          for (Mapping m : s.reports) {
            assertTrue(s.timestamps.contains(m.rtp()), s.control + ": SR timestamp " + m.rtp() + " was sent");
            double drift = s.wall(first, m.rtp()) - m.unixSeconds();
            assertTrue(Math.abs(drift) < 0.001, s.control + ": SR mappings disagree by " + drift + " s");
          }
          assertTrue(s.bye, s.control + ": TEARDOWN ended the source with an RTCP BYE");
          firstWall[i] = s.wall(first, s.timestamps.get(0));
        }
        // Ground truth for video: the first packet starts the newest segment, whose wall clock the stream
        // model knows (the demo's media time is time since 1970).
        LiveStream stream = live.server.registry().get("demo");
        Track video = stream.track("video");
        double nearest = Double.MAX_VALUE;
        for (Segment seg : video.segments()) {
          Instant w = stream.wallClock(video, seg.startTime());
          double d = firstWall[0] - (w.getEpochSecond() + w.getNano() / 1e9);
          nearest = Math.abs(d) < Math.abs(nearest) ? d : nearest;
        }
        // (doubles of Unix seconds resolve ~0.2 us; NTP fractions are microsecond-rounded)
        assertTrue(nearest > -0.001 && nearest < 0.1, "video's first packet maps " + nearest + " s from a segment start");
        // Audio starts with the first sample at or after video's start: the SRs must put them together.
        double skew = firstWall[1] - firstWall[0];
        assertTrue(Math.abs(skew) < 0.050, "audio-video skew by the RTCP SRs: " + skew + " s");
        System.out.printf(Locale.ROOT, "FIGURE rtsp A/V sync from RTCP SRs: audio starts %+.1f ms from video"
            + " (first audio sample at or after the video key frame)%n", skew * 1000);
      }
    }
  }
}
