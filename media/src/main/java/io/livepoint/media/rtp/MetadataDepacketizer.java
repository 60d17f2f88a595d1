package io.livepoint.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.List;
import java.util.function.Consumer;

/**
 * ONVIF metadata stream depacketizer: payloads are concatenated up to the packet with the marker bit,
 * which closes the XML document. The timestamps inside one document may differ (they are packet creation
 * times), so only the marker bounds a document; its timestamp is its first packet's. A loss drops the
 * document being received.
 */
public final class MetadataDepacketizer implements Depacketizer {
  /** Largest document kept: the spec sets no limit, garbage must not grow memory without one. */
  static final int MAX_DOCUMENT = 16 << 20;

  private final ByteBufAllocator alloc;
  private ByteBuf document;
  private long timestamp;
  private boolean damaged;
  private boolean skipping;
  private long malformed;
  private String lastError;

  public MetadataDepacketizer(ByteBufAllocator alloc) {
    this.alloc = alloc;
  }

  @Override
  public void packet(RtpPacket p, boolean afterLoss, Consumer<AccessUnit> out) {
    if (afterLoss) {
      drop();
      damaged = true;
      skipping = true; // the rest of a document whose head was lost
    }
    if (skipping) {
      if (p.marker()) {
        skipping = false;
      }
      return;
    }
    ByteBuf payload = p.payload();
    if (document == null) {
      document = alloc.buffer(Math.max(1024, payload.readableBytes()), MAX_DOCUMENT);
      timestamp = p.timestamp();
    }
    if (document.readableBytes() + payload.readableBytes() > MAX_DOCUMENT) {
      malformed++;
      lastError = "metadata document larger than " + MAX_DOCUMENT + " bytes";
      drop();
      damaged = true;
      skipping = !p.marker();
      return;
    }
    document.writeBytes(payload, payload.readerIndex(), payload.readableBytes());
    if (p.marker()) {
      ByteBuf doc = document;
      document = null;
      AccessUnit au = new AccessUnit(timestamp, true, damaged, List.of(doc));
      damaged = false;
      out.accept(au);
    }
  }

  private void drop() {
    if (document != null) {
      document.release();
      document = null;
    }
  }

  @Override
  public long malformed() {
    return malformed;
  }

  @Override
  public String lastError() {
    return lastError;
  }

  @Override
  public void close() {
    drop();
  }
}
