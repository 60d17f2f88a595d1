package io.livepoint.core.store;

/**
 * What a stored object is to its stream, which decides how long it is kept and how it may be cached:
 * manifests and initialization segments live as long as their publishing point (they are overwritten
 * in place); media objects are evicted by age and by the stream's byte budget when the source never
 * deletes them.
 */
public enum ObjectKind {
  /** A DASH MPD or HLS playlist: rewritten in place, read often. */
  MANIFEST,
  /** An initialization segment (CMAF header): rewritten in place when it changes. */
  INIT,
  /** A media segment: written once under a unique name, evictable. */
  MEDIA,
  /** Anything else the source publishes next to them (HLS keys): kept like a manifest. */
  OTHER;

  /** Whether the store may drop objects of this kind on its own (age, byte budget). */
  public boolean evictable() {
    return this == MEDIA;
  }
}
