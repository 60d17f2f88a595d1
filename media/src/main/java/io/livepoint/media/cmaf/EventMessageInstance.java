package io.livepoint.media.cmaf;

import io.livepoint.media.box.Box;
import io.livepoint.media.box.BoxFormatException;
import io.netty.buffer.ByteBuf;

/**
 * An EventMessageInstanceBox ({@code emib}, ISO/IEC 23001-18): an event in a sample of an event message
 * track ({@code evte}). Its time is relative to the sample's presentation time, in the track timescale;
 * it is returned as a version-0 {@link EventMessage} with that meaning (delta from a base).
 */
public final class EventMessageInstance {
  private EventMessageInstance() {}

  /**
   * Parses a whole emib box.
   *
   * @param timescale the metadata track's timescale (emib has none of its own)
   */
  public static EventMessage parse(Box emib, long timescale) {
    if (emib.version() != 0) {
      throw new BoxFormatException("emib version " + emib.version() + " is unknown");
    }
    ByteBuf p = emib.fullPayload();
    p.skipBytes(4); // reserved
    long delta = p.readLong();
    long duration = p.readUnsignedInt();
    long id = p.readUnsignedInt();
    String scheme = EventMessage.string(p);
    String value = EventMessage.string(p);
    byte[] data = new byte[p.readableBytes()];
    p.readBytes(data);
    return new EventMessage(0, scheme, value, timescale, delta, duration, id, data);
  }
}
