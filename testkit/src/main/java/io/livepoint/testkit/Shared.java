package io.livepoint.testkit;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Locates {@code ../shared} (test data, specs); tests that need it skip with a clear message when absent. */
public final class Shared {
  private Shared() {}

  /** The shared folder, or a skipped test when it is not beside the checkout. */
  public static Path dir() {
    Path p = Path.of(System.getProperty("livepoint.shared", "../shared")).toAbsolutePath().normalize();
    Assumptions.assumeTrue(Files.isDirectory(p),
        "skipped: ../shared (test data and specs) not found at " + p);
    return p;
  }

  /** A path below {@code shared/}, skipping the test when it is missing. */
  public static Path path(String relative) {
    Path p = dir().resolve(relative);
    Assumptions.assumeTrue(Files.exists(p), "skipped: " + p + " not found in ../shared");
    return p;
  }

  /** Repository root (for scripts such as the player harness). */
  public static Path repoRoot() {
    return Path.of(System.getProperty("livepoint.root", ".")).toAbsolutePath().normalize();
  }
}
