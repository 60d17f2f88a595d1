package io.livepoint.media.cmaf;

import io.livepoint.media.box.Box;
import io.livepoint.media.box.BoxFormatException;
import io.livepoint.media.box.Boxes;
import io.netty.buffer.ByteBuf;

/**
 * A DASHEventMessageBox ({@code emsg}, ISO/IEC 23009-1 5.10.3.3). Version 0 carries a presentation time
 * delta relative to the segment's earliest presentation time; version 1 an absolute presentation time.
 *
 * @param version 0 or 1
 * @param schemeIdUri scheme_id_uri
 * @param value value
 * @param timescale timescale of the times below
 * @param time presentation_time_delta (v0) or presentation_time (v1)
 * @param eventDuration event_duration (0xFFFFFFFF = unknown)
 * @param id event id
 * @param messageData message_data (small metadata, e.g. a SCTE-35 splice_info_section)
 */
public record EventMessage(int version, String schemeIdUri, String value, long timescale, long time,
    long eventDuration, long id, byte[] messageData) {

  /** The presentation time on the track timeline, given the segment's earliest presentation time. */
  public long presentationTime(long segmentStart) {
    return version == 0 ? segmentStart + time : time;
  }

  /** Writes this message as a whole emsg box (its version's layout) to {@code out}. */
  public void write(ByteBuf out) {
    io.livepoint.media.box.BoxWriter w = new io.livepoint.media.box.BoxWriter(out).startFull("emsg", version, 0);
    if (version == 0) {
      w.cstring(schemeIdUri).cstring(value).u32(timescale).u32(time).u32(eventDuration).u32(id);
    } else {
      w.u32(timescale).u64(time).u32(eventDuration).u32(id).cstring(schemeIdUri).cstring(value);
    }
    w.bytes(messageData).end();
  }

  /** Parses a whole emsg box. */
  public static EventMessage parse(Box emsg) {
    int version = emsg.version();
    ByteBuf p = emsg.fullPayload();
    if (version == 0) {
      String scheme = string(p);
      String value = string(p);
      long timescale = p.readUnsignedInt();
      long delta = p.readUnsignedInt();
      long duration = p.readUnsignedInt();
      long id = p.readUnsignedInt();
      return new EventMessage(0, scheme, value, timescale, delta, duration, id, rest(p));
    }
    if (version == 1) {
      long timescale = p.readUnsignedInt();
      long time = p.readLong();
      long duration = p.readUnsignedInt();
      long id = p.readUnsignedInt();
      String scheme = string(p);
      String value = string(p);
      return new EventMessage(1, scheme, value, timescale, time, duration, id, rest(p));
    }
    throw new BoxFormatException("emsg version " + version + " is unknown");
  }

  /** Reads a NUL-terminated UTF-8 string and moves past its terminator. */
  static String string(ByteBuf p) {
    int end = p.writerIndex();
    int zero = p.indexOf(p.readerIndex(), end, (byte) 0);
    if (zero < 0) {
      throw new BoxFormatException("emsg string without terminator");
    }
    String s = Boxes.cstring(p, p.readerIndex(), end);
    p.readerIndex(zero + 1);
    return s;
  }

  private static byte[] rest(ByteBuf p) {
    byte[] b = new byte[p.readableBytes()];
    p.readBytes(b);
    return b;
  }
}
