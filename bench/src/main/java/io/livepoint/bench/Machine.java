package io.livepoint.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** One line naming the machine the figures were taken on: CPU, cores, memory, OS, JVM. */
final class Machine {
  private Machine() {}

  static String describe() {
    String cpu = "unknown CPU";
    long memKb = 0;
    try {
      for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
        if (line.startsWith("model name")) {
          cpu = line.substring(line.indexOf(':') + 1).strip();
          break;
        }
      }
      for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:")) {
          memKb = Long.parseLong(line.replaceAll("\\D", ""));
        }
      }
    } catch (IOException | RuntimeException e) {
      // not Linux: the JVM's view below still names the cores
    }
    Runtime rt = Runtime.getRuntime();
    StringBuilder gcs = new StringBuilder();
    for (java.lang.management.GarbageCollectorMXBean gc : java.lang.management.ManagementFactory
        .getGarbageCollectorMXBeans()) {
      gcs.append(gcs.isEmpty() ? "" : " + ").append(gc.getName());
    }
    return String.format(Locale.ROOT, "%s, %d cores, %.0f GB RAM, %s %s, Java %s (%s), max heap %d MB, GC %s", cpu,
        rt.availableProcessors(), memKb / 1024.0 / 1024.0, System.getProperty("os.name"),
        System.getProperty("os.version"), System.getProperty("java.version"), System.getProperty("java.vm.name"),
        rt.maxMemory() >> 20, gcs);
  }
}
