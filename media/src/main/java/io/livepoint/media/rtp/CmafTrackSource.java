package io.livepoint.media.rtp;

import io.livepoint.media.cmaf.CmafException;
import io.livepoint.media.cmaf.CmafHeader;
import io.livepoint.media.cmaf.NalUnits;
import io.livepoint.media.cmaf.Sample;
import io.livepoint.media.cmaf.SampleEntries;
import io.livepoint.media.cmaf.TrackInfo;
import io.livepoint.media.codec.AudioSpecificConfig;
import io.livepoint.media.codec.AvcConfig;
import io.livepoint.media.codec.CodecConfig;
import io.livepoint.media.codec.HevcConfig;
import io.livepoint.media.codec.OpusConfig;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;

/**
 * A stored CMAF track as an RTP source: its SDP media description from the header's sample entry, a
 * packetizer, and each CMAF sample as an access unit in the RTP clock (NAL units of AVC/HEVC samples are
 * retained slices of the stored chunk: no copy per client).
 */
public final class CmafTrackSource {
  private final TrackInfo info;
  private final CodecConfig config;
  private final SdpMedia sdp;

  private CmafTrackSource(TrackInfo info, CodecConfig config, SdpMedia sdp) {
    this.info = info;
    this.config = config;
    this.sdp = sdp;
  }

  /**
   * Reads a CMAF header (unchanged, not released).
   *
   * @param payloadType the dynamic payload type to give the track
   * @throws CmafException MALFORMED for a broken header, UNSUPPORTED for tracks RTP cannot carry here
   */
  public static CmafTrackSource of(ByteBuf header, int payloadType) throws CmafException {
    TrackInfo info = CmafHeader.parse(header);
    CodecConfig config = SampleEntries.codecConfig(header);
    SdpMedia sdp = switch (config) {
      case null -> throw new CmafException(CmafException.Kind.UNSUPPORTED,
          "no RTP payload format for sample entry '" + info.sampleEntry() + "'");
      case AvcConfig a -> SdpMedia.h264(payloadType, a);
      case HevcConfig h -> SdpMedia.h265(payloadType, h);
      case AudioSpecificConfig a -> SdpMedia.aac(payloadType, a.sampleRate(), a.channels(), a.bytes());
      case OpusConfig o -> SdpMedia.opus(payloadType, o.outputChannelCount());
    };
    return new CmafTrackSource(info, config, sdp);
  }

  public TrackInfo info() {
    return info;
  }

  public CodecConfig config() {
    return config;
  }

  public SdpMedia sdp() {
    return sdp;
  }

  public Packetizer packetizer(int maxPayload, ByteBufAllocator alloc) {
    return sdp.packetizer(maxPayload, alloc);
  }

  /** A media time (track timescale) in the RTP clock of the track. */
  public long toRtpTime(long mediaTime) {
    if (info.timescale() == sdp.clockRate()) {
      return mediaTime;
    }
    try {
      return Math.multiplyExact(mediaTime, (long) sdp.clockRate()) / info.timescale();
    } catch (ArithmeticException e) {
      return (long) ((double) mediaTime * sdp.clockRate() / info.timescale());
    }
  }

  /**
   * The access unit of a sample at its presentation time. The sample stays the caller's; the access
   * unit holds retained slices of it and must be released.
   *
   * @throws CmafException MALFORMED when an AVC/HEVC sample's NAL unit lengths are broken
   */
  public AccessUnit accessUnit(Sample s) throws CmafException {
    long ts = toRtpTime(s.presentationTime());
    return switch (config) {
      case AvcConfig a -> new AccessUnit(ts, s.sync(), false, NalUnits.split(s.data(), a.nalLengthSize()));
      case HevcConfig h -> new AccessUnit(ts, s.sync(), false, NalUnits.split(s.data(), h.nalLengthSize()));
      default -> new AccessUnit(ts, true, false, List.of(s.data().retainedSlice()));
    };
  }
}
