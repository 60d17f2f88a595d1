package io.livepoint.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonReaderTest {
  @Test
  void readsNestedValues() {
    Map<String, Object> m = JsonReader.parseObject(
        " {\"a\": [1, -2.5e1, true, false, null], \"s\": \"x\\\"y\\\\z\\n\\u00e9\\/\", \"o\": {}, \"l\": []} ");
    assertEquals(List.of(1.0, -25.0, true, false), ((List<?>) m.get("a")).subList(0, 4));
    assertNull(((List<?>) m.get("a")).get(4));
    assertEquals("x\"y\\z\né/", m.get("s"));
    assertEquals(Map.of(), m.get("o"));
    assertEquals(List.of(), m.get("l"));
    assertEquals(List.of("a", "s", "o", "l"), List.copyOf(m.keySet()), "document order is kept");
  }

  @Test
  void rejectsMalformedInput() {
    for (String bad : new String[] {"{", "{\"a\":1,}", "[1 2]", "{\"a\":1} x", "\"\\q\"", "tru", "{a:1}", "\"a\nb\""}) {
      IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> JsonReader.parse(bad), bad);
      assertTrue(e.getMessage().contains("offset"), e.getMessage());
    }
    assertThrows(IllegalArgumentException.class, () -> JsonReader.parseObject("[1]"));
  }
}
