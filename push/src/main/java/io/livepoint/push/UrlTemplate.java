package io.livepoint.push;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A URLTemplate (ISO/IEC 23009-6 6.1.6): a URL with DASH {@code $Number$} identifiers, optionally with a
 * POSIX width format {@code $Number%05d$}, and {@code $$} for a literal dollar, expanded over the number
 * range {@code first..last} (inclusive).
 */
public record UrlTemplate(String template, long first, long last) {

  public UrlTemplate {
    if (first < 0 || last < first || last - first >= PushConstants.MAX_URLS) {
      throw new IllegalArgumentException("number range " + first + "-" + last + " is empty, negative or longer than "
          + PushConstants.MAX_URLS);
    }
    validate(template);
  }

  /** The URLs of the range, in order. */
  public List<String> expand() {
    List<String> urls = new ArrayList<>((int) (last - first + 1));
    for (long n = first; n <= last; n++) {
      urls.add(expand(n));
    }
    return urls;
  }

  /** The URL for number {@code n}. */
  public String expand(long n) {
    StringBuilder b = new StringBuilder();
    int i = 0;
    while (i < template.length()) {
      char c = template.charAt(i);
      if (c != PushConstants.TEMPLATE_DELIMITER) {
        b.append(c);
        i++;
        continue;
      }
      int end = template.indexOf(PushConstants.TEMPLATE_DELIMITER, i + 1);
      String id = template.substring(i + 1, end);
      if (id.isEmpty()) {
        b.append(PushConstants.TEMPLATE_DELIMITER);
      } else {
        int width = width(id);
        b.append(width == 0 ? Long.toString(n) : String.format(Locale.ROOT, "%0" + width + "d", n));
      }
      i = end + 1;
    }
    return b.toString();
  }

  /** Checks every {@code $...$} is {@code $$}, {@code $Number$} or {@code $Number%0Nd$} and one is a number. */
  private static void validate(String template) {
    if (template == null || template.isEmpty()) {
      throw new IllegalArgumentException("empty URL template");
    }
    boolean number = false;
    int i = 0;
    while (i < template.length()) {
      if (template.charAt(i) != PushConstants.TEMPLATE_DELIMITER) {
        i++;
        continue;
      }
      int end = template.indexOf(PushConstants.TEMPLATE_DELIMITER, i + 1);
      if (end < 0) {
        throw new IllegalArgumentException("unterminated $ identifier in URL template");
      }
      String id = template.substring(i + 1, end);
      if (!id.isEmpty()) {
        width(id);
        number = true;
      }
      i = end + 1;
    }
    if (!number) {
      throw new IllegalArgumentException("URL template has no $" + PushConstants.TEMPLATE_NUMBER + "$");
    }
  }

  /** 0 for {@code Number}, N for {@code Number%0Nd} (1..18); anything else is rejected. */
  private static int width(String id) {
    String n = PushConstants.TEMPLATE_NUMBER;
    if (id.equals(n)) {
      return 0;
    }
    if (id.startsWith(n + "%0") && id.endsWith("d") && id.length() > n.length() + 3
        && id.length() <= n.length() + 5) {
      String digits = id.substring(n.length() + 2, id.length() - 1);
      if (digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
        int w = Integer.parseInt(digits);
        if (w >= 1 && w <= 18) {
          return w;
        }
      }
    }
    throw new IllegalArgumentException("unknown URL template identifier $" + id + "$");
  }
}
