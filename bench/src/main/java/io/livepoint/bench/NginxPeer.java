package io.livepoint.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * nginx (the Debian package) as the reference peer: a child process with a generated configuration
 * (sendfile on, files on tmpfs, no daemon, its own pid, logs and temp paths) serving a directory of
 * files on its own loopback port.
 */
final class NginxPeer implements AutoCloseable {
  private final Path dir;
  private final Process process;
  private final int port;

  private NginxPeer(Path dir, Process process, int port) {
    this.dir = dir;
    this.process = process;
    this.port = port;
  }

  /** The nginx binary on this machine, or null. */
  static Path find() {
    for (String p : List.of("/usr/sbin/nginx", "/usr/bin/nginx", "/usr/local/sbin/nginx")) {
      if (Files.isExecutable(Path.of(p))) {
        return Path.of(p);
      }
    }
    return null;
  }

  /**
   * Writes {@code files} (URL path → bytes) below a fresh directory on tmpfs and starts nginx on
   * {@code port} serving them; returns once it accepts connections.
   */
  static NginxPeer start(Path nginx, Map<String, byte[]> files, int port, int workers) throws IOException,
      InterruptedException {
    Path shm = Path.of("/dev/shm");
    Path dir = Files.createTempDirectory(Files.isDirectory(shm) ? shm : Path.of(System.getProperty("java.io.tmpdir")),
        "livepoint-bench-nginx-");
    Path www = dir.resolve("www");
    for (Map.Entry<String, byte[]> f : files.entrySet()) {
      Path p = www.resolve(f.getKey().substring(1));
      Files.createDirectories(p.getParent());
      Files.write(p, f.getValue());
    }
    // Started as root, nginx's workers drop to an unprivileged user: they must be able to read the files.
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(Files.isDirectory(p) ? "rwxr-xr-x" : "rw-r--r--"));
      }
    }
    Path conf = dir.resolve("nginx.conf");
    Files.writeString(conf, config(dir, www, port, workers));
    Process proc = new ProcessBuilder(nginx.toString(), "-p", dir.toString(), "-c", conf.toString(),
        "-e", dir.resolve("error.log").toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("stdout.log").toFile()).start();
    NginxPeer peer = new NginxPeer(dir, proc, port);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!proc.isAlive()) {
        String log = Files.exists(dir.resolve("error.log")) ? Files.readString(dir.resolve("error.log")) : "";
        peer.close();
        throw new IOException("nginx exited at start (" + proc.exitValue() + "): " + log.strip());
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return peer;
      } catch (IOException notYet) {
        Thread.sleep(50);
      }
    }
    peer.close();
    throw new IOException("nginx did not listen on port " + port + " within 10 s");
  }

  static String config(Path dir, Path www, int port, int workers) {
    return """
        daemon off;
        master_process on;
        worker_processes %d;
        pid %s;
        error_log %s warn;
        worker_rlimit_nofile 65536;
        events {
          worker_connections 30000;
          multi_accept on;
        }
        http {
          access_log off;
          sendfile on;
          tcp_nopush on;
          tcp_nodelay on;
          keepalive_timeout 75s;
          keepalive_requests 100000000;
          types { video/mp4 m4s; }
          default_type application/octet-stream;
          client_body_temp_path %s;
          proxy_temp_path %s;
          fastcgi_temp_path %s;
          uwsgi_temp_path %s;
          scgi_temp_path %s;
          server {
            listen 127.0.0.1:%d backlog=4096;
            root %s;
          }
        }
        """.formatted(workers, dir.resolve("nginx.pid"), dir.resolve("error.log"), dir.resolve("tmp-body"),
        dir.resolve("tmp-proxy"), dir.resolve("tmp-fastcgi"), dir.resolve("tmp-uwsgi"), dir.resolve("tmp-scgi"),
        port, www);
  }

  int port() {
    return port;
  }

  String version(Path nginx) {
    try {
      Process p = new ProcessBuilder(nginx.toString(), "-v").redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes()).strip();
      p.waitFor(5, TimeUnit.SECONDS);
      return out.replace("nginx version: ", "");
    } catch (IOException | InterruptedException e) {
      return "nginx (version unknown)";
    }
  }

  @Override
  public void close() {
    process.destroy(); // SIGTERM: the master stops its workers
    try {
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        process.waitFor(5, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp directory left behind is harmless
    }
  }
}
