package io.livepoint.push;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PushPolicySyntaxTest {
  private static final String U = "urn:mpeg:dash:fdh:2016:";

  @Test
  void parsesTheResearchClientsWireForm() throws Exception {
    assertEquals(new PushStrategy.Next(5), PushDirective.parse(U + "push-next;5").strategy());
    assertEquals(new PushStrategy.Next(5), PushDirective.parse("  " + U + "push-next ; 5 ").strategy());
  }

  @Test
  void parsesEveryType() throws Exception {
    assertEquals(new PushStrategy.None(), PushPolicySyntax.parse(U + "push-none"));
    assertEquals(new PushStrategy.Time(2.5), PushPolicySyntax.parse(U + "push-time;2.5"));
    assertEquals(new PushStrategy.UrlList(List.of("video/3.m4s", "a\"b\\c")),
        PushPolicySyntax.parse(U + "push-list;\"video/3.m4s\";\"a\\\"b\\\\c\""));
    PushStrategy.Template t = (PushStrategy.Template) PushPolicySyntax.parse(U + "push-template;\"v/$Number%03d$.m4s\";8-10");
    assertEquals(List.of("v/008.m4s", "v/009.m4s", "v/010.m4s"), t.template().expand());
    assertEquals(new PushStrategy.FastStart(1, List.of()), PushPolicySyntax.parse(U + "fast-start"));
    assertEquals(new PushStrategy.FastStart(2, List.of("video", "audio")),
        PushPolicySyntax.parse(U + "fast-start;2;\"video\";\"audio\""));
  }

  @Test
  void templateKeepsLiteralDollars() {
    assertEquals("a$b/7.m4s", new UrlTemplate("a$$b/$Number$.m4s", 7, 7).expand(7));
  }

  @Test
  void formatRoundTrips() throws Exception {
    List<PushStrategy> all = List.of(new PushStrategy.None(), new PushStrategy.Next(3), new PushStrategy.Time(20),
        new PushStrategy.Time(0.25), new PushStrategy.UrlList(List.of("x;y\".m4s", "../b/1.m4s")),
        new PushStrategy.Template(new UrlTemplate("v/$Number$.m4s", 1, 4)),
        new PushStrategy.FastStart(0, List.of("v")));
    for (PushStrategy s : all) {
      assertEquals(s, PushAck.parse(new PushAck(s).format()).strategy(), PushPolicySyntax.format(s));
    }
    assertEquals(U + "push-time;20", PushPolicySyntax.format(new PushStrategy.Time(20)));
  }

  @Test
  void rejectsMalformedDirectives() {
    for (String bad : List.of("", "push-next;5", U + "push-next", U + "push-next;0", U + "push-next;-1",
        U + "push-next;5;6", U + "push-next;\"5\"", U + "push-none;1", U + "push-time;0", U + "push-time;1e3",
        U + "push-list", U + "push-list;video/1.m4s", U + "push-list;\"unterminated", U + "push-template;\"v/1.m4s\";1-2",
        U + "push-template;\"v/$Number$.m4s\";5-4", U + "push-template;\"v/$Time$.m4s\";1-2",
        U + "push-template;\"v/$Number$.m4s\"", U + "fast-start;\"\"", U + "PUSH-NEXT;5", U + "push-next;5;",
        U + "push-next 5", U + "push-next;99999999999999999999")) {
      assertThrows(PushSyntaxException.class, () -> PushPolicySyntax.parse(bad), bad);
    }
  }

  /** Mutations and truncations of valid policies yield a strategy or PushSyntaxException, nothing else. */
  @Test
  void fuzzOnlyYieldsTheDocumentedException() {
    List<String> seeds = List.of(U + "push-next;5", U + "push-time;2.5", U + "push-list;\"a/1.m4s\";\"b\\\"c\"",
        U + "push-template;\"v/$Number%05d$.m4s\";10-20", U + "fast-start;2;\"video\"", U + "push-none");
    String alphabet = ";\"\\$-.%0123456789 \tazN\u0000\u00e9";
    Random r = new Random(230096);
    int parsed = 0;
    for (int i = 0; i < 50_000; i++) {
      StringBuilder s = new StringBuilder(seeds.get(r.nextInt(seeds.size())));
      int edits = 1 + r.nextInt(4);
      for (int e = 0; e < edits && s.length() > 0; e++) {
        int at = r.nextInt(s.length());
        switch (r.nextInt(4)) {
          case 0 -> s.setLength(at);
          case 1 -> s.deleteCharAt(at);
          case 2 -> s.insert(at, alphabet.charAt(r.nextInt(alphabet.length())));
          default -> s.setCharAt(at, alphabet.charAt(r.nextInt(alphabet.length())));
        }
      }
      try {
        PushStrategy p = PushPolicySyntax.parse(s.toString());
        assertEquals(p, parseUnchecked(PushPolicySyntax.format(p)), s.toString());
        parsed++;
      } catch (PushSyntaxException expected) {
        // the documented outcome for malformed input
      }
    }
    System.out.println("fuzz: " + parsed + " of 50000 mutated policies still parsed");
  }

  private static PushStrategy parseUnchecked(String s) {
    try {
      return PushPolicySyntax.parse(s);
    } catch (PushSyntaxException e) {
      throw new AssertionError("formatted policy does not parse: " + s, e);
    }
  }
}
