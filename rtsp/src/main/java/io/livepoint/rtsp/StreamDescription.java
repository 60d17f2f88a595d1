package io.livepoint.rtsp;

import io.livepoint.core.LiveStream;
import io.livepoint.core.Track;
import io.livepoint.core.TrackHeader;
import io.livepoint.media.cmaf.CmafException;
import io.livepoint.media.cmaf.TrackInfo;
import io.livepoint.media.rtp.CmafTrackSource;
import io.netty.buffer.ByteBuf;
import io.netty.util.IllegalReferenceCountException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What DESCRIBE answers for a live stream (RFC 4566 SDP, RFC 2326 C.1): one m= line per playable audio
 * or video track with its rtpmap/fmtp from the CMAF header, a control URL per track, an aggregate control
 * and an open-ended live range.
 */
public final class StreamDescription {
  private static final Logger LOG = LoggerFactory.getLogger(StreamDescription.class);
  /** First dynamic payload type (RFC 3551 6). */
  static final int FIRST_DYNAMIC_PT = 96;

  private final LiveStream stream;
  private final List<MediaTrack> media;

  private StreamDescription(LiveStream stream, List<MediaTrack> media) {
    this.stream = stream;
    this.media = List.copyOf(media);
  }

  /** The RTSP media of a stream: its playable audio and video tracks RTP can carry, video first. */
  public static StreamDescription of(LiveStream stream) {
    List<Track> video = new ArrayList<>();
    List<Track> audio = new ArrayList<>();
    for (Track t : stream.playableTracks()) {
      TrackHeader h = t.header();
      TrackInfo.MediaKind kind = h == null ? null : h.info().mediaKind();
      if (kind == TrackInfo.MediaKind.VIDEO) {
        video.add(t);
      } else if (kind == TrackInfo.MediaKind.AUDIO) {
        audio.add(t);
      }
    }
    video.addAll(audio);
    List<MediaTrack> media = new ArrayList<>();
    int pt = FIRST_DYNAMIC_PT;
    for (Track t : video) {
      ByteBuf bytes;
      try {
        bytes = t.header().retainedData();
      } catch (IllegalReferenceCountException | NullPointerException e) {
        continue; // replaced or removed meanwhile
      }
      try {
        media.add(new MediaTrack(t, CmafTrackSource.of(bytes, pt), Rtsp.TRACK_CONTROL + t.id()));
        pt++;
      } catch (CmafException e) {
        LOG.debug("stream {}: track {} not offered over RTSP: {}", stream.name(), t.id(), e.getMessage());
      } finally {
        bytes.release();
      }
    }
    return new StreamDescription(stream, media);
  }

  public LiveStream stream() {
    return stream;
  }

  public List<MediaTrack> media() {
    return media;
  }

  /** The media with this control, or null. */
  public MediaTrack byControl(String control) {
    for (MediaTrack m : media) {
      if (m.control().equals(control)) {
        return m;
      }
    }
    return null;
  }

  /**
   * The SDP text.
   *
   * @param address the server address the client reached (o= line)
   * @param sessionId a numeric session id for the o= line
   */
  public String sdp(String address, long sessionId) {
    String ipVersion = address.contains(":") ? "IP6" : "IP4";
    StringBuilder b = new StringBuilder();
    line(b, "v=0");
    line(b, "o=- " + sessionId + " " + stream.version() + " IN " + ipVersion + " " + address);
    line(b, "s=" + stream.name());
    line(b, "c=IN " + ipVersion + " " + (ipVersion.equals("IP6") ? "::" : "0.0.0.0"));
    line(b, "t=0 0");
    line(b, "a=tool:" + Rtsp.SERVER_NAME);
    line(b, "a=control:*");
    line(b, "a=range:npt=now-");
    for (MediaTrack m : media) {
      line(b, m.source().sdp().mediaLine(0, Rtsp.RTP_AVP));
      m.source().sdp().attributes().forEach(a -> line(b, a));
      line(b, "a=control:" + m.control());
    }
    return b.toString();
  }

  private static void line(StringBuilder b, String l) {
    b.append(l).append(Rtsp.CRLF);
  }
}
