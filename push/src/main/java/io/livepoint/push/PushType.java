package io.livepoint.push;

/** The push types of ISO/IEC 23009-6 clause 6.1.2, each named by a URN under {@link PushConstants#URN_PREFIX}. */
public enum PushType {
  /** No push; as a directive it also cancels a running strategy (7.3). */
  NONE(PushConstants.PUSH_NONE),
  /** The K segments after the requested one. */
  NEXT(PushConstants.PUSH_NEXT),
  /** The resources of a URLList. */
  LIST(PushConstants.PUSH_LIST),
  /** The resources a URLTemplate names over a number range. */
  TEMPLATE(PushConstants.PUSH_TEMPLATE),
  /** The segments covering the next T seconds. */
  TIME(PushConstants.PUSH_TIME),
  /** Start-up: init segments and the first media segments of chosen representations (Annex G). */
  FAST_START(PushConstants.FAST_START);

  private final String urn;

  PushType(String name) {
    this.urn = PushConstants.URN_PREFIX + name;
  }

  public String urn() {
    return urn;
  }

  /** The type a URN names, or null. URNs compare exactly (case-sensitive NSS, as written in the standard). */
  public static PushType ofUrn(String urn) {
    for (PushType t : values()) {
      if (t.urn.equals(urn)) {
        return t;
      }
    }
    return null;
  }
}
