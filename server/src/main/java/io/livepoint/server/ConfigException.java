package io.livepoint.server;

/** A configuration error that names the key (or flag) at fault. */
public final class ConfigException extends Exception {
  public ConfigException(String message) {
    super(message);
  }
}
