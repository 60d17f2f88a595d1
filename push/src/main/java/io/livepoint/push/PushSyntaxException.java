package io.livepoint.push;

/** A PushDirective or PushAck that does not follow the grammar of {@link PushPolicySyntax}. */
public final class PushSyntaxException extends Exception {
  private static final long serialVersionUID = 1L;

  public PushSyntaxException(String message) {
    super(message);
  }
}
