package io.livepoint.push;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * Parser and writer of the header form shared by PushDirective and PushAck (grammar in
 * {@code docs/23009-6.md}; the URN and "{@code ;K}" follow the public record, the rest is ours):
 *
 * <pre>
 * policy        = push-urn *( OWS ";" OWS param )
 * param         = number / range / quoted-string        ; quoted-string as RFC 9110 5.6.4
 * number        = 1*DIGIT [ "." 1*DIGIT ]
 * range         = 1*DIGIT "-" 1*DIGIT
 * push-none     = URN                                    ; no parameter
 * push-next     = URN ";" K                               ; K: integer >= 1
 * push-time     = URN ";" T                               ; T: seconds > 0
 * push-list     = URN 1*( ";" quoted-url )                ; URLList
 * push-template = URN ";" quoted-template ";" range       ; URLTemplate
 * fast-start    = URN [ ";" N ] *( ";" quoted-id )        ; FastStartParams, N defaults to 1
 * </pre>
 */
public final class PushPolicySyntax {
  private PushPolicySyntax() {}

  /** One parsed parameter: a number (with its text), a range, or a quoted string. */
  private record Param(String text, boolean quoted) {}

  /** Parses a header value; every malformed input yields {@link PushSyntaxException}, nothing else. */
  public static PushStrategy parse(String value) throws PushSyntaxException {
    if (value == null) {
      throw new PushSyntaxException("no push policy");
    }
    if (value.length() > PushConstants.MAX_DIRECTIVE_LENGTH) {
      throw new PushSyntaxException("push policy longer than " + PushConstants.MAX_DIRECTIVE_LENGTH + " characters");
    }
    Cursor c = new Cursor(value);
    c.skipSpace();
    String urn = c.token();
    PushType type = PushType.ofUrn(urn);
    if (type == null) {
      throw new PushSyntaxException("unknown push type '" + urn + "'");
    }
    List<Param> params = new ArrayList<>();
    c.skipSpace();
    while (!c.atEnd()) {
      c.expect(PushConstants.PARAM_SEPARATOR);
      c.skipSpace();
      params.add(c.param());
      c.skipSpace();
    }
    try {
      return build(type, params);
    } catch (IllegalArgumentException e) {
      throw new PushSyntaxException(type.urn() + ": " + e.getMessage());
    }
  }

  private static PushStrategy build(PushType type, List<Param> p) throws PushSyntaxException {
    return switch (type) {
      case NONE -> {
        arity(type, p, 0, 0);
        yield new PushStrategy.None();
      }
      case NEXT -> {
        arity(type, p, 1, 1);
        yield new PushStrategy.Next(integer(p.get(0)));
      }
      case TIME -> {
        arity(type, p, 1, 1);
        yield new PushStrategy.Time(decimal(p.get(0)));
      }
      case LIST -> {
        arity(type, p, 1, PushConstants.MAX_URLS);
        List<String> urls = new ArrayList<>();
        for (Param x : p) {
          urls.add(quoted(x));
        }
        yield new PushStrategy.UrlList(urls);
      }
      case TEMPLATE -> {
        arity(type, p, 2, 2);
        String range = p.get(1).text();
        int dash = range.indexOf(PushConstants.RANGE_SEPARATOR);
        if (p.get(1).quoted() || dash <= 0) {
          throw new PushSyntaxException("push-template needs a number range first-last, got '" + range + "'");
        }
        long first = digits(range.substring(0, dash));
        long last = digits(range.substring(dash + 1));
        yield new PushStrategy.Template(new UrlTemplate(quoted(p.get(0)), first, last));
      }
      case FAST_START -> {
        arity(type, p, 0, PushConstants.MAX_URLS + 1);
        long n = 1;
        int from = 0;
        if (!p.isEmpty() && !p.get(0).quoted()) {
          n = integer(p.get(0));
          from = 1;
        }
        List<String> reps = new ArrayList<>();
        for (Param x : p.subList(from, p.size())) {
          String id = quoted(x);
          if (id.isEmpty()) {
            throw new PushSyntaxException("fast-start representation id is empty");
          }
          reps.add(id);
        }
        yield new PushStrategy.FastStart(n, reps);
      }
    };
  }

  /** The header value for a strategy; {@link #parse} of it gives the strategy back. */
  public static String format(PushStrategy s) {
    StringBuilder b = new StringBuilder(s.type().urn());
    switch (s) {
      case PushStrategy.None n -> { }
      case PushStrategy.Next n -> param(b).append(n.count());
      case PushStrategy.Time t -> param(b).append(seconds(t.seconds()));
      case PushStrategy.UrlList l -> l.urls().forEach(u -> quote(param(b), u));
      case PushStrategy.Template t -> {
        quote(param(b), t.template().template());
        param(b).append(t.template().first()).append(PushConstants.RANGE_SEPARATOR).append(t.template().last());
      }
      case PushStrategy.FastStart f -> {
        param(b).append(f.segments());
        f.representations().forEach(r -> quote(param(b), r));
      }
    }
    return b.toString();
  }

  private static StringBuilder param(StringBuilder b) {
    return b.append(PushConstants.PARAM_SEPARATOR);
  }

  private static void quote(StringBuilder b, String s) {
    b.append(PushConstants.QUOTE);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == PushConstants.QUOTE || c == PushConstants.ESCAPE) {
        b.append(PushConstants.ESCAPE);
      }
      b.append(c);
    }
    b.append(PushConstants.QUOTE);
  }

  /** Seconds without a needless ".0" and never in exponent form. */
  private static String seconds(double s) {
    return BigDecimal.valueOf(s).stripTrailingZeros().toPlainString();
  }

  private static void arity(PushType type, List<Param> p, int min, int max) throws PushSyntaxException {
    if (p.size() < min || p.size() > max) {
      throw new PushSyntaxException(type.urn() + " takes " + (min == max ? Integer.toString(min) : min + ".." + max)
          + " parameter(s), got " + p.size());
    }
  }

  private static long integer(Param p) throws PushSyntaxException {
    if (p.quoted()) {
      throw new PushSyntaxException("expected an integer, got a quoted string");
    }
    return digits(p.text());
  }

  private static long digits(String s) throws PushSyntaxException {
    if (s.isEmpty() || s.length() > 15 || !s.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new PushSyntaxException("expected an integer of at most 15 digits, got '" + s + "'");
    }
    return Long.parseLong(s);
  }

  private static double decimal(Param p) throws PushSyntaxException {
    String s = p.text();
    int dot = s.indexOf('.');
    if (p.quoted() || s.length() > 24) {
      throw new PushSyntaxException("expected a number of seconds, got '" + s + "'");
    }
    digits(dot < 0 ? s : s.substring(0, dot));
    if (dot >= 0) {
      digits(s.substring(dot + 1));
    }
    return Double.parseDouble(s);
  }

  private static String quoted(Param p) throws PushSyntaxException {
    if (!p.quoted()) {
      throw new PushSyntaxException("expected a quoted string, got '" + p.text() + "'");
    }
    return p.text();
  }

  /** A read position in a header value. */
  private static final class Cursor {
    private final String s;
    private int i;

    Cursor(String s) {
      this.s = s;
    }

    boolean atEnd() {
      return i >= s.length();
    }

    void skipSpace() {
      while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
        i++;
      }
    }

    void expect(char c) throws PushSyntaxException {
      if (atEnd() || s.charAt(i) != c) {
        throw new PushSyntaxException("expected '" + c + "' at position " + i);
      }
      i++;
    }

    /** Visible ASCII up to a separator or space. */
    String token() throws PushSyntaxException {
      int start = i;
      while (i < s.length() && s.charAt(i) > ' ' && s.charAt(i) < 0x7f && s.charAt(i) != PushConstants.PARAM_SEPARATOR
          && s.charAt(i) != PushConstants.QUOTE) {
        i++;
      }
      if (i == start) {
        throw new PushSyntaxException("expected a token at position " + start);
      }
      return s.substring(start, i);
    }

    Param param() throws PushSyntaxException {
      if (atEnd()) {
        throw new PushSyntaxException("parameter missing after ';'");
      }
      if (s.charAt(i) != PushConstants.QUOTE) {
        return new Param(token(), false);
      }
      i++;
      StringBuilder b = new StringBuilder();
      while (true) {
        if (atEnd()) {
          throw new PushSyntaxException("unterminated quoted string");
        }
        char c = s.charAt(i++);
        if (c == PushConstants.QUOTE) {
          return new Param(b.toString(), true);
        }
        if (c == PushConstants.ESCAPE) {
          if (atEnd()) {
            throw new PushSyntaxException("unterminated escape in quoted string");
          }
          c = s.charAt(i++);
        }
        if ((c < ' ' && c != '\t') || c == 0x7f) {
          throw new PushSyntaxException("control character in quoted string");
        }
        b.append(c);
      }
    }
  }
}
