package io.livepoint.client.push;

/**
 * One resource the server pushed, as the client received it.
 *
 * @param path the promised request's path
 * @param status the pushed response's status (0 when the push failed before a response)
 * @param body the whole body
 * @param promisedNanos when the PUSH_PROMISE reached the client
 * @param firstByteNanos when the first body byte arrived (0 when none)
 * @param lastByteNanos when the body ended (0 when it never did)
 * @param error why the push failed (reset, connection lost), or null
 */
public record PushedResource(String path, int status, byte[] body, long promisedNanos, long firstByteNanos,
    long lastByteNanos, String error) {

  public boolean complete() {
    return error == null && status == 200 && lastByteNanos != 0;
  }
}
