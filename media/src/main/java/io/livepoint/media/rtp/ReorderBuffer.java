package io.livepoint.media.rtp;

import java.util.Map;
import java.util.TreeMap;

/**
 * A small reorder (jitter) buffer by RTP sequence number: packets come out in order; a packet arriving
 * ahead of a gap waits until the gap fills or the buffer holds {@code capacity} packets, then the gap is
 * declared lost and the next packet goes out flagged {@code afterLoss}. Late and duplicate packets are
 * dropped; a jump of more than {@link #MAX_JUMP} restarts the sequence (the sender restarted). Time-based
 * release is the caller's: call {@link #flush} when nothing arrived for a while.
 */
public final class ReorderBuffer implements AutoCloseable {
  /** A sequence jump larger than this is a restart, not loss. */
  public static final int MAX_JUMP = 3000;

  /** Where packets go in order. The sink does not own the packet (it retains what it keeps). */
  public interface Sink {
    void packet(RtpPacket packet, boolean afterLoss);
  }

  private final int capacity;
  private final TreeMap<Long, RtpPacket> held = new TreeMap<>();
  private long next = -1;
  private boolean started;
  private boolean gap;
  private long received;
  private long lost;
  private long dropped;

  /** @param capacity packets held while waiting for a missing one (0 delivers at once, no reordering) */
  public ReorderBuffer(int capacity) {
    this.capacity = capacity;
  }

  /** Takes ownership of {@code p}. */
  public void offer(RtpPacket p, Sink sink) {
    received++;
    if (next < 0) {
      next = p.sequenceNumber();
    }
    int d = RtpSequence.delta((int) (next & 0xffff), p.sequenceNumber());
    if (d <= -MAX_JUMP || d > MAX_JUMP) {
      flush(sink); // the sender restarted its sequence
      gap = true;
      next = (next & ~0xffffL) + 0x10000 + p.sequenceNumber();
      d = 0;
    } else if (d < 0 && started) {
      dropped++; // late (its gap was already declared lost) or duplicate
      p.release();
      return;
    }
    long ext = next + d;
    if (held.putIfAbsent(ext, p) != null) {
      dropped++;
      p.release();
      return;
    }
    if (!started) {
      // Prebuffer half the capacity first: packets overtaken at the very start are not lost.
      next = held.firstKey();
      if (held.size() <= capacity / 2) {
        return;
      }
      started = true;
    }
    drain(sink);
    while (held.size() > capacity) {
      skipTo(held.firstKey());
      drain(sink);
    }
  }

  /** Delivers everything held, declaring the gaps between lost. */
  public void flush(Sink sink) {
    started = true;
    while (!held.isEmpty()) {
      skipTo(held.firstKey());
      drain(sink);
    }
  }

  private void skipTo(long ext) {
    if (ext != next) {
      lost += ext - next;
      gap = true;
      next = ext;
    }
  }

  private void drain(Sink sink) {
    RtpPacket p;
    while ((p = held.remove(next)) != null) {
      next++;
      boolean afterLoss = gap;
      gap = false;
      try {
        sink.packet(p, afterLoss);
      } finally {
        p.release();
      }
    }
  }

  /** Forgets the sequence (a new SSRC): the next packet starts it again. Call after {@link #flush}. */
  public void reset() {
    close();
    next = -1;
    started = false;
    gap = false;
  }

  /** Packets offered. */
  public long received() {
    return received;
  }

  /** Packets declared lost. */
  public long lost() {
    return lost;
  }

  /** Late or duplicate packets dropped. */
  public long dropped() {
    return dropped;
  }

  /** The extended sequence number expected next (RFC 3550 A.1 style), -1 before the first packet. */
  public long expected() {
    return next;
  }

  @Override
  public void close() {
    held.values().forEach(RtpPacket::release);
    held.clear();
  }

  Map<Long, RtpPacket> heldForTest() {
    return held;
  }
}
