package io.livepoint.core;

/**
 * Told about changes to a stream; called on the thread that made the change (an ingest event loop), so
 * keep it short. Called after the stream's version counts the change and after waiters were woken. An
 * exception thrown here is logged and ignored: a broken listener cannot break ingest.
 */
public interface StreamListener {
  /** A track, header or segment boundary changed: manifests must be rendered anew. */
  default void changed(LiveStream stream) {}

  /** A chunk was appended to a track. */
  default void chunkArrived(Track track, Chunk chunk) {}
}
