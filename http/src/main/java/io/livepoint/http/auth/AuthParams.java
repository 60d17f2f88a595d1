package io.livepoint.http.auth;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Parses the auth-param list of a credentials header (RFC 9110 11.2): {@code a=token, b="quoted \" text"}. */
public final class AuthParams {
  /** Longest header value looked at: credentials are short, anything longer is refused. */
  static final int MAX_LENGTH = 8192;

  private AuthParams() {}

  /** Names lower-cased to values; throws IllegalArgumentException on anything malformed or repeated. */
  public static Map<String, String> parse(String text) {
    if (text.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("credentials too long");
    }
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    int n = text.length();
    while (true) {
      i = skip(text, i);
      if (i >= n) {
        return out;
      }
      int start = i;
      while (i < n && tchar(text.charAt(i))) {
        i++;
      }
      if (i == start) {
        throw new IllegalArgumentException("expected a parameter name at " + i);
      }
      String name = text.substring(start, i).toLowerCase(Locale.ROOT);
      i = spaces(text, i);
      if (i >= n || text.charAt(i) != '=') {
        throw new IllegalArgumentException("expected '=' after " + name);
      }
      i = spaces(text, i + 1);
      String value;
      if (i < n && text.charAt(i) == '"') {
        StringBuilder b = new StringBuilder();
        i++;
        while (true) {
          if (i >= n) {
            throw new IllegalArgumentException("unterminated quoted value of " + name);
          }
          char c = text.charAt(i++);
          if (c == '"') {
            break;
          }
          if (c == '\\') {
            if (i >= n) {
              throw new IllegalArgumentException("unterminated quoted value of " + name);
            }
            c = text.charAt(i++);
          }
          b.append(c);
        }
        value = b.toString();
      } else {
        start = i;
        while (i < n && tchar(text.charAt(i))) {
          i++;
        }
        if (i == start) {
          throw new IllegalArgumentException("empty value of " + name);
        }
        value = text.substring(start, i);
      }
      if (out.put(name, value) != null) {
        throw new IllegalArgumentException("repeated parameter " + name);
      }
      i = spaces(text, i);
      if (i < n && text.charAt(i) != ',') {
        throw new IllegalArgumentException("expected ',' after " + name);
      }
    }
  }

  /** Spaces and commas between parameters. */
  private static int skip(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t' || s.charAt(i) == ',')) {
      i++;
    }
    return i;
  }

  private static int spaces(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** RFC 9110 tchar (token68 padding '=' excluded; base64 nonces are quoted anyway). */
  private static boolean tchar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
        || "!#$%&'*+-.^_`|~/".indexOf(c) >= 0;
  }
}
