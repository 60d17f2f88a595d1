package io.livepoint.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The timed events of a stream in presentation order: repeats (same scheme, value and id) are kept once,
 * and events that ended before the time-shift window are dropped, so memory follows the window.
 */
final class EventTimeline {
  /** Bound for a source that floods events inside the window. */
  static final int MAX_EVENTS = 1000;
  private final List<TimedEvent> events = new ArrayList<>();

  /**
   * Adds an event unless it repeats one held, or the timeline is full (then the window must move on first:
   * evicting a held event would let its next repeat in again, as new, on every chunk).
   */
  synchronized boolean add(TimedEvent e) {
    if (events.size() >= MAX_EVENTS) {
      return false;
    }
    for (TimedEvent held : events) {
      if (held.sameAs(e)) {
        return false;
      }
    }
    events.add(e);
    events.sort(Comparator.comparing(TimedEvent::start));
    return true;
  }

  /** Drops events that ended before {@code windowStart} (media time). */
  synchronized void prune(Duration windowStart) {
    events.removeIf(e -> e.end().compareTo(windowStart) < 0);
  }

  synchronized List<TimedEvent> snapshot() {
    return List.copyOf(events);
  }
}
