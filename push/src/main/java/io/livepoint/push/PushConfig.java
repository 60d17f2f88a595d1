package io.livepoint.push;

/**
 * Push limits per HTTP/2 connection.
 *
 * @param enabled whether directives are honoured at all (off: every directive is acked push-none)
 * @param maxStreams pushed streams promised and not yet closed, per connection; a strategy asking for
 *     more is downgraded (and the ack says so)
 * @param maxBytesInFlight a pushed response starts only while the connection's pushed bytes not yet on the
 *     wire are below this; a started one is paced by its stream's flow control
 */
public record PushConfig(boolean enabled, int maxStreams, long maxBytesInFlight) {
  public static final PushConfig DEFAULTS = new PushConfig(true, 32, 4 << 20);

  public PushConfig {
    if (maxStreams < 1 || maxBytesInFlight < 1) {
      throw new IllegalArgumentException("push limits must be positive: maxStreams " + maxStreams
          + ", maxBytesInFlight " + maxBytesInFlight);
    }
  }
}
