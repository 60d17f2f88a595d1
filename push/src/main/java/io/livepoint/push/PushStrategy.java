package io.livepoint.push;

import java.util.List;
import java.util.Objects;

/**
 * A push strategy (ISO/IEC 23009-6 clause 6.2) with its parameters: what a PushDirective asks for and
 * what a PushAck says was applied. One record per {@link PushType}.
 */
public sealed interface PushStrategy {
  PushType type();

  /** {@code push-none}: nothing is pushed (a directive with it cancels a running strategy). */
  record None() implements PushStrategy {
    @Override
    public PushType type() {
      return PushType.NONE;
    }
  }

  /** {@code push-next;K}: the K segments after the requested one (K >= 1). */
  record Next(long count) implements PushStrategy {
    public Next {
      if (count < 1 || count > PushConstants.MAX_COUNT) {
        throw new IllegalArgumentException("push-next count out of range: " + count);
      }
    }

    @Override
    public PushType type() {
      return PushType.NEXT;
    }
  }

  /** {@code push-time;T}: the segments covering the next T seconds (T > 0). */
  record Time(double seconds) implements PushStrategy {
    public Time {
      if (!(seconds > 0) || seconds > PushConstants.MAX_SECONDS) {
        throw new IllegalArgumentException("push-time seconds out of range: " + seconds);
      }
    }

    @Override
    public PushType type() {
      return PushType.TIME;
    }
  }

  /** {@code push-list;URLList}: these URLs, relative to the request's URL (RFC 3986 references). */
  record UrlList(List<String> urls) implements PushStrategy {
    public UrlList {
      urls = List.copyOf(urls);
      if (urls.isEmpty() || urls.size() > PushConstants.MAX_URLS) {
        throw new IllegalArgumentException("push-list needs 1.." + PushConstants.MAX_URLS + " URLs");
      }
    }

    @Override
    public PushType type() {
      return PushType.LIST;
    }
  }

  /** {@code push-template;URLTemplate}: a {@code $Number$} template over {@code first..last}. */
  record Template(UrlTemplate template) implements PushStrategy {
    public Template {
      Objects.requireNonNull(template, "template");
    }

    @Override
    public PushType type() {
      return PushType.TEMPLATE;
    }
  }

  /**
   * {@code fast-start;FastStartParams}: the init segments and the first {@code segments} media segments
   * of {@code representations} (all playable ones when empty), with the MPD it was asked with.
   */
  record FastStart(long segments, List<String> representations) implements PushStrategy {
    public FastStart {
      representations = List.copyOf(representations);
      if (segments < 0 || segments > PushConstants.MAX_COUNT) {
        throw new IllegalArgumentException("fast-start segment count out of range: " + segments);
      }
      if (representations.size() > PushConstants.MAX_URLS) {
        throw new IllegalArgumentException("fast-start names too many representations");
      }
    }

    @Override
    public PushType type() {
      return PushType.FAST_START;
    }
  }
}
