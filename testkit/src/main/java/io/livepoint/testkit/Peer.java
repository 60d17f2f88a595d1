package io.livepoint.testkit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An external peer process (ffmpeg, ffprobe, nghttp, ...) run by a test: output goes to a log file the
 * test can read and that is printed when the test fails; the process is killed on close.
 */
public final class Peer implements AutoCloseable {
  private final Process process;
  private final Path log;
  private final String name;

  private Peer(Process process, Path log, String name) {
    this.process = process;
    this.log = log;
    this.name = name;
  }

  /** Starts {@code command}; its first element is looked up on PATH (skipping the test when missing). */
  public static Peer start(List<String> command) throws IOException {
    List<String> cmd = new ArrayList<>(command);
    cmd.set(0, Tools.require(cmd.get(0)));
    Path log = Files.createTempFile("peer-" + Path.of(cmd.get(0)).getFileName() + "-", ".log");
    Process p = new ProcessBuilder(Tools.asPeer(cmd)).redirectErrorStream(true).redirectOutput(log.toFile())
        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    return new Peer(p, log, String.join(" ", command));
  }

  /** Runs a command to completion within {@code timeout}; returns its exit code and output. */
  public static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
    try (Peer p = start(List.of(command))) {
      boolean done = p.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (!done) {
        p.process.destroyForcibly();
        return new Result(-1, p.output() + "\n[timed out after " + timeout + "]");
      }
      return new Result(p.process.exitValue(), p.output());
    }
  }

  /** Exit code and combined stdout/stderr of a finished peer. */
  public record Result(int exitCode, String output) {}

  public boolean isAlive() {
    return process.isAlive();
  }

  /** Waits for exit; returns the exit code, or -1 when still running after the timeout. */
  public int waitFor(Duration timeout) throws InterruptedException {
    return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
  }

  /** What the peer printed so far. */
  public String output() {
    try {
      return Files.readString(log, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "(no output: " + e + ")";
    }
  }

  /** Sends SIGTERM (ffmpeg then finishes its output cleanly), waiting a little before killing. */
  public void stop() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(5, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroyForcibly();
    }
    try {
      Files.deleteIfExists(log);
    } catch (IOException ignored) {
      // a temp file; nothing to do
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
