package io.livepoint.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The media the bench ingests: a CMAF video track of a given bitrate with 2 s segments of four 0.5 s
 * chunks, encoded once by FFmpeg (x264, noise over testsrc2 so the encoder really spends the bitrate)
 * and cached; without FFmpeg, the real low-delay capture in the shared test data.
 */
record BenchMedia(Path dir, String description) {
  static final int SEGMENT_SECONDS = 2;
  static final double CHUNK_SECONDS = 0.5;
  private static final int MEDIA_SECONDS = 8;

  /** A track of {@code mbps}, made in {@code cache} (reused when present); the capture when FFmpeg is missing. */
  static BenchMedia of(int mbps, Path cache, Path shared) throws IOException, InterruptedException {
    Path dir = cache.resolve("v" + mbps + "m");
    String what = "FFmpeg libx264 1280x720 30 fps, " + mbps + " Mbit/s CBR, " + SEGMENT_SECONDS + " s segments of "
        + CHUNK_SECONDS + " s chunks";
    if (Files.exists(dir.resolve("init.m4s")) && Files.exists(dir.resolve(MEDIA_SECONDS / SEGMENT_SECONDS + ".m4s"))) {
      return new BenchMedia(dir, what);
    }
    Path ffmpeg = onPath("ffmpeg");
    if (ffmpeg == null) {
      Path capture = shared.resolve("testdata/cmaf/livesim2-testpic_2s_low_delay/LD_1080");
      if (!Files.isDirectory(capture)) {
        throw new IOException("needs ffmpeg on PATH, or the shared capture " + capture);
      }
      return new BenchMedia(capture, "livesim2 low-delay capture LD_1080 (about 2 Mbit/s; no ffmpeg to make "
          + mbps + " Mbit/s)");
    }
    Files.createDirectories(dir);
    List<String> cmd = new ArrayList<>(List.of(ffmpeg.toString(), "-hide_banner", "-loglevel", "error", "-y",
        "-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30", "-t", Integer.toString(MEDIA_SECONDS),
        "-vf", "noise=alls=25:allf=t", "-c:v", "libx264", "-preset", "veryfast", "-pix_fmt", "yuv420p",
        "-b:v", mbps + "M", "-minrate", mbps + "M", "-maxrate", mbps + "M", "-bufsize", (mbps / 2.0) + "M",
        "-g", "60", "-keyint_min", "60", "-sc_threshold", "0",
        "-f", "dash", "-seg_duration", Integer.toString(SEGMENT_SECONDS), "-frag_duration",
        Double.toString(CHUNK_SECONDS), "-frag_type", "duration", "-use_template", "1", "-use_timeline", "0",
        "-init_seg_name", "init.m4s", "-media_seg_name", "$Number$.m4s", dir.resolve("manifest.mpd").toString()));
    System.err.println("bench: encoding " + what + " into " + dir);
    Process p = new ProcessBuilder(cmd).inheritIO().start();
    if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("ffmpeg failed making the bench media: " + String.join(" ", cmd));
    }
    return new BenchMedia(dir, what);
  }

  static Path onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(":")) {
      Path p = Path.of(d, tool);
      if (!d.isEmpty() && Files.isExecutable(p)) {
        return p;
      }
    }
    return null;
  }
}
