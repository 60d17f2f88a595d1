package io.livepoint.media.rtp;

/**
 * The RTP payload formats this package packetizes, with their SDP encoding names, clock rates and
 * static payload types (RFC 3551 Table 4/5): the one table of these constants.
 */
public enum PayloadFormat {
  H264(Media.VIDEO, io.livepoint.media.rtp.H264.ENCODING, 90000, 0, -1),
  H265(Media.VIDEO, io.livepoint.media.rtp.H265.ENCODING, 90000, 0, -1),
  /** RFC 3640 AAC-hbr; the clock rate is the audio sample rate. */
  AAC(Media.AUDIO, Mpeg4Generic.ENCODING, 0, 0, -1),
  /** RFC 2435; static payload type 26. */
  JPEG(Media.VIDEO, "JPEG", 90000, 0, 26),
  /** RFC 7587: always opus/48000/2 in SDP, whatever the channel count. */
  OPUS(Media.AUDIO, "opus", 48000, 2, -1),
  /** RFC 3551 G.711 mu-law, static payload type 0. */
  PCMU(Media.AUDIO, "PCMU", 8000, 1, 0),
  /** RFC 3551 G.711 A-law, static payload type 8. */
  PCMA(Media.AUDIO, "PCMA", 8000, 1, 8),
  /** ONVIF Streaming 5.1.2.1.1 metadata stream: XML documents (tt:MetaDataStream), 90 kHz. */
  ONVIF_METADATA(Media.APPLICATION, "vnd.onvif.metadata", 90000, 0, -1),
  /** The same, GZIP compressed (RFC 1952). */
  ONVIF_METADATA_GZIP(Media.APPLICATION, "vnd.onvif.metadata+gzip", 90000, 0, -1);

  /** SDP media types. */
  public enum Media {
    VIDEO("video"), AUDIO("audio"), APPLICATION("application");

    public final String sdp;

    Media(String sdp) {
      this.sdp = sdp;
    }
  }

  /** First dynamic payload type (RFC 3551 3). */
  public static final int DYNAMIC_FIRST = 96;

  public final Media media;
  public final String encoding;
  /** Fixed clock rate, 0 when it is the sample rate. */
  public final int clockRate;
  /** Channel count written in rtpmap, 0 when it is the stream's (or omitted for video). */
  public final int channels;
  /** Static payload type, -1 for dynamic ones. */
  public final int staticPayloadType;

  PayloadFormat(Media media, String encoding, int clockRate, int channels, int staticPayloadType) {
    this.media = media;
    this.encoding = encoding;
    this.clockRate = clockRate;
    this.channels = channels;
    this.staticPayloadType = staticPayloadType;
  }

  /** The format of an rtpmap encoding name (case-insensitive), or null. */
  public static PayloadFormat byEncoding(String name) {
    for (PayloadFormat f : values()) {
      if (f.encoding.equalsIgnoreCase(name)) {
        return f;
      }
    }
    return null;
  }

  /** The format of a static payload type without rtpmap, or null. */
  public static PayloadFormat byStaticType(int pt) {
    for (PayloadFormat f : values()) {
      if (f.staticPayloadType == pt) {
        return f;
      }
    }
    return null;
  }
}
