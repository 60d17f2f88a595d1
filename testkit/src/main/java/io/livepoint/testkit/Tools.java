package io.livepoint.testkit;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/**
 * Finds external peers (ffmpeg, ffprobe, chromium, node) on PATH, or at an absolute path; a missing peer
 * skips the test.
 */
public final class Tools {
  private Tools() {}

  public static String require(String name) {
    String found = find(name);
    Assumptions.assumeTrue(found != null, "skipped: '" + name + "' is not installed (bash .ci/run installs it)");
    return found;
  }

  public static String find(String name) {
    if (Path.of(name).isAbsolute()) {
      return Files.isExecutable(Path.of(name)) ? name : null;
    }
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path p = Path.of(dir, name);
      if (Files.isExecutable(p)) {
        return p.toString();
      }
    }
    return null;
  }

  /**
   * {@code command} run at a lower CPU priority ({@code nice -n 10}) when nice exists: peers (encoders,
   * players, probes) stand in for machines elsewhere, and on this shared machine the server under test
   * must get the CPU first, or its figures measure the contention instead of the server.
   */
  public static List<String> asPeer(List<String> command) {
    String nice = find("nice");
    if (nice == null) {
      return command;
    }
    List<String> out = new java.util.ArrayList<>(List.of(nice, "-n", "10"));
    out.addAll(command);
    return out;
  }
}
