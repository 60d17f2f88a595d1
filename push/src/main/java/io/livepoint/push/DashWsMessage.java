package io.livepoint.push;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

/**
 * One message of the MPEG-DASH WebSocket sub-protocol (ISO/IEC 23009-6 8.4), decoded: the JSON metadata
 * as typed fields (null or -1 when absent) and the binary payload (an MPD or segment bytes; empty when
 * none). Owns its payload: release it.
 *
 * @param type the message
 * @param streamId the request this message belongs to (client-chosen; pushed segments get server ids)
 * @param status HTTP status of the resource (server messages), or -1
 * @param last whether a segment-received message ends its segment
 */
public record DashWsMessage(Type type, long streamId, String url, String pushDirective, String pushAck, int status,
    String contentType, boolean last, String reason, ByteBuf payload) implements ReferenceCounted {

  /** The message types of 8.4 with their codes (see {@link PushConstants}). */
  public enum Type {
    MPD_REQUEST(PushConstants.WS_MPD_REQUEST),
    SEGMENT_REQUEST(PushConstants.WS_SEGMENT_REQUEST),
    SEGMENT_CANCEL(PushConstants.WS_SEGMENT_CANCEL),
    MPD_RECEIVED(PushConstants.WS_MPD_RECEIVED),
    SEGMENT_RECEIVED(PushConstants.WS_SEGMENT_RECEIVED),
    END_OF_STREAM(PushConstants.WS_END_OF_STREAM);

    private final int code;

    Type(int code) {
      this.code = code;
    }

    public int code() {
      return code;
    }

    public static Type of(int code) {
      for (Type t : values()) {
        if (t.code == code) {
          return t;
        }
      }
      return null;
    }
  }

  @Override
  public int refCnt() {
    return payload.refCnt();
  }

  @Override
  public DashWsMessage retain() {
    payload.retain();
    return this;
  }

  @Override
  public DashWsMessage retain(int increment) {
    payload.retain(increment);
    return this;
  }

  @Override
  public DashWsMessage touch() {
    payload.touch();
    return this;
  }

  @Override
  public DashWsMessage touch(Object hint) {
    payload.touch(hint);
    return this;
  }

  @Override
  public boolean release() {
    return payload.release();
  }

  @Override
  public boolean release(int decrement) {
    return payload.release(decrement);
  }
}
