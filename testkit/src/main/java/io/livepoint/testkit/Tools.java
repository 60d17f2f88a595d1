package io.livepoint.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Finds external peers (ffmpeg, ffprobe, chromium, node) on PATH; a missing peer skips the test. */
public final class Tools {
  private Tools() {}

  public static String require(String name) {
    String found = find(name);
    Assumptions.assumeTrue(found != null, "skipped: '" + name + "' is not installed (bash .ci/run installs it)");
    return found;
  }

  public static String find(String name) {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }
}
