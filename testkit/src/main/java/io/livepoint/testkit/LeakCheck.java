package io.livepoint.testkit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import io.netty.util.ResourceLeakDetectorFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Fails a test class when Netty's leak detector (run at PARANOID by the build) reports a leaked buffer.
 * Registered for every test through JUnit's extension auto-detection, so no test can forget it.
 */
public final class LeakCheck implements AfterAllCallback {
  private static final List<String> LEAKS = new ArrayList<>();

  static {
    ResourceLeakDetectorFactory.setResourceLeakDetectorFactory(new RecordingFactory());
  }

  @Override
  public void afterAll(ExtensionContext context) throws Exception {
    // Leaks are reported when a later allocation polls the reference queue after GC.
    for (int i = 0; i < 5; i++) {
      System.gc();
      Thread.sleep(20);
      PooledByteBufAllocator.DEFAULT.directBuffer(1).release();
      UnpooledByteBufAllocator.DEFAULT.heapBuffer(1).release();
      PooledByteBufAllocator.DEFAULT.heapBuffer(1).release();
    }
    List<String> found;
    synchronized (LEAKS) {
      found = new ArrayList<>(LEAKS);
      LEAKS.clear();
    }
    if (!found.isEmpty()) {
      throw new AssertionError("Netty reported " + found.size() + " leaked buffer(s) in "
          + context.getDisplayName() + ":\n" + String.join("\n---\n", found));
    }
  }

  /** Number of leaks reported so far; lets a test assert on its own code paths. */
  public static int leaksSoFar() {
    synchronized (LEAKS) {
      return LEAKS.size();
    }
  }

  private static final class RecordingFactory extends ResourceLeakDetectorFactory {
    @Override
    @SuppressWarnings("deprecation")
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(
        Class<T> resource, int samplingInterval, long maxActive) {
      return new RecordingDetector<>(resource, samplingInterval);
    }

    @Override
    public <T> ResourceLeakDetector<T> newResourceLeakDetector(Class<T> resource, int samplingInterval) {
      return new RecordingDetector<>(resource, samplingInterval);
    }
  }

  private static final class RecordingDetector<T> extends ResourceLeakDetector<T> {
    RecordingDetector(Class<T> resource, int samplingInterval) {
      super(resource, samplingInterval);
    }

    @Override
    protected void reportTracedLeak(String resourceType, String records) {
      super.reportTracedLeak(resourceType, records);
      record(resourceType + records);
    }

    @Override
    protected void reportUntracedLeak(String resourceType) {
      super.reportUntracedLeak(resourceType);
      record(resourceType + " (untraced)");
    }

    private static void record(String leak) {
      synchronized (LEAKS) {
        LEAKS.add(leak);
      }
    }
  }

  static {
    // Touch ByteBuf only after the factory is installed (static order above).
    ByteBuf probe = UnpooledByteBufAllocator.DEFAULT.buffer(1);
    probe.release();
  }
}
