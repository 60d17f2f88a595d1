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

  /** Adds an event unless it repeats one held; false for a repeat. */
  synchronized boolean add(TimedEvent e) {
    for (TimedEvent held : events) {
      if (held.sameAs(e)) {
        return false;
      }
    }
    events.add(e);
    events.sort(Comparator.comparing(TimedEvent::start));
    if (events.size() > MAX_EVENTS) {
      events.remove(0);
    }
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
