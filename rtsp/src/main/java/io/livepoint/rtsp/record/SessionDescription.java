package io.livepoint.rtsp.record;

import io.livepoint.media.rtp.RtpFormatException;
import io.livepoint.media.rtp.SdpMedia;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The media of an SDP session description (RFC 4566) received from a camera's DESCRIBE or an encoder's
 * ANNOUNCE: each supported media section with its payload format and control URL (RFC 2326 C.1.1).
 * Media sections this server cannot mux into CMAF are skipped with a log line.
 */
public final class SessionDescription {
  private static final Logger LOG = LoggerFactory.getLogger(SessionDescription.class);

  /** One usable media section. @param control absolute control URL of the media (SETUP target) */
  public record Medium(SdpMedia media, String control) {}

  private SessionDescription() {}

  /**
   * Parses {@code sdp}.
   *
   * @param base the base URL for relative controls (Content-Base, else the request URL)
   * @throws RtpFormatException when no media section is usable
   */
  public static List<Medium> parse(String sdp, String base) {
    List<Medium> out = new ArrayList<>();
    String sessionControl = null;
    String mediaLine = null;
    List<String> attrs = new ArrayList<>();
    for (String raw : (sdp + "\nm=end").split("\r?\n")) {
      String line = raw.trim();
      if (line.startsWith("m=")) {
        if (mediaLine != null) {
          add(out, mediaLine, attrs, sessionControl != null ? resolve(base, sessionControl) : base);
        }
        mediaLine = line.equals("m=end") ? null : line;
        attrs = new ArrayList<>();
      } else if (mediaLine == null && line.startsWith("a=control:")) {
        sessionControl = line.substring("a=control:".length()).trim();
      } else if (mediaLine != null && line.startsWith("a=")) {
        attrs.add(line);
      }
    }
    if (out.isEmpty()) {
      throw new RtpFormatException("no media section with a supported payload format");
    }
    return out;
  }

  private static void add(List<Medium> out, String mediaLine, List<String> attrs, String base) {
    String control = null;
    for (String a : attrs) {
      if (a.startsWith("a=control:")) {
        control = a.substring("a=control:".length()).trim();
      }
    }
    try {
      SdpMedia media = SdpMedia.parse(mediaLine, attrs);
      switch (media.format()) {
        case H264, H265, AAC, OPUS -> out.add(new Medium(media, control == null ? base : resolve(base, control)));
        default -> LOG.info("SDP media '{}' ({}) skipped: no CMAF sample entry for it here", mediaLine, media.format());
      }
    } catch (RtpFormatException e) {
      LOG.info("SDP media '{}' skipped: {}", mediaLine, e.getMessage());
    }
  }

  /** A control attribute resolved against the base URL (absolute when it has a scheme; "*" is the base). */
  static String resolve(String base, String control) {
    if (control.equals("*") || control.isEmpty()) {
      return base;
    }
    if (control.regionMatches(true, 0, "rtsp://", 0, 7) || control.regionMatches(true, 0, "rtsps://", 0, 8)) {
      return control;
    }
    return base.endsWith("/") ? base + control : base + "/" + control;
  }
}
