package io.livepoint.core.store;

/**
 * The rules for an object path below a publishing point: segments separated by '/', none empty, none
 * "." or "..", no backslash or control character. A path that obeys them cannot name anything outside
 * its publishing point, whatever store or file system it is mapped onto.
 */
public final class ObjectPath {
  /** Longest path accepted. */
  public static final int MAX_LENGTH = 1024;

  private ObjectPath() {}

  /** Why {@code path} is not a valid object path, or null when it is. */
  public static String problem(String path) {
    if (path == null || path.isEmpty()) {
      return "empty path";
    }
    if (path.length() > MAX_LENGTH) {
      return "path longer than " + MAX_LENGTH + " characters";
    }
    int start = 0;
    for (int i = 0; i <= path.length(); i++) {
      char c = i < path.length() ? path.charAt(i) : '/';
      if (c == '/') {
        int len = i - start;
        if (len == 0) {
          return "empty segment";
        }
        if (len == 1 && path.charAt(start) == '.' || len == 2 && path.startsWith("..", start)) {
          return "dot segment";
        }
        start = i + 1;
      } else if (c < 0x20 || c == 0x7f || c == '\\') {
        return "control character or backslash";
      }
    }
    return null;
  }

  public static boolean valid(String path) {
    return problem(path) == null;
  }

  /** The folder holding {@code path} ("a/b" for "a/b/c.m4s"), or "" for the publishing point root. */
  public static String folder(String path) {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? "" : path.substring(0, slash);
  }
}
