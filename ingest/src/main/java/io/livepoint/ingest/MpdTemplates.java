package io.livepoint.ingest;

import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * The naming structure an ingest source announces by POSTing a DASH manifest first (ingest 6.2 item 16):
 * each Representation is a CMAF track named by its @id, each AdaptationSet a switching set named by its
 * @id, and SegmentTemplate@initialization / @media tell which request path belongs to which track.
 * Identifiers $RepresentationID$, $Number$, $Time$ and $Bandwidth$ are understood, with printf widths
 * ({@code $Number%05d$}); {@code $$} is a literal dollar.
 */
final class MpdTemplates {
  /** How a request path maps to a track. */
  record Entry(String representationId, String adaptationSetId, Pattern initialization, Pattern media) {}

  /** A request path that matched a template. */
  record Match(String representationId, String adaptationSetId, boolean initialization) {}

  /** Starts the reason of a manifest that is no MPD at all (as opposed to one without usable templates). */
  static final String NOT_XML = "not an MPD: ";

  private static final Pattern IDENTIFIER = Pattern.compile("\\$(RepresentationID|Number|Time|Bandwidth|SubNumber)?(%0?(\\d+)d)?\\$");

  /**
   * Configured once (looking a factory up scans the class path): namespace aware, secure processing,
   * no DOCTYPE at all (so no external or expanding entities), no XInclude, no external DTD or schema.
   */
  private static final DocumentBuilderFactory FACTORY = secureFactory();
  /** A builder per thread: builders are not thread-safe, and event loops parse one manifest at a time. */
  private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(MpdTemplates::newBuilder);

  private final String base;
  private final List<Entry> entries;

  private MpdTemplates(String base, List<Entry> entries) {
    this.base = base;
    this.entries = List.copyOf(entries);
  }

  List<Entry> entries() {
    return entries;
  }

  /**
   * Parses an MPD posted at {@code mpdPath} (below the publishing point): its templates are relative to
   * that path's directory.
   */
  static MpdTemplates parse(byte[] xml, String mpdPath) throws Rejection {
    Element mpd;
    try {
      DocumentBuilder b = documentBuilder();
      b.reset(); // a previous failed parse leaves nothing behind
      b.setErrorHandler(null);
      mpd = b.parse(new ByteArrayInputStream(xml)).getDocumentElement();
    } catch (Exception e) {
      throw Rejection.badRequest(NOT_XML + "manifest is not well-formed XML: " + e.getMessage());
    }
    if (!"MPD".equals(mpd.getLocalName())) {
      throw Rejection.badRequest(NOT_XML + "manifest root is <" + mpd.getLocalName() + ">, not <MPD>");
    }
    List<Entry> entries = new ArrayList<>();
    for (Element period : children(mpd, "Period")) {
      for (Element set : children(period, "AdaptationSet")) {
        Element setTemplate = first(set, "SegmentTemplate");
        String setId = attr(set, "id");
        for (Element rep : children(set, "Representation")) {
          String id = attr(rep, "id");
          if (id == null) {
            throw Rejection.badRequest("Representation without @id in the manifest");
          }
          Element t = first(rep, "SegmentTemplate");
          String init = t != null && attr(t, "initialization") != null ? attr(t, "initialization")
              : setTemplate == null ? null : attr(setTemplate, "initialization");
          String media = t != null && attr(t, "media") != null ? attr(t, "media")
              : setTemplate == null ? null : attr(setTemplate, "media");
          if (init == null || media == null) {
            throw Rejection.badRequest("Representation '" + id + "' has no SegmentTemplate @initialization and @media");
          }
          String bandwidth = attr(rep, "bandwidth");
          entries.add(new Entry(id, setId, compile(init, id, bandwidth), compile(media, id, bandwidth)));
        }
      }
    }
    int slash = mpdPath.lastIndexOf('/');
    return new MpdTemplates(slash < 0 ? "" : mpdPath.substring(0, slash + 1), entries);
  }

  private static DocumentBuilderFactory secureFactory() {
    try {
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setNamespaceAware(true);
      f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      f.setFeature("http://xml.org/sax/features/external-general-entities", false);
      f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      f.setXIncludeAware(false);
      f.setExpandEntityReferences(false);
      return f;
    } catch (ParserConfigurationException e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  private static DocumentBuilder newBuilder() {
    try {
      synchronized (FACTORY) { // a factory is not guaranteed thread-safe
        return FACTORY.newDocumentBuilder();
      }
    } catch (ParserConfigurationException e) {
      throw new IllegalStateException("no XML parser", e);
    }
  }

  /** This thread's builder (the same one every time). */
  static DocumentBuilder documentBuilder() {
    return BUILDER.get();
  }

  /** The track a request path (below the publishing point) belongs to, or null. */
  Match match(String rest) {
    if (!rest.startsWith(base)) {
      return null;
    }
    String relative = rest.substring(base.length());
    for (Entry e : entries) {
      if (e.initialization.matcher(relative).matches()) {
        return new Match(e.representationId, e.adaptationSetId, true);
      }
      if (e.media.matcher(relative).matches()) {
        return new Match(e.representationId, e.adaptationSetId, false);
      }
    }
    return null;
  }

  /** A template as a regular expression for one representation. */
  static Pattern compile(String template, String representationId, String bandwidth) throws Rejection {
    StringBuilder re = new StringBuilder();
    Matcher m = IDENTIFIER.matcher(template);
    int at = 0;
    while (m.find()) {
      re.append(Pattern.quote(template.substring(at, m.start())));
      String name = m.group(1);
      String width = m.group(3);
      if (name == null) {
        if (width != null) {
          throw Rejection.badRequest("bad template identifier in '" + template + "'");
        }
        re.append("\\$");
      } else if (name.equals("RepresentationID")) {
        re.append(Pattern.quote(representationId));
      } else if (name.equals("Bandwidth")) {
        if (bandwidth == null) {
          throw Rejection.badRequest("$Bandwidth$ used but Representation '" + representationId + "' has no @bandwidth");
        }
        if (!bandwidth.matches("\\d{1,18}")) {
          throw Rejection.badRequest("Representation '" + representationId + "' has a bad @bandwidth");
        }
        re.append(Pattern.quote(width == null ? bandwidth : String.format("%0" + width + "d", Long.parseLong(bandwidth))));
      } else {
        re.append(width == null ? "\\d+" : "\\d{" + Integer.parseInt(width) + ",}");
      }
      at = m.end();
    }
    re.append(Pattern.quote(template.substring(at)));
    return Pattern.compile(re.toString());
  }

  private static List<Element> children(Element parent, String localName) {
    List<Element> out = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && localName.equals(e.getLocalName())) {
        out.add(e);
      }
    }
    return out;
  }

  private static Element first(Element parent, String localName) {
    List<Element> c = children(parent, localName);
    return c.isEmpty() ? null : c.get(0);
  }

  private static String attr(Element e, String name) {
    return e.hasAttribute(name) ? e.getAttribute(name) : null;
  }
}
