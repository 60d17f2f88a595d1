package io.livepoint.media.cmaf;

import io.livepoint.media.box.Box;
import io.livepoint.media.box.BoxFormatException;
import io.livepoint.media.box.Boxes;
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
    String scheme = string(p);
    String value = string(p);
    byte[] data = new byte[p.readableBytes()];
    p.readBytes(data);
    return new EventMessage(0, scheme, value, timescale, delta, duration, id, data);
  }

  private static String string(ByteBuf p) {
    int zero = p.indexOf(p.readerIndex(), p.writerIndex(), (byte) 0);
    if (zero < 0) {
      throw new BoxFormatException("emib string without terminator");
    }
    String s = Boxes.cstring(p, p.readerIndex(), p.writerIndex());
    p.readerIndex(zero + 1);
    return s;
  }
}
