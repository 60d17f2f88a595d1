package io.livepoint.core;

/** Told about changes to a stream; called on the thread that made the change, so keep it short. */
public interface StreamListener {
  /** A track, header or segment boundary changed: manifests must be rendered anew. */
  default void changed(LiveStream stream) {}

  /** A chunk was appended to a track. */
  default void chunkArrived(Track track, Chunk chunk) {}
}
