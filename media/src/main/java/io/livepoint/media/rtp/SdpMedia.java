package io.livepoint.media.rtp;

import io.livepoint.media.codec.AudioSpecificConfig;
import io.livepoint.media.codec.AvcConfig;
import io.livepoint.media.codec.HevcConfig;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The RTP part of one SDP media description (RFC 4566 / RFC 3551): payload type, {@code a=rtpmap} and
 * {@code a=fmtp}. The RTSP server writes it for DESCRIBE; the client parses it from a camera's DESCRIBE or
 * an ANNOUNCE and gets the matching depacketizer and codec configuration from it.
 *
 * @param clockRate RTP clock rate (90000 video, the sample rate for AAC/G.711, 48000 Opus)
 * @param channels audio channels (rtpmap encoding parameter; 0 for video)
 * @param fmtp format parameters (keys lower case), empty when none
 */
public record SdpMedia(PayloadFormat format, int payloadType, int clockRate, int channels,
    Map<String, String> fmtp) {

  public SdpMedia {
    fmtp = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(fmtp));
  }

  /** H.264 packetization-mode 1 with profile-level-id and sprop-parameter-sets from the avcC. */
  public static SdpMedia h264(int payloadType, AvcConfig c) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("packetization-mode", "1");
    m.put("profile-level-id", String.format("%02x%02x%02x", c.profile(), c.compatibility(), c.level()));
    List<byte[]> sets = new ArrayList<>(c.sps());
    sets.addAll(c.pps());
    m.put("sprop-parameter-sets", Fmtp.base64List(sets));
    return new SdpMedia(PayloadFormat.H264, payloadType, H264.CLOCK_RATE, 0, m);
  }

  /** H.265 with profile, tier, level and sprop-vps/sps/pps from the hvcC (RFC 7798 7.1). */
  public static SdpMedia h265(int payloadType, HevcConfig c) {
    Map<String, String> m = new LinkedHashMap<>();
    if (c.profileSpace() != 0) {
      m.put("profile-space", Integer.toString(c.profileSpace()));
    }
    m.put("profile-id", Integer.toString(c.profileIdc()));
    m.put("tier-flag", c.tierFlag() ? "1" : "0");
    m.put("level-id", Integer.toString(c.levelIdc()));
    m.put("sprop-vps", Fmtp.base64List(c.vps()));
    m.put("sprop-sps", Fmtp.base64List(c.sps()));
    m.put("sprop-pps", Fmtp.base64List(c.pps()));
    return new SdpMedia(PayloadFormat.H265, payloadType, H265.CLOCK_RATE, 0, m);
  }

  /** AAC as RFC 3640 AAC-hbr with the AudioSpecificConfig of the esds. */
  public static SdpMedia aac(int payloadType, int sampleRate, int channels, byte[] audioSpecificConfig) {
    return new SdpMedia(PayloadFormat.AAC, payloadType, sampleRate, channels,
        Mpeg4Generic.aacFmtp(audioSpecificConfig));
  }

  /** Opus (RFC 7587 7): always opus/48000/2; sprop-stereo tells what the sender sends. */
  public static SdpMedia opus(int payloadType, int channels) {
    return new SdpMedia(PayloadFormat.OPUS, payloadType, 48000, 2,
        Map.of("sprop-stereo", channels > 1 ? "1" : "0"));
  }

  /** JPEG, static payload type 26. */
  public static SdpMedia jpeg() {
    return new SdpMedia(PayloadFormat.JPEG, PayloadFormat.JPEG.staticPayloadType, 90000, 0, Map.of());
  }

  /** G.711 (PCMU or PCMA) at 8 kHz mono with its static payload type. */
  public static SdpMedia g711(PayloadFormat law) {
    if (law != PayloadFormat.PCMU && law != PayloadFormat.PCMA) {
      throw new IllegalArgumentException(law + " is not G.711");
    }
    return new SdpMedia(law, law.staticPayloadType, 8000, 1, Map.of());
  }

  /** An ONVIF metadata stream (plain or GZIP XML documents). */
  public static SdpMedia metadata(int payloadType, boolean gzip) {
    PayloadFormat f = gzip ? PayloadFormat.ONVIF_METADATA_GZIP : PayloadFormat.ONVIF_METADATA;
    return new SdpMedia(f, payloadType, 90000, 0, Map.of());
  }

  /** {@code m=<media> <port> <proto> <pt>}. */
  public String mediaLine(int port, String proto) {
    return "m=" + format.media.sdp + " " + port + " " + proto + " " + payloadType;
  }

  /** The rtpmap and (when there are parameters) fmtp attribute lines, {@code a=} included, no CRLF. */
  public List<String> attributes() {
    List<String> out = new ArrayList<>();
    String rtpmap = "a=rtpmap:" + payloadType + " " + format.encoding + "/" + clockRate;
    if (format.media == PayloadFormat.Media.AUDIO && channels > 0) {
      rtpmap += "/" + channels;
    }
    out.add(rtpmap);
    if (!fmtp.isEmpty()) {
      out.add("a=fmtp:" + payloadType + " " + Fmtp.format(fmtp));
    }
    return out;
  }

  /**
   * The first payload type of a media description that this package can depacketize.
   *
   * @param mediaLine the {@code m=} line
   * @param lines the description's other lines ({@code a=rtpmap}, {@code a=fmtp}, anything else ignored)
   * @throws RtpFormatException when the m= line is malformed or none of its formats is supported
   */
  public static SdpMedia parse(String mediaLine, List<String> lines) {
    String[] m = mediaLine.trim().replaceFirst("^m=", "").split("\\s+");
    if (m.length < 4) {
      throw new RtpFormatException("malformed media line: '" + mediaLine + "'");
    }
    Map<Integer, String> rtpmaps = new LinkedHashMap<>();
    Map<Integer, String> fmtps = new LinkedHashMap<>();
    for (String line : lines) {
      String l = line.trim().replaceFirst("^a=", "");
      String lower = l.toLowerCase(Locale.ROOT);
      if (lower.startsWith("rtpmap:") || lower.startsWith("fmtp:")) {
        int colon = l.indexOf(':');
        int space = l.indexOf(' ', colon);
        if (space < 0) {
          continue;
        }
        try {
          int pt = Integer.parseInt(l.substring(colon + 1, space).trim());
          (lower.startsWith("rtpmap:") ? rtpmaps : fmtps).put(pt, l.substring(space + 1).trim());
        } catch (NumberFormatException e) {
          throw new RtpFormatException("malformed attribute: '" + line + "'");
        }
      }
    }
    for (int i = 3; i < m.length; i++) {
      int pt;
      try {
        pt = Integer.parseInt(m[i]);
      } catch (NumberFormatException e) {
        throw new RtpFormatException("payload type '" + m[i] + "' is not a number");
      }
      if (pt < 0 || pt > 127) {
        throw new RtpFormatException("payload type " + pt + " out of range");
      }
      SdpMedia media = of(pt, rtpmaps.get(pt), fmtps.get(pt));
      if (media != null) {
        return media;
      }
    }
    throw new RtpFormatException("no supported payload format in '" + mediaLine + "'");
  }

  private static SdpMedia of(int pt, String rtpmap, String fmtp) {
    Map<String, String> params = fmtp == null ? Map.of() : Fmtp.parse(fmtp);
    if (rtpmap == null) {
      PayloadFormat f = PayloadFormat.byStaticType(pt);
      return f == null ? null : new SdpMedia(f, pt, f.clockRate, f.channels, params);
    }
    String[] enc = rtpmap.split("/");
    PayloadFormat f = PayloadFormat.byEncoding(enc[0].trim());
    if (f == null) {
      return null;
    }
    try {
      int rate = enc.length > 1 ? Integer.parseInt(enc[1].trim()) : f.clockRate;
      int channels = enc.length > 2 ? Integer.parseInt(enc[2].trim()) : f.media == PayloadFormat.Media.AUDIO ? 1 : 0;
      if (rate <= 0 || channels < 0) {
        throw new RtpFormatException("rtpmap '" + rtpmap + "' out of range");
      }
      return new SdpMedia(f, pt, rate, channels, params);
    } catch (NumberFormatException e) {
      throw new RtpFormatException("malformed rtpmap '" + rtpmap + "'");
    }
  }

  /** The parameter sets signalled out of band (H.264 sprop-parameter-sets; H.265 VPS, SPS, PPS), in order. */
  public List<byte[]> parameterSets() {
    List<byte[]> out = new ArrayList<>();
    if (format == PayloadFormat.H264) {
      out.addAll(Fmtp.base64List(fmtp.get("sprop-parameter-sets")));
    } else if (format == PayloadFormat.H265) {
      out.addAll(Fmtp.base64List(fmtp.get("sprop-vps")));
      out.addAll(Fmtp.base64List(fmtp.get("sprop-sps")));
      out.addAll(Fmtp.base64List(fmtp.get("sprop-pps")));
    }
    return out;
  }

  /**
   * The codec configuration to mux this stream into CMAF: H.264/H.265 parameter sets from the SDP, else
   * from the in-band parameter sets of {@code keyUnit} (many cameras send them only in-band); the AAC
   * config; Opus with the channels of sprop-stereo. Null while an H.264/H.265 stream has shown no SPS yet.
   *
   * @param keyUnit an access unit with in-band parameter sets, or null
   * @throws RtpFormatException when the parameter sets or the AAC config cannot be parsed
   */
  public io.livepoint.media.codec.CodecConfig codecConfig(AccessUnit keyUnit) {
    try {
      return switch (format) {
        case H264, H265 -> {
          List<byte[]> sets = new ArrayList<>(parameterSets());
          if (sets.isEmpty() && keyUnit != null) {
            for (io.netty.buffer.ByteBuf u : keyUnit.units()) {
              byte[] b = new byte[u.readableBytes()];
              u.getBytes(u.readerIndex(), b);
              sets.add(b);
            }
          }
          boolean avc = format == PayloadFormat.H264;
          List<byte[]> vps = sets.stream().filter(n -> n.length > 1 && !avc && (n[0] >> 1 & 0x3f) == H265.NAL_VPS).toList();
          List<byte[]> sps = sets.stream().filter(n -> n.length > 1 && (avc ? (n[0] & 0x1f) == H264.NAL_SPS
              : (n[0] >> 1 & 0x3f) == H265.NAL_SPS)).toList();
          List<byte[]> pps = sets.stream().filter(n -> n.length > 1 && (avc ? (n[0] & 0x1f) == H264.NAL_PPS
              : (n[0] >> 1 & 0x3f) == H265.NAL_PPS)).toList();
          if (sps.isEmpty() || pps.isEmpty()) {
            yield null;
          }
          yield avc ? AvcConfig.of(sps, pps) : HevcConfig.of(vps, sps, pps);
        }
        case AAC -> audioConfig();
        case OPUS -> new io.livepoint.media.codec.OpusConfig("1".equals(fmtp.get("sprop-stereo")) ? 2 : 1, 0, 48000, 0, 0);
        case JPEG, PCMU, PCMA, ONVIF_METADATA, ONVIF_METADATA_GZIP ->
            throw new RtpFormatException(format + " has no CMAF sample entry here");
      };
    } catch (IllegalArgumentException e) {
      throw new RtpFormatException("unusable parameter sets: " + e.getMessage());
    }
  }

  /** The AudioSpecificConfig of an mpeg4-generic stream ({@code config=}). */
  public byte[] audioSpecificConfig() {
    String c = fmtp.get("config");
    if (c == null) {
      throw new RtpFormatException("mpeg4-generic without config");
    }
    return Fmtp.unhex(c);
  }

  /** The parsed AudioSpecificConfig of an mpeg4-generic stream. @throws RtpFormatException when invalid */
  public AudioSpecificConfig audioConfig() {
    try {
      return AudioSpecificConfig.parse(audioSpecificConfig());
    } catch (IllegalArgumentException e) {
      throw new RtpFormatException("invalid AudioSpecificConfig: " + e.getMessage());
    }
  }

  /**
   * A depacketizer for this format.
   *
   * @throws RtpFormatException when the parameters are unusable (H.264 packetization-mode 2, AAC
   *     header fields that are not supported)
   */
  public Depacketizer depacketizer(ByteBufAllocator alloc) {
    return switch (format) {
      case H264 -> {
        if (Fmtp.integer(fmtp, "packetization-mode", 0) > 1) {
          throw new RtpFormatException("H.264 interleaved mode (packetization-mode=2) is not supported");
        }
        yield NalDepacketizer.h264(alloc);
      }
      case H265 -> {
        if (Fmtp.integer(fmtp, "sprop-max-don-diff", 0) > 0) {
          throw new RtpFormatException("H.265 with DONL (sprop-max-don-diff > 0) is not supported");
        }
        yield NalDepacketizer.h265(alloc);
      }
      case AAC -> new AacDepacketizer(Mpeg4Generic.of(fmtp), audioConfig().frameLength(), alloc);
      case JPEG -> new JpegDepacketizer(alloc);
      case OPUS, PCMU, PCMA -> new AudioDepacketizer();
      case ONVIF_METADATA, ONVIF_METADATA_GZIP -> new MetadataDepacketizer(alloc);
    };
  }

  /** A packetizer for this format (the parameter sets of H.264/H.265 come from the fmtp). */
  public Packetizer packetizer(int maxPayload, ByteBufAllocator alloc) {
    return switch (format) {
      case H264 -> NalPacketizer.h264(parameterSets(), maxPayload, alloc);
      case H265 -> NalPacketizer.h265(parameterSets(), maxPayload, alloc);
      case AAC -> new AacPacketizer(maxPayload, alloc);
      case JPEG -> new JpegPacketizer(maxPayload, alloc);
      case OPUS -> new AudioPacketizer(AudioPacketizer.Kind.OPUS, maxPayload);
      case PCMU, PCMA -> new AudioPacketizer(AudioPacketizer.Kind.G711, maxPayload);
      case ONVIF_METADATA, ONVIF_METADATA_GZIP -> new MetadataPacketizer(maxPayload);
    };
  }
}
