package io.livepoint.core.store;

/** An object does not fit its stream's byte budget even with every evictable object gone. */
public final class ObjectStoreFullException extends RuntimeException {
  public ObjectStoreFullException(String message) {
    super(message, null, false, false);
  }
}
