package io.livepoint.bench;

import io.netty.buffer.PooledByteBufAllocator;
import io.netty.util.internal.PlatformDependent;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * Heap in use after a full GC, and Netty's direct memory (the pooled allocator's used bytes and
 * Netty's own direct-memory counter): the figures compared before and after connections come and go.
 */
record MemoryProbe(long heap, long pooledDirect, long nettyDirect, long media) {
  /** @param media bytes of media the live model holds now (stored chunks, in pooled direct memory) */
  static MemoryProbe take(java.util.function.LongSupplier media) throws InterruptedException {
    MemoryMXBean m = ManagementFactory.getMemoryMXBean();
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return new MemoryProbe(m.getHeapMemoryUsage().getUsed(),
        PooledByteBufAllocator.DEFAULT.metric().usedDirectMemory(), PlatformDependent.usedDirectMemory(),
        media.getAsLong());
  }

  /** Heap plus direct memory, less the media the live model holds (it grows with the window, not connections). */
  long total() {
    return heap + Math.max(pooledDirect, nettyDirect) - media;
  }

  String describe() {
    return String.format(Locale.ROOT, "heap %.1f MB, pooled direct %.1f MB (of it %.1f MB media in the window)",
        heap / 1e6, Math.max(pooledDirect, nettyDirect) / 1e6, media / 1e6);
  }
}
