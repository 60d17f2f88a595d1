package io.livepoint.packager;

import io.livepoint.core.Chunk;
import io.livepoint.core.Segment;
import io.livepoint.core.Track;
import java.lang.reflect.Field;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Forces a race a unit test could otherwise only hope for: ingest running on the request's thread
 * right after one look the packager takes at the live model and before its next one. The look is
 * instrumented by swapping a core collection for one that runs the ingest step once when that look
 * reads it; the step then runs with the core lock the look holds (re-entrant, so ingest proceeds) and
 * the look returns what it had read before. Core keeps these collections private: this reaches them
 * by reflection and fails loudly if they are renamed.
 */
final class Interleave {
  private Interleave() {}

  /** A one-shot ingest step. */
  static final class Step {
    private final AtomicBoolean ran = new AtomicBoolean();

    /** Whether the step ran inside the packager's look (else the race was not exercised). */
    boolean ran() {
      return ran.get();
    }

    private boolean claim() {
      return ran.compareAndSet(false, true);
    }
  }

  /**
   * Runs {@code ingest} during the packager's first {@link Segment#chunk(int)} lookup on {@code seg}
   * made while {@code when} holds; {@code when} must pick a lookup of the chunk not there yet, which
   * ingest then appends: the lookup still returns null, as if ingest had come a moment later.
   */
  static Step afterMissingChunk(Segment seg, BooleanSupplier when, Runnable ingest) {
    Step step = new Step();
    synchronized (seg) {
      List<Chunk> held = read(Segment.class, seg, "chunks");
      List<Chunk> hooked = new ArrayList<>(held) {
        @Override
        public int size() {
          int n = super.size();
          if (!step.ran() && calledBy(Segment.class, "chunk") && when.getAsBoolean() && step.claim()) {
            ingest.run(); // appends to this very list: the look still sees the n read before
          }
          return n;
        }
      };
      write(Segment.class, seg, "chunks", hooked);
    }
    return step;
  }

  /**
   * Runs {@code ingest} (which starts the segment looked for) during the packager's next
   * {@link Track#segment(long)} lookup of a segment that has not started, which then returns null.
   */
  static Step afterMissingSegment(Track track, Runnable ingest) {
    Step step = new Step();
    synchronized (track) {
      ArrayDeque<Segment> held = read(Track.class, track, "segments");
      ArrayDeque<Segment> hooked = new ArrayDeque<>(held) {
        @Override
        public Segment peekFirst() {
          if (!step.ran() && calledBy(Track.class, "segment") && step.claim()) {
            ingest.run();
            return null; // the lookup's answer before ingest: not started (null either way)
          }
          return super.peekFirst();
        }
      };
      write(Track.class, track, "segments", hooked);
    }
    return step;
  }

  /** Whether the caller of the instrumented method is {@code owner.method}, called from the packager. */
  private static boolean calledBy(Class<?> owner, String method) {
    List<StackWalker.StackFrame> frames = StackWalker.getInstance(StackWalker.Option.RETAIN_CLASS_REFERENCE)
        .walk(s -> s.dropWhile(f -> f.getDeclaringClass().getNestHost() == Interleave.class).limit(2).toList());
    return frames.size() == 2
        && frames.get(0).getDeclaringClass() == owner && frames.get(0).getMethodName().equals(method)
        && frames.get(1).getDeclaringClass().getPackageName().equals(Interleave.class.getPackageName());
  }

  @SuppressWarnings("unchecked")
  private static <T> T read(Class<?> type, Object target, String name) {
    try {
      Field f = type.getDeclaredField(name);
      f.setAccessible(true);
      return (T) f.get(target);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("core changed: no field " + type.getSimpleName() + "." + name, e);
    }
  }

  private static void write(Class<?> type, Object target, String name, Object value) {
    try {
      Field f = type.getDeclaredField(name);
      f.setAccessible(true);
      f.set(target, value);
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("core changed: cannot replace " + type.getSimpleName() + "." + name, e);
    }
  }
}
