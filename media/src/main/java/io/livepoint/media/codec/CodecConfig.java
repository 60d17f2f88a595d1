package io.livepoint.media.codec;

/**
 * The decoder configuration of a track, as a CMAF sample entry carries it (avcC, hvcC, esds
 * AudioSpecificConfig, dOps) and as RTP signals it in SDP: what the CMAF muxer builds a header from and
 * what the RTP payload formats describe.
 */
public sealed interface CodecConfig permits AvcConfig, HevcConfig, AudioSpecificConfig, OpusConfig {}
