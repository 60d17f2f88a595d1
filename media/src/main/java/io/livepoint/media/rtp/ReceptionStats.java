package io.livepoint.media.rtp;

/**
 * What a receiver reports about one source in RTCP receiver reports (RFC 3550 6.4.1, Appendix A.1, A.3
 * and A.8): extended highest sequence number, cumulative and fractional loss, interarrival jitter, and
 * the last SR's time and delay since. Times are given by the caller (from the clock), in microseconds.
 */
public final class ReceptionStats {
  /** A.1: jumps beyond this are a restart of the sender's sequence, not loss. */
  private static final int MAX_DROPOUT = 3000;
  private static final int MAX_MISORDER = 100;

  private final int clockRate;
  private boolean started;
  private int maxSeq;
  private long cycles;
  private long baseSeq;
  private long received;
  private long expectedPrior;
  private long receivedPrior;
  private double jitter;
  private long lastTransit;
  private boolean haveTransit;
  private long lastSrNtp;
  private long lastSrArrival = -1;

  public ReceptionStats(int clockRate) {
    this.clockRate = clockRate;
  }

  /** Counts a received packet with its arrival time. */
  public void packet(int seq, long rtpTimestamp, long arrivalMicros) {
    seq &= 0xffff;
    if (!started) {
      started = true;
      baseSeq = seq;
      maxSeq = seq;
    } else {
      int delta = (seq - maxSeq) & 0xffff;
      if (delta < MAX_DROPOUT) {
        if (seq < maxSeq) {
          cycles += 0x10000; // wrapped
        }
        maxSeq = seq;
      } else if (delta <= 0x10000 - MAX_MISORDER) {
        // A jump: the sender restarted its sequence. Start over from this packet.
        baseSeq = seq;
        maxSeq = seq;
        cycles = 0;
        received = 0;
        expectedPrior = 0;
        receivedPrior = 0;
      } // else: late or duplicate, counted below as received (A.3 allows the count to go negative)
    }
    received++;
    long arrival = Math.floorDiv(arrivalMicros * clockRate, 1_000_000L);
    long transit = arrival - rtpTimestamp;
    if (haveTransit) {
      long d = Math.abs(transit - lastTransit);
      jitter += (d - jitter) / 16.0;
    }
    lastTransit = transit;
    haveTransit = true;
  }

  /** Notes a sender report from this source (for LSR and DLSR). */
  public void senderReport(RtcpPacket.SenderReport sr, long arrivalMicros) {
    lastSrNtp = sr.ntpTime();
    lastSrArrival = arrivalMicros;
  }

  /** Extended highest sequence number received (cycles in the high 16 bits). */
  public long extendedHighestSequence() {
    return cycles + maxSeq;
  }

  /** Packets expected minus packets received since the start (A.3). */
  public long cumulativeLost() {
    return started ? extendedHighestSequence() - baseSeq + 1 - received : 0;
  }

  /** Interarrival jitter in RTP timestamp units. */
  public long jitter() {
    return (long) jitter;
  }

  public long received() {
    return received;
  }

  /**
   * The report block for this source; the fraction lost covers the time since the previous call.
   *
   * @param nowMicros the time the report is sent
   */
  public RtcpPacket.ReportBlock reportBlock(long ssrc, long nowMicros) {
    long expected = started ? extendedHighestSequence() - baseSeq + 1 : 0;
    long expectedInterval = expected - expectedPrior;
    long receivedInterval = received - receivedPrior;
    expectedPrior = expected;
    receivedPrior = received;
    long lostInterval = expectedInterval - receivedInterval;
    int fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int) ((lostInterval << 8) / expectedInterval);
    long lost = Math.max(-0x800000, Math.min(0x7fffff, cumulativeLost()));
    long lsr = lastSrArrival < 0 ? 0 : NtpTime.middle32(lastSrNtp);
    long dlsr = lastSrArrival < 0 ? 0 : ((nowMicros - lastSrArrival) << 16) / 1_000_000L;
    return new RtcpPacket.ReportBlock(ssrc, Math.min(255, fraction), (int) lost, extendedHighestSequence() & 0xffffffffL,
        jitter(), lsr, dlsr & 0xffffffffL);
  }
}
