package io.livepoint.push;

import java.util.Objects;

/** The client's request for a push strategy (ISO/IEC 23009-6 6.1.3), carried in {@link PushConstants#HEADER_DIRECTIVE}. */
public record PushDirective(PushStrategy strategy) {
  public PushDirective {
    Objects.requireNonNull(strategy, "strategy");
  }

  public static PushDirective parse(String value) throws PushSyntaxException {
    return new PushDirective(PushPolicySyntax.parse(value));
  }

  public String format() {
    return PushPolicySyntax.format(strategy);
  }
}
