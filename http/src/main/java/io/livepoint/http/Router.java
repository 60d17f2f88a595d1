package io.livepoint.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/** Maps path prefixes to request handlers; the longest matching prefix wins. */
public final class Router {
  private final List<Route> routes = new ArrayList<>();

  /** A prefix and the factory that makes one handler per request. */
  public record Route(String prefix, Supplier<RequestHandler> handlers) {}

  /**
   * Routes every path starting with {@code prefix} (e.g. {@code /ingest/}) to a new handler from
   * {@code handlers}. An exact path such as {@code /metrics} matches only itself and its subpaths.
   */
  public synchronized Router add(String prefix, Supplier<RequestHandler> handlers) {
    routes.add(new Route(prefix, handlers));
    routes.sort(Comparator.comparingInt((Route r) -> r.prefix().length()).reversed());
    return this;
  }

  /** The route for a decoded path, or null. */
  public synchronized Route find(String path) {
    for (Route r : routes) {
      String p = r.prefix();
      if (path.startsWith(p)
          && (p.endsWith("/") || path.length() == p.length() || path.charAt(p.length()) == '/')) {
        return r;
      }
    }
    return null;
  }
}
