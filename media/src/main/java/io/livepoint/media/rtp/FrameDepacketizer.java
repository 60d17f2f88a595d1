package io.livepoint.media.rtp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * Common receive logic of the video formats: the packets of one access unit share a timestamp and the
 * last one has the marker bit. An access unit ends at the marker, or when a new timestamp shows the
 * marker packet was lost. Subclasses turn each payload into units with {@link #add} and keep any partial
 * fragment themselves, dropping it in {@link #dropFragment()}.
 */
abstract class FrameDepacketizer implements Depacketizer {
  /** Largest access unit kept: garbage must not grow memory without limit. */
  static final int MAX_ACCESS_UNIT = 32 << 20;

  protected final ByteBufAllocator alloc;
  private final List<ByteBuf> units = new ArrayList<>();
  private long timestamp;
  private boolean open;
  private boolean damaged;
  private long bytes;
  private long malformed;
  private String lastError;

  FrameDepacketizer(ByteBufAllocator alloc) {
    this.alloc = alloc;
  }

  @Override
  public final void packet(RtpPacket p, boolean afterLoss, Consumer<AccessUnit> out) {
    if (open && p.timestamp() != timestamp) {
      emit(out);
    }
    if (afterLoss) {
      damaged = true;
      dropFragment();
    }
    if (!open) {
      open = true;
      timestamp = p.timestamp();
    }
    try {
      depacketize(p);
    } catch (RtpFormatException | IndexOutOfBoundsException e) {
      malformed++;
      lastError = e.getMessage();
      damaged = true;
      dropFragment();
    }
    if (p.marker()) {
      emit(out);
    }
  }

  @Override
  public void flush(Consumer<AccessUnit> out) {
    if (open) {
      emit(out);
    }
  }

  /** Reads one payload; {@link RtpFormatException} or an index error drops it as malformed. */
  protected abstract void depacketize(RtpPacket p);

  /** Whether the units of a complete access unit make a sync point. */
  protected abstract boolean isKey(List<ByteBuf> units);

  /** Forgets a partially received fragmented unit (loss, malformed, end of the access unit). */
  protected abstract void dropFragment();

  /** Whether a fragmented unit is half received (the access unit ending now is damaged). */
  protected abstract boolean fragmentPending();

  /** Adds a complete unit (ownership passes here). */
  protected final void add(ByteBuf unit) {
    bytes += unit.readableBytes();
    if (bytes > MAX_ACCESS_UNIT) {
      unit.release();
      throw new RtpFormatException("access unit larger than " + MAX_ACCESS_UNIT + " bytes");
    }
    units.add(unit);
  }

  /** Marks the access unit being assembled as damaged (a unit of it was dropped). */
  protected final void damaged() {
    damaged = true;
  }

  private void emit(Consumer<AccessUnit> out) {
    if (fragmentPending()) {
      damaged = true;
      dropFragment();
    }
    open = false;
    bytes = 0;
    if (units.isEmpty()) {
      return; // nothing survived: the damage flag carries over to the next access unit
    }
    AccessUnit au = new AccessUnit(timestamp, isKey(units), damaged, units);
    units.clear();
    damaged = false;
    out.accept(au);
  }

  @Override
  public String lastError() {
    return lastError;
  }

  @Override
  public long malformed() {
    return malformed;
  }

  @Override
  public void close() {
    dropFragment();
    units.forEach(ByteBuf::release);
    units.clear();
    open = false;
  }
}
