package io.livepoint.media.codec;

import io.netty.buffer.ByteBuf;

/**
 * OpusSpecificBox ({@code dOps}) of the Opus-in-ISOBMFF encapsulation.
 *
 * @param outputChannelCount OutputChannelCount
 * @param preSkip PreSkip in 48 kHz samples
 * @param inputSampleRate InputSampleRate (informative)
 * @param outputGain OutputGain (Q7.8 dB)
 * @param channelMappingFamily ChannelMappingFamily
 */
public record OpusConfig(int outputChannelCount, int preSkip, long inputSampleRate, int outputGain,
    int channelMappingFamily) implements CodecConfig {

  /**
   * Parses a dOps payload (after the 8-byte box header).
   *
   * @throws IndexOutOfBoundsException when truncated
   */
  public static OpusConfig parse(ByteBuf p) {
    ByteBuf in = p.duplicate();
    in.readUnsignedByte(); // Version
    return new OpusConfig(in.readUnsignedByte(), in.readUnsignedShort(), in.readUnsignedInt(),
        in.readShort(), in.readUnsignedByte());
  }
}
