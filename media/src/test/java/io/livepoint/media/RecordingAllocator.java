package io.livepoint.media;

import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.ArrayList;
import java.util.List;

/** A pooled allocator that records the capacity asked for each buffer (what is committed up front). */
public final class RecordingAllocator extends AbstractByteBufAllocator {
  private final List<Integer> initialCapacities = new ArrayList<>();

  public RecordingAllocator() {
    super(true);
  }

  /** The largest capacity allocated up front so far (0 when none). */
  public synchronized int largestInitial() {
    return initialCapacities.stream().mapToInt(Integer::intValue).max().orElse(0);
  }

  public synchronized int allocations() {
    return initialCapacities.size();
  }

  @Override
  protected synchronized ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
    initialCapacities.add(initialCapacity);
    return PooledByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
  }

  @Override
  protected synchronized ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
    initialCapacities.add(initialCapacity);
    return PooledByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
  }

  @Override
  public boolean isDirectBufferPooled() {
    return true;
  }
}
