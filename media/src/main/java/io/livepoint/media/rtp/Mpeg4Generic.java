package io.livepoint.media.rtp;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * RFC 3640 mpeg4-generic parameters of the AU header section. AAC-hbr (3.3.6) is sizeLength 13,
 * indexLength 3, indexDeltaLength 3; AAC-lbr (3.3.5) is 6/2/2. Other header fields (CTS, DTS, RAP) are
 * not supported.
 */
public record Mpeg4Generic(int sizeLength, int indexLength, int indexDeltaLength) {
  public static final String ENCODING = "mpeg4-generic";
  public static final String MODE_AAC_HBR = "AAC-hbr";
  public static final Mpeg4Generic AAC_HBR = new Mpeg4Generic(13, 3, 3);
  /** streamType of audio (ISO/IEC 14496-1 Table 6). */
  public static final int STREAM_TYPE_AUDIO = 5;

  public Mpeg4Generic {
    if (sizeLength < 1 || sizeLength > 16 || indexLength < 0 || indexLength > 8 || indexDeltaLength < 0
        || indexDeltaLength > 8) {
      throw new RtpFormatException("unsupported AU header lengths " + sizeLength + "/" + indexLength + "/"
          + indexDeltaLength);
    }
  }

  /**
   * The parameters of an fmtp line (keys lower case).
   *
   * @throws RtpFormatException when sizelength is missing or a value is not a number, or when fields this
   *     depacketizer cannot read (CTS/DTS/RAP, auxiliary data) are signalled
   */
  public static Mpeg4Generic of(Map<String, String> fmtp) {
    for (String unsupported : new String[] {"ctsdeltalength", "dtsdeltalength", "randomaccessindication",
        "streamstateindication", "auxiliarydatasizelength"}) {
      if (Fmtp.integer(fmtp, unsupported, 0) != 0) {
        throw new RtpFormatException("mpeg4-generic " + unsupported + " is not supported");
      }
    }
    if (!fmtp.containsKey("sizelength")) {
      throw new RtpFormatException("mpeg4-generic without sizelength");
    }
    return new Mpeg4Generic(Fmtp.integer(fmtp, "sizelength", 0), Fmtp.integer(fmtp, "indexlength", 0),
        Fmtp.integer(fmtp, "indexdeltalength", 0));
  }

  /** fmtp parameters of an AAC-hbr stream with this AudioSpecificConfig. */
  public static Map<String, String> aacFmtp(byte[] audioSpecificConfig) {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("streamtype", Integer.toString(STREAM_TYPE_AUDIO));
    m.put("profile-level-id", "1");
    m.put("mode", MODE_AAC_HBR);
    m.put("sizelength", "13");
    m.put("indexlength", "3");
    m.put("indexdeltalength", "3");
    m.put("config", Fmtp.hex(audioSpecificConfig));
    return m;
  }

  /** Bits of one AU header: the first one (with the index) or a later one (with the index delta). */
  int headerBits(boolean first) {
    return sizeLength + (first ? indexLength : indexDeltaLength);
  }
}
