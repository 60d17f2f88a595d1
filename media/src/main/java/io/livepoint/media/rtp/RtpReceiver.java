package io.livepoint.media.rtp;

import java.util.function.Consumer;

/**
 * The receive side of one RTP stream: reorder buffer, depacketizer and timestamp extension. A packet
 * from a new SSRC restarts the timeline. Takes ownership of the packets it is given.
 */
public final class RtpReceiver implements AutoCloseable {
  private final ReorderBuffer reorder;
  private final Depacketizer depacketizer;
  private final TimestampUnwrapper timeline = new TimestampUnwrapper();
  private long ssrc = -1;

  public RtpReceiver(Depacketizer depacketizer, int reorderCapacity) {
    this.depacketizer = depacketizer;
    this.reorder = new ReorderBuffer(reorderCapacity);
  }

  /** Takes the next packet as it arrived; complete access units go to {@code out} (which owns them). */
  public void receive(RtpPacket p, Consumer<AccessUnit> out) {
    if (ssrc != -1 && p.ssrc() != ssrc) {
      reorder.flush(sink(out));
      reorder.reset();
      depacketizer.flush(wrap(out));
      timeline.reset();
    }
    ssrc = p.ssrc();
    reorder.offer(p, sink(out));
  }

  /** Delivers what is held (a timeout with no packets, or the end of the stream). */
  public void flush(Consumer<AccessUnit> out) {
    reorder.flush(sink(out));
    depacketizer.flush(wrap(out));
  }

  public ReorderBuffer reorderBuffer() {
    return reorder;
  }

  public Depacketizer depacketizer() {
    return depacketizer;
  }

  private ReorderBuffer.Sink sink(Consumer<AccessUnit> out) {
    Consumer<AccessUnit> w = wrap(out);
    return (packet, afterLoss) -> depacketizer.packet(packet, afterLoss, w);
  }

  private Consumer<AccessUnit> wrap(Consumer<AccessUnit> out) {
    return au -> out.accept(au.withTimestamp(timeline.unwrap(au.timestamp())));
  }

  @Override
  public void close() {
    reorder.close();
    depacketizer.close();
  }
}
