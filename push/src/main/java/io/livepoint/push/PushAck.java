package io.livepoint.push;

import java.util.Objects;

/**
 * The server's answer to a PushDirective (ISO/IEC 23009-6 6.1.4): the strategy actually applied, carried in
 * {@link PushConstants#HEADER_ACK}. It differs from the directive when the server downgraded it.
 */
public record PushAck(PushStrategy strategy) {
  public PushAck {
    Objects.requireNonNull(strategy, "strategy");
  }

  public static PushAck parse(String value) throws PushSyntaxException {
    return new PushAck(PushPolicySyntax.parse(value));
  }

  public String format() {
    return PushPolicySyntax.format(strategy);
  }
}
