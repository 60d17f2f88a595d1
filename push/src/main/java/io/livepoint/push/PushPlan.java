package io.livepoint.push;

import java.util.List;

/** What a directive turns into: the strategy applied (the PushAck) and the resources it pushes, in order. */
record PushPlan(PushStrategy applied, List<PushTarget> targets) {
  static PushPlan none() {
    return new PushPlan(new PushStrategy.None(), List.of());
  }
}
