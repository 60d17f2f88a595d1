package io.livepoint.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.http.testing.RecordingExchange;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.util.concurrent.ImmediateEventExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaticResourcesTest {

  /** Counts every class-path lookup, to show that serving makes none. */
  static final class CountingLoader extends ClassLoader {
    final ClassLoader real;
    final AtomicInteger lookups = new AtomicInteger();

    CountingLoader(ClassLoader real) {
      super(null);
      this.real = real;
    }

    @Override
    protected URL findResource(String name) {
      lookups.incrementAndGet();
      return real.getResource(name);
    }

    @Override
    protected Enumeration<URL> findResources(String name) throws IOException {
      lookups.incrementAndGet();
      return real.getResources(name);
    }
  }

  private static RecordingExchange serve(StaticResources r, HttpMethod method, String uri, String prefix)
      throws Exception {
    RecordingExchange ex = RecordingExchange.of(ImmediateEventExecutor.INSTANCE, method, uri, prefix, null);
    r.newHandler().onRequest(ex);
    assertTrue(ex.done());
    return ex;
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = StaticResourcesTest.class.getClassLoader().getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }

  @Test
  void directoryIsPreloadedAndServingNeverTouchesTheClassPath() throws Exception {
    CountingLoader loader = new CountingLoader(StaticResourcesTest.class.getClassLoader());
    StaticResources r = new StaticResources(loader, "static-test", "index.html", "no-cache");
    assertEquals(Set.of("index.html", "css/site.css"), r.paths());
    int atStart = loader.lookups.get();

    RecordingExchange index = serve(r, HttpMethod.GET, "/", "/");
    assertEquals(200, index.status());
    assertArrayEquals(resource("static-test/index.html"), index.body());
    assertEquals("text/html; charset=utf-8", index.header("content-type"));
    assertEquals("no-cache", index.header("cache-control"));

    RecordingExchange css = serve(r, HttpMethod.GET, "/css/site.css?v=2", "/");
    assertEquals(200, css.status());
    assertArrayEquals(resource("static-test/css/site.css"), css.body());
    assertEquals("text/css; charset=utf-8", css.header("content-type"));

    RecordingExchange head = serve(r, HttpMethod.HEAD, "/css/site.css", "/");
    assertEquals(200, head.status());
    assertEquals(0, head.body().length);
    assertEquals(Integer.toString(resource("static-test/css/site.css").length), head.header("content-length"));

    String[] misses = {"/missing.js", "/css/", "/css", "/../static-test/index.html", "/css/../index.html"};
    for (String miss : misses) {
      assertEquals(404, serve(r, HttpMethod.GET, miss, "/").status(), miss);
    }
    RecordingExchange post = serve(r, HttpMethod.POST, "/index.html", "/");
    assertEquals(405, post.status());
    assertEquals("GET, HEAD", post.header("allow"));

    assertEquals(atStart, loader.lookups.get(), "class-path lookups while serving");
  }

  @Test
  void folderInsideAJarIsPreloaded(@TempDir Path dir) throws Exception {
    Path jar = dir.resolve("site.jar");
    try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file)) {
      entry(out, "site/", null);
      entry(out, "site/a.txt", "text a");
      entry(out, "site/sub/", null);
      entry(out, "site/sub/b.js", "let b = 1;");
      entry(out, "sitemap.txt", "not below site/");
      entry(out, "other/c.txt", "elsewhere");
    }
    try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
      StaticResources r = new StaticResources(loader, "site/", "a.txt", "max-age=60");
      assertEquals(Set.of("a.txt", "sub/b.js"), r.paths());
      RecordingExchange index = serve(r, HttpMethod.GET, "/vendor", "/vendor");
      assertEquals("text a", index.text());
      RecordingExchange js = serve(r, HttpMethod.GET, "/vendor/sub/b.js", "/vendor/");
      assertEquals(200, js.status());
      assertEquals("let b = 1;", js.text());
      assertEquals("text/javascript; charset=utf-8", js.header("content-type"));
      assertEquals("max-age=60", js.header("cache-control"));
      assertEquals(404, serve(r, HttpMethod.GET, "/vendor/../other/c.txt", "/vendor/").status());
    }
  }

  @Test
  void missingFolderServesOnly404() throws Exception {
    StaticResources r = new StaticResources("no-such-folder", "index.html", "no-cache");
    assertTrue(r.paths().isEmpty());
    assertEquals(404, serve(r, HttpMethod.GET, "/", "/").status());
  }

  private static void entry(JarOutputStream out, String name, String text) throws IOException {
    out.putNextEntry(new JarEntry(name));
    if (text != null) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    }
    out.closeEntry();
  }
}
