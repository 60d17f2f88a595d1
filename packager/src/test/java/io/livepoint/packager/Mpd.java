package io.livepoint.packager;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** An MPD parsed back with the JDK XML parser, with the lookups the tests need. */
final class Mpd {
  static final String NS = "urn:mpeg:dash:schema:mpd:2011";

  final Element root;

  Mpd(byte[] xml) throws Exception {
    DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
    f.setNamespaceAware(true);
    Document d = f.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    root = d.getDocumentElement();
  }

  static List<Element> children(Element parent, String name) {
    List<Element> out = new ArrayList<>();
    NodeList nl = parent.getChildNodes();
    for (int i = 0; i < nl.getLength(); i++) {
      if (nl.item(i) instanceof Element e && NS.equals(e.getNamespaceURI()) && name.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }

  static Element child(Element parent, String name) {
    List<Element> l = children(parent, name);
    return l.isEmpty() ? null : l.get(0);
  }

  List<Element> adaptationSets() {
    return children(child(root, "Period"), "AdaptationSet");
  }

  Element representation(String id) {
    for (Element as : adaptationSets()) {
      for (Element r : children(as, "Representation")) {
        if (id.equals(r.getAttribute("id"))) {
          return r;
        }
      }
    }
    return null;
  }

  Element adaptationSetOf(String representationId) {
    return (Element) representation(representationId).getParentNode();
  }

  /** The (t, d) of every segment the SegmentTimeline of a Representation describes. */
  static List<long[]> timeline(Element representation) {
    Element st = child(child(representation, "SegmentTemplate"), "SegmentTimeline");
    List<long[]> out = new ArrayList<>();
    long next = 0;
    for (Element s : children(st, "S")) {
      long t = s.hasAttribute("t") ? Long.parseLong(s.getAttribute("t")) : next;
      long d = Long.parseLong(s.getAttribute("d"));
      int r = s.hasAttribute("r") ? Integer.parseInt(s.getAttribute("r")) : 0;
      for (int i = 0; i <= r; i++) {
        out.add(new long[] {t, d});
        t += d;
      }
      next = t;
    }
    return out;
  }
}
