package io.livepoint.packager;

import io.livepoint.core.Chunk;
import io.livepoint.core.LiveStream;
import io.livepoint.core.StreamListener;
import io.livepoint.core.Track;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * One listener per stream that wakes every held playlist request on any change (a chunk, a segment
 * boundary, a header, an end). Listeners run after the stream's version moved, so a woken request
 * renders the new state; held requests share one listener instead of each adding their own.
 */
final class ChangeSignals {
  private final Map<LiveStream, Signal> signals = new WeakHashMap<>();

  /**
   * A future completing at the stream's next change. Take it before checking the state, so a change
   * between the check and the wait is not missed; cancel it when giving up.
   */
  CompletableFuture<Void> next(LiveStream stream) {
    Signal s;
    synchronized (signals) {
      s = signals.get(stream);
      if (s == null) {
        s = new Signal();
        signals.put(stream, s);
        stream.addListener(s);
      }
    }
    return s.next();
  }

  private static final class Signal implements StreamListener {
    private static final int PRUNE_MIN = 16;
    private List<CompletableFuture<Void>> waiting = new ArrayList<>();
    /** Size at which futures given up (cancelled) are dropped; doubles so adding stays O(1). */
    private int pruneAt = PRUNE_MIN;

    synchronized CompletableFuture<Void> next() {
      if (waiting.size() >= pruneAt) {
        waiting.removeIf(CompletableFuture::isDone);
        pruneAt = Math.max(PRUNE_MIN, 2 * waiting.size());
      }
      CompletableFuture<Void> f = new CompletableFuture<>();
      waiting.add(f);
      return f;
    }

    @Override
    public void changed(LiveStream stream) {
      fire();
    }

    @Override
    public void chunkArrived(Track track, Chunk chunk) {
      fire();
    }

    private void fire() {
      List<CompletableFuture<Void>> woken;
      synchronized (this) {
        if (waiting.isEmpty()) {
          return;
        }
        woken = waiting;
        waiting = new ArrayList<>();
        pruneAt = PRUNE_MIN;
      }
      woken.forEach(f -> f.complete(null));
    }
  }
}
