package io.livepoint.http;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves files from a class-path folder (the web UI, bundled players) below a route prefix. Every file
 * under the folder is read once, at construction: they are few and small, and serving then never
 * touches the disk or the class loader on the event loop; a path not in the map is 404.
 */
public final class StaticResources {
  private static final Logger LOG = LoggerFactory.getLogger(StaticResources.class);
  private static final Map<String, String> TYPES = Map.ofEntries(
      Map.entry("html", "text/html; charset=utf-8"),
      Map.entry("js", "text/javascript; charset=utf-8"),
      Map.entry("mjs", "text/javascript; charset=utf-8"),
      Map.entry("css", "text/css; charset=utf-8"),
      Map.entry("json", "application/json"),
      Map.entry("map", "application/json"),
      Map.entry("svg", "image/svg+xml"),
      Map.entry("png", "image/png"),
      Map.entry("ico", "image/x-icon"),
      Map.entry("txt", "text/plain; charset=utf-8"));

  private final String index;
  private final String cacheControl;
  private final Map<String, byte[]> files;

  /**
   * @param base class-path folder, e.g. {@code web}; a folder inside a jar or a directory (several
   *     class-path entries may contribute; the first one holding a file wins, as for class loading)
   * @param index file served for an empty sub-path (null: none)
   * @param cacheControl Cache-Control of every answer
   * @throws UncheckedIOException when a file of the folder cannot be read
   */
  public StaticResources(String base, String index, String cacheControl) {
    this(StaticResources.class.getClassLoader(), base, index, cacheControl);
  }

  StaticResources(ClassLoader loader, String base, String index, String cacheControl) {
    this.index = index;
    this.cacheControl = cacheControl;
    String folder = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    try {
      this.files = Map.copyOf(preload(loader, folder));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read class-path folder " + folder, e);
    }
    if (files.isEmpty()) {
      LOG.warn("class-path folder '{}' not found or empty: every request below it is answered 404", folder);
    } else {
      LOG.debug("class-path folder '{}': {} file(s) loaded", folder, files.size());
    }
  }

  /** The sub-paths served, e.g. {@code index.html}, {@code css/app.css}. */
  public Set<String> paths() {
    return files.keySet();
  }

  public RequestHandler newHandler() {
    return this::serve;
  }

  private void serve(Exchange ex) {
    if (!HttpMethod.GET.equals(ex.method()) && !HttpMethod.HEAD.equals(ex.method())) {
      HttpHeaders h = new DefaultHttpHeaders()
          .set(HttpHeaderNames.ALLOW, "GET, HEAD")
          .set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
      ex.respond(HttpResponseStatus.METHOD_NOT_ALLOWED, h,
          Unpooled.copiedBuffer("only GET and HEAD\n", StandardCharsets.US_ASCII));
      return;
    }
    String sub = ex.subPath().isEmpty() && index != null ? index : ex.subPath();
    byte[] body = files.get(sub);
    if (body == null) {
      ex.respond(HttpResponseStatus.NOT_FOUND, null, "not found: " + ex.path() + "\n");
      return;
    }
    HttpHeaders h = new DefaultHttpHeaders();
    String ext = sub.substring(sub.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
    h.set(HttpHeaderNames.CONTENT_TYPE, TYPES.getOrDefault(ext, "application/octet-stream"));
    h.set(HttpHeaderNames.CACHE_CONTROL, cacheControl);
    ex.respond(HttpResponseStatus.OK, h, Unpooled.wrappedBuffer(body));
  }

  /** Every file below {@code folder} in every class-path entry that has it, keyed by sub-path. */
  private static Map<String, byte[]> preload(ClassLoader loader, String folder) throws IOException {
    Map<String, byte[]> out = new HashMap<>();
    Enumeration<URL> roots = loader.getResources(folder + "/");
    while (roots.hasMoreElements()) {
      URL root = roots.nextElement();
      switch (root.getProtocol()) {
        case "file" -> readDirectory(toPath(root), out);
        case "jar" -> readJar(root, folder + "/", out);
        default -> LOG.warn("class-path folder {}: cannot list a '{}' location, skipped", root, root.getProtocol());
      }
    }
    return out;
  }

  private static Path toPath(URL url) throws IOException {
    try {
      return Path.of(url.toURI());
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw new IOException("not a file location: " + url, e);
    }
  }

  private static void readDirectory(Path root, Map<String, byte[]> out) throws IOException {
    List<Path> regular;
    try (Stream<Path> walk = Files.walk(root)) {
      regular = walk.filter(Files::isRegularFile).toList();
    }
    for (Path p : regular) {
      String sub = root.relativize(p).toString().replace(root.getFileSystem().getSeparator(), "/");
      if (!out.containsKey(sub)) {
        out.put(sub, Files.readAllBytes(p));
      }
    }
  }

  private static void readJar(URL root, String prefix, Map<String, byte[]> out) throws IOException {
    URLConnection c = root.openConnection();
    if (!(c instanceof JarURLConnection jc)) {
      throw new IOException("not a jar location: " + root);
    }
    jc.setUseCaches(false); // our own JarFile, closed below, so the jar is not held open
    try (JarFile jar = jc.getJarFile()) {
      Enumeration<JarEntry> entries = jar.entries();
      while (entries.hasMoreElements()) {
        JarEntry e = entries.nextElement();
        String name = e.getName();
        if (e.isDirectory() || !name.startsWith(prefix) || name.length() == prefix.length()) {
          continue;
        }
        String sub = name.substring(prefix.length());
        if (!out.containsKey(sub)) {
          try (InputStream in = jar.getInputStream(e)) {
            out.put(sub, in.readAllBytes());
          }
        }
      }
    }
  }
}
