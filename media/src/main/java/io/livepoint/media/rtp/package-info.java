/**
 * RTP (RFC 3550) without I/O: what the RTSP server and client build on.
 *
 * <ul>
 *   <li>Wire: {@link io.livepoint.media.rtp.RtpPacket} (header, CSRC, extension, padding),
 *       {@link io.livepoint.media.rtp.Rtcp} / {@link io.livepoint.media.rtp.RtcpPacket} (SR, RR, SDES, BYE),
 *       {@link io.livepoint.media.rtp.OnvifReplayExtension}, {@link io.livepoint.media.rtp.JpegHeaderExtension},
 *       {@link io.livepoint.media.rtp.NtpTime}, {@link io.livepoint.media.rtp.RtpSequence}.</li>
 *   <li>Payload formats: a {@link io.livepoint.media.rtp.Packetizer} and a
 *       {@link io.livepoint.media.rtp.Depacketizer} per format (H.264, H.265, AAC, JPEG, Opus, G.711), described in
 *       SDP by {@link io.livepoint.media.rtp.SdpMedia}; the constants of each format live in one class
 *       ({@link io.livepoint.media.rtp.H264}, {@link io.livepoint.media.rtp.H265},
 *       {@link io.livepoint.media.rtp.Mpeg4Generic}, {@link io.livepoint.media.rtp.Jpeg},
 *       {@link io.livepoint.media.rtp.PayloadFormat}).</li>
 *   <li>Receive path: {@link io.livepoint.media.rtp.RtpReceiver} = {@link io.livepoint.media.rtp.ReorderBuffer}
 *       + depacketizer + {@link io.livepoint.media.rtp.TimestampUnwrapper};
 *       {@link io.livepoint.media.rtp.ReceptionStats} feeds receiver reports.</li>
 *   <li>CMAF edges: {@link io.livepoint.media.rtp.CmafTrackSource} turns stored samples into access units
 *       (retained slices, no copy per client); {@link io.livepoint.media.rtp.CmafTrackSink} muxes received access
 *       units into CMAF.</li>
 * </ul>
 *
 * <p>Buffers: an {@link io.livepoint.media.rtp.AccessUnit} and an {@link io.livepoint.media.rtp.RtpPacket} own
 * their bytes. Packetizers and depacketizers never take ownership of their input: they retain what they keep.
 * Parsers throw only {@link io.livepoint.media.rtp.RtpFormatException}; depacketizers never throw on bad input,
 * they count the packet ({@code malformed()}, {@code lastError()}) for the caller to log.
 */
package io.livepoint.media.rtp;
