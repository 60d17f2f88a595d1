package io.livepoint.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.livepoint.testkit.Shared;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The conformance table of DASH-IF Live Media Ingest v1.2 (sections 5-7) checked against the spec
 * text, the test sources and the published statement {@code docs/ingest-conformance.md}:
 * every normative sentence of the spec has a row, every row quotes the spec where its clause says,
 * every requirement we claim to meet names tests that exist and run, and the doc shows the table as
 * it is. Run with {@code -Dconformance.write=true} to regenerate the doc from the table.
 */
class IngestConformanceTest {
  static final String TABLE = "ingest/src/test/resources/conformance/ingest-v1.2.tsv";
  static final String DOC = "docs/ingest-conformance.md";
  static final String SPEC = "specs/dash-if-live-media-ingest-v1.2.txt";

  static final Set<String> PARTIES = Set.of("receiver", "source", "both", "informative");
  static final Set<String> STATUSES = Set.of("met", "partly", "not met", "n/a", "accepted");

  static Path root;
  static List<Row> rows;

  /** One requirement: a sentence of the spec, whom it binds, whether we meet it and what proves it. */
  record Row(int line, String clause, String party, String level, String status, String requirement,
      List<String> tests, String note, String quote) {
    boolean binds() {
      return party.equals("receiver") || party.equals("both");
    }

    @Override
    public String toString() {
      return TABLE + ":" + line + " [" + clause + "] " + quote;
    }
  }

  /** A paragraph or list item of sections 5-7, as plain text, with the clause it belongs to. */
  record Unit(String clause, String text) {}

  /** A sentence of a unit that carries a requirement keyword. */
  record Sentence(String clause, String level, String text) {}

  @BeforeAll
  static void load() throws IOException {
    root = Shared.repoRoot();
    rows = readTable(Files.readAllLines(root.resolve(TABLE), StandardCharsets.UTF_8));
  }

  static List<Row> readTable(List<String> lines) {
    List<Row> out = new ArrayList<>();
    boolean header = false;
    for (int i = 0; i < lines.size(); i++) {
      String l = lines.get(i);
      if (l.isBlank() || l.startsWith("#")) {
        continue;
      }
      String[] c = l.split("\t", -1);
      assertEquals(8, c.length, TABLE + ":" + (i + 1) + " needs 8 tab-separated columns");
      if (!header) {
        assertEquals("clause", c[0], "the first row names the columns");
        header = true;
        continue;
      }
      List<String> tests = c[5].isBlank() ? List.of() : List.of(c[5].trim().split("\\s+"));
      out.add(new Row(i + 1, c[0], c[1], c[2], c[3], c[4], tests, c[6], c[7]));
    }
    return out;
  }

  // ---- (a) rows and the tests they name ----

  @Test
  void everyRowIsWellFormed() {
    for (Row r : rows) {
      assertTrue(PARTIES.contains(r.party()), r + ": party " + r.party());
      assertTrue(STATUSES.contains(r.status()), r + ": status " + r.status());
      assertTrue(!r.requirement().isBlank() && !r.quote().isBlank() && !r.level().isBlank(), r + ": empty column");
      assertTrue(r.clause().matches("\\d+(\\.\\d+)*( item \\d+[a-z]?)?"), r + ": clause id " + r.clause());
      if (r.binds()) {
        assertTrue(!r.status().equals("n/a") || !r.note().isBlank(), r + ": n/a for us needs a note saying why");
        if (r.status().equals("met")) {
          assertTrue(!r.tests().isEmpty(), r + ": marked met but names no test");
        }
        if (r.status().equals("partly") || r.status().equals("not met")) {
          assertTrue(!r.note().isBlank(), r + ": " + r.status() + " needs a note saying what happens");
        }
        assertTrue(!r.status().equals("accepted"), r + ": accepted is for source rows");
      } else if (r.status().equals("accepted")) {
        assertTrue(r.party().equals("source") && !r.tests().isEmpty(),
            r + ": accepted is a source row whose tests show the receiver takes what the source does");
      } else {
        assertTrue(r.status().equals("n/a") && r.tests().isEmpty(),
            r + ": a " + r.party() + " row is n/a for the receiver (accepted when it names tests)");
      }
    }
  }

  @Test
  void everyNamedTestExistsAndIsNotDisabled() throws IOException {
    Map<String, String> sources = new TreeMap<>();
    List<String> problems = new ArrayList<>();
    for (Row r : rows) {
      for (String t : r.tests()) {
        String problem = checkTest(t, sources);
        if (problem != null) {
          problems.add(r + ": " + problem);
        }
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  /** Null when {@code Class#method} is a test method in the source tree that runs, else what is wrong. */
  static String checkTest(String name, Map<String, String> sources) throws IOException {
    Matcher m = Pattern.compile("((?:[a-z][a-z0-9]*\\.)+)([A-Z]\\w*)#(\\w+)").matcher(name);
    if (!m.matches()) {
      return name + " is not a fully qualified Class#method";
    }
    String cls = m.group(1) + m.group(2);
    String src = sources.get(cls);
    if (src == null) {
      Path file = findSource(cls);
      if (file == null) {
        return "no test class " + cls + " in any module's src/test/java";
      }
      src = Files.readString(file, StandardCharsets.UTF_8);
      sources.put(cls, src);
    }
    Matcher c = Pattern.compile("((?:@[\\w.]+(?:\\([^)]*\\))?\\s*)*)(?:public\\s+|final\\s+|abstract\\s+)*class\\s+"
        + m.group(2) + "\\b").matcher(src);
    if (!c.find()) {
      return cls + " declares no class " + m.group(2);
    }
    if (DISABLED.matcher(c.group(1)).find()) {
      return cls + " is @Disabled";
    }
    Matcher d = Pattern.compile("((?:@[\\w.]+(?:\\([^)]*\\))?\\s*)+)(?:public\\s+|protected\\s+)?void\\s+"
        + m.group(3) + "\\s*\\(").matcher(src);
    if (!d.find()) {
      return "no annotated method " + m.group(3) + " in " + cls;
    }
    String annotations = d.group(1);
    if (!annotations.matches("(?s).*@(?:org\\.junit\\.jupiter\\.api\\.)?(?:Test|RepeatedTest|TestFactory|TestTemplate)\\b.*")
        && !annotations.matches("(?s).*@(?:org\\.junit\\.jupiter\\.params\\.)?ParameterizedTest\\b.*")) {
      return name + " is not a test method";
    }
    if (DISABLED.matcher(annotations).find()) {
      return name + " is @Disabled";
    }
    return null;
  }

  static final Pattern DISABLED = Pattern.compile("@(?:org\\.junit\\.jupiter\\.api\\.)?Disabled\\b");

  static Path findSource(String cls) throws IOException {
    String rel = "src/test/java/" + cls.replace('.', '/') + ".java";
    try (Stream<Path> modules = Files.list(root)) {
      return modules.map(mod -> mod.resolve(rel)).filter(Files::isRegularFile).findFirst().orElse(null);
    }
  }

  // ---- (b) the spec's sentences and the rows ----

  @Test
  void everyNormativeSentenceOfSections5To7HasARow() throws IOException {
    List<Unit> units = units(Files.readAllLines(Shared.path(SPEC), StandardCharsets.UTF_8));
    List<Sentence> sentences = sentences(units);
    assertTrue(sentences.size() > 150, "found only " + sentences.size() + " normative sentences: the extraction broke");
    List<String> missing = new ArrayList<>();
    for (Sentence s : sentences) {
      List<Row> covering = rows.stream().filter(r -> s.text().contains(r.quote())).toList();
      if (covering.isEmpty()) {
        missing.add(s.clause() + "\t" + s.level() + "\t" + s.text());
        continue;
      }
      for (Row r : covering) {
        assertEquals(s.level(), r.level(), r + ": the level is the sentence's keywords");
      }
    }
    assertTrue(missing.isEmpty(), missing.size() + " normative sentence(s) have no row:\n" + String.join("\n", missing));
  }

  @Test
  void everyRowQuotesItsClauseOnce() throws IOException {
    List<Unit> units = units(Files.readAllLines(Shared.path(SPEC), StandardCharsets.UTF_8));
    List<String> problems = new ArrayList<>();
    Set<String> quotes = new LinkedHashSet<>();
    for (Row r : rows) {
      if (!quotes.add(r.quote())) {
        problems.add(r + ": the same quote is in another row");
      }
      List<Unit> found = units.stream().filter(u -> count(u.text(), r.quote()) > 0).toList();
      int n = found.stream().mapToInt(u -> count(u.text(), r.quote())).sum();
      if (n != 1) {
        problems.add(r + ": the quote occurs " + n + " times in sections 5-7 (must be exactly once)");
      } else if (!found.get(0).clause().equals(r.clause())) {
        problems.add(r + ": the quote is in clause " + found.get(0).clause());
      }
    }
    assertTrue(problems.isEmpty(), String.join("\n", problems));
  }

  static int count(String text, String part) {
    int n = 0;
    for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1)) {
      n++;
    }
    return n;
  }

  static final Pattern HEADING = Pattern.compile("^#{1,4} (\\d+(?:\\.\\d+)*)\\.?\\s.*");
  static final Pattern ITEM = Pattern.compile("^(?:- )?(\\d+)([a-z]?)\\. ");
  static final Pattern LETTER_ITEM = Pattern.compile("^- ([a-z])\\. ");
  static final Pattern KEYWORD = Pattern.compile("\\b(MUST|SHALL|SHOULD|REQUIRED|RECOMMENDED|MAY|must|shall)\\b");

  /**
   * Sections 5 to 7 as paragraphs and list items with their clause ids ("5.3 item 5a", "6.2 item 16h",
   * "7.3.4"). Numbered items set the item, lettered ones the sub-item; a line starting in lower case
   * continues the item before it (the text breaks mid-sentence at page ends); NOTEs are informative.
   */
  static List<Unit> units(List<String> lines) {
    List<Unit> out = new ArrayList<>();
    String section = null;
    String item = null;
    String sub = null;
    boolean on = false;
    for (String raw : lines) {
      Matcher h = HEADING.matcher(raw);
      if (h.matches()) {
        section = h.group(1);
        int top = Integer.parseInt(section.split("\\.")[0]);
        on = top >= 5 && top <= 7;
        item = null;
        sub = null;
        continue;
      }
      String t = raw.strip();
      if (!on || t.isEmpty()) {
        continue;
      }
      Matcher m = ITEM.matcher(t);
      Matcher l = LETTER_ITEM.matcher(t);
      if (m.find()) {
        item = m.group(1);
        sub = m.group(2).isEmpty() ? null : m.group(2);
        t = t.substring(m.end());
      } else if (l.find()) {
        sub = l.group(1);
        t = t.substring(l.end());
      } else if (t.startsWith("**NOTE")) {
        continue;
      } else if (!Character.isLowerCase(t.charAt(0))) {
        item = null;
        sub = null;
        if (t.startsWith("- ")) {
          t = t.substring(2);
        }
      }
      String clause = section + (item == null ? "" : " item " + item + (sub == null ? "" : sub));
      out.add(new Unit(clause, plain(t)));
    }
    return out;
  }

  /** The spec's markdown as the words a reader sees: links, escapes, emphasis and tags removed. */
  static String plain(String s) {
    s = s.replaceAll("\\[((?:[^\\[\\]]|\\\\\\[|\\\\\\])*)\\]\\(#\\)", "$1");
    s = s.replace("\\\\_", "_").replace("\\_", "_").replace("\\$", "$").replace("\\[", "[").replace("\\]", "]")
        .replace("\\(", "(").replace("\\)", ")");
    s = s.replaceAll("</?[a-z]+[^>]*>", "");
    s = s.replace("**", "").replace("*", "").replace("§", "");
    return s.replaceAll("\\s+", " ").strip();
  }

  /** The sentences with a requirement keyword, and their keywords in order ("SHOULD/MUST"). */
  static List<Sentence> sentences(List<Unit> units) {
    List<Sentence> out = new ArrayList<>();
    for (Unit u : units) {
      for (String s : u.text().split("(?<=[.!?:])\\s+(?=[A-Z])")) {
        Set<String> keywords = new LinkedHashSet<>();
        Matcher k = KEYWORD.matcher(s);
        while (k.find()) {
          keywords.add(k.group(1).toUpperCase(Locale.ROOT));
        }
        if (!keywords.isEmpty()) {
          out.add(new Sentence(u.clause(), String.join("/", keywords), s));
        }
      }
    }
    return out;
  }

  // ---- (c) the published statement ----

  @Test
  void theConformanceStatementShowsTheTable() throws IOException {
    String expected = markdown(rows);
    Path doc = root.resolve(DOC);
    if (Boolean.getBoolean("conformance.write")) {
      Files.writeString(doc, expected, StandardCharsets.UTF_8);
    }
    assertTrue(Files.isRegularFile(doc), DOC + " is missing; run with -Dconformance.write=true");
    String actual = Files.readString(doc, StandardCharsets.UTF_8);
    if (!actual.equals(expected)) {
      String[] a = actual.split("\n", -1);
      String[] e = expected.split("\n", -1);
      int i = 0;
      while (i < a.length && i < e.length && a[i].equals(e[i])) {
        i++;
      }
      fail(DOC + " differs from " + TABLE + " at line " + (i + 1) + ":\n  doc:   "
          + (i < a.length ? a[i] : "<end>") + "\n  table: " + (i < e.length ? e[i] : "<end>")
          + "\nregenerate it with -Dconformance.write=true");
    }
  }

  static String markdown(List<Row> rows) {
    StringBuilder b = new StringBuilder();
    b.append("# DASH-IF Live Media Ingest v1.2: conformance statement\n\n");
    b.append("Livepoint is a receiving entity of the DASH-IF Live Media Ingest Protocol v1.2 (Interface-1, CMAF ingest, and\n")
        .append("Interface-2, DASH and HLS ingest; spec text in `../shared/specs/dash-if-live-media-ingest-v1.2.txt`).\n")
        .append("This table lists every requirement sentence of its sections 5, 6 and 7 (MUST, SHALL, SHOULD, MAY, REQUIRED,\n")
        .append("RECOMMENDED, and normative lower-case must/shall), plus the lower-case may/can sentences that describe what a\n")
        .append("receiving entity does.\n\n");
    b.append("## How to read it\n\n")
        .append("- **Clause**: section and list item of the spec (`5.3 item 5a`, `6.2 item 16h`, `7.3.4`).\n")
        .append("- **Party**: whom the sentence binds: `receiver` (us), `source` (the encoder), `both`, or `informative`.\n")
        .append("- **Status**: for receiver and both rows, `met`, `partly` or `not met` (the note says what happens),\n")
        .append("  or `n/a` with a reason. Source rows are `n/a` for us, or `accepted`\n")
        .append("  where the source requirement implies something the receiver must take (an empty probe, chunked bodies,\n")
        .append("  Streams() paths, lmsg, prft...): the tests listed show that we do.\n")
        .append("- **Tests**: the JUnit tests that prove the row (`Class#method`); `*IT` tests run with `-Pit` against real\n")
        .append("  peers (FFmpeg, dash.js, hls.js).\n\n");
    b.append("## How it is checked\n\n")
        .append("The table is data: `").append(TABLE).append("`. `io.livepoint.ingest.IngestConformanceTest`\n")
        .append("fails when a normative sentence of sections 5-7 of the spec has no row (each row carries a verbatim quote of\n")
        .append("its sentence, found exactly once and in the row's clause), when a row claims `met` for the receiver without a\n")
        .append("test, when a named test method does not exist or is `@Disabled`, and when this page differs from the table.\n")
        .append("This page is generated: edit the table, then run\n")
        .append("`mvn -q -o -pl ingest -am test -Dtest=IngestConformanceTest -Dsurefire.failIfNoSpecifiedTests=false -Dconformance.write=true`.\n\n");
    Map<String, Integer> counts = new TreeMap<>();
    for (Row r : rows) {
      counts.merge(r.party() + ": " + r.status(), 1, Integer::sum);
    }
    b.append("## Summary\n\n").append(rows.size()).append(" rows.\n\n| party: status | rows |\n|---|---|\n");
    counts.forEach((k, v) -> b.append("| ").append(k).append(" | ").append(v).append(" |\n"));
    b.append("\n## Open points (receiver rows partly or not met)\n\n");
    for (Row r : rows) {
      if (r.binds() && (r.status().equals("partly") || r.status().equals("not met"))) {
        b.append("- ").append(r.clause()).append(" (").append(r.status()).append("): ").append(r.note()).append("\n");
      }
    }
    b.append("\n## Requirements\n\n");
    b.append("| Clause | Party | Level | Requirement | Status | Tests |\n|---|---|---|---|---|---|\n");
    for (Row r : rows) {
      String status = r.status() + (r.note().isBlank() ? "" : ": " + r.note());
      List<String> tests = r.tests().stream().map(t -> "`" + t.substring(t.lastIndexOf('.') + 1) + "`").toList();
      b.append("| ").append(r.clause()).append(" | ").append(r.party()).append(" | ").append(r.level()).append(" | ")
          .append(cell(r.requirement())).append(" | ").append(cell(status)).append(" | ")
          .append(String.join("<br>", tests)).append(" |\n");
    }
    return b.toString();
  }

  static String cell(String s) {
    return s.replace("|", "\\|");
  }
}
