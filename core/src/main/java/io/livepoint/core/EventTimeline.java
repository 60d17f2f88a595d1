package io.livepoint.core;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

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
    events.sort(Comparator.comparingInt(TimedEvent::timeline).thenComparing(TimedEvent::start));
    return true;
  }

  /** Drops the events that left the window. */
  synchronized void prune(Predicate<TimedEvent> left) {
    events.removeIf(left);
  }

  synchronized List<TimedEvent> snapshot() {
    return List.copyOf(events);
  }
}
