package io.livepoint.media.cmaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.media.TestData;
import io.livepoint.testkit.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** FFmpeg's fragmented MP4 (CMAF flags, one track per file) parses incrementally into chunks. */
class FfmpegStreamTest {
  @TempDir
  Path tmp;

  Path encode(String map, String name) throws Exception {
    String ffmpeg = Tools.require("ffmpeg");
    Path out = tmp.resolve(name);
    Process p = new ProcessBuilder(ffmpeg, "-hide_banner", "-loglevel", "error", "-f", "lavfi", "-i",
        "testsrc2=size=320x240:rate=25", "-f", "lavfi", "-i", "sine", "-c:v", "libx264", "-g", "25", "-c:a", "aac",
        "-t", "3", "-movflags", "empty_moov+separate_moof+default_base_moof+cmaf", "-frag_duration", "0.5",
        "-map", map, out.toString()).redirectErrorStream(true).start();
    String log = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), log);
    return out;
  }

  @Test
  void videoAndAudio() throws Exception {
    for (String map : List.of("0:v", "1:a")) {
      byte[] file = Files.readAllBytes(encode(map, map.replace(':', '_') + ".mp4"));
      Random r = new Random(map.hashCode());
      Recorder whole = CmafStreamParserTest.run(file, () -> Integer.MAX_VALUE, null);
      Recorder split = CmafStreamParserTest.run(file, () -> 1 + r.nextInt(1500), null);
      assertEquals(whole.events, split.events);
      assertEquals(1, whole.headers.size());
      TrackInfo info = whole.headers.get(0).info();
      List<Recorder.Chunk> chunks = whole.chunks;
      assertTrue(chunks.size() >= (map.equals("0:v") ? 3 : 1), "fragments: " + chunks.size());
      assertEquals(1, whole.ends, "FFmpeg closes the file with an mfra: end of track");
      long expected = chunks.get(0).fragment().baseMediaDecodeTime();
      long total = 0;
      for (Recorder.Chunk c : chunks) {
        assertEquals(expected, c.fragment().baseMediaDecodeTime());
        expected = c.fragment().endTime();
        total += c.fragment().duration();
      }
      double seconds = total / (double) info.timescale();
      assertTrue(seconds > 2.9 && seconds < 3.1, "3 s of media: " + seconds);
      if (map.equals("0:v")) {
        assertTrue(info.codecs().startsWith("avc1.64"), info.codecs());
        assertEquals(320, info.width());
        assertEquals(240, info.height());
        assertTrue(chunks.get(0).fragment().firstSampleSync());
        assertTrue(chunks.stream().filter(c -> c.fragment().firstSampleSync()).count() >= 3, "a GOP per second");
        assertEquals(75, chunks.stream().mapToInt(c -> c.fragment().sampleCount()).sum(), "3 s at 25 fps");
      } else {
        assertEquals("mp4a.40.2", info.codecs());
        assertEquals("soun", info.handler());
      }
      assertTrue(TestData.class != null);
    }
  }
}
