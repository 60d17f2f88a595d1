package io.livepoint.client.push;

import java.util.List;

/**
 * What one push session delivered.
 *
 * @param status the status of the request that carried the directive
 * @param ack the server's PushAck header ({@code push-policy}), or null when absent
 * @param body the requested resource (the MPD)
 * @param pushed every pushed resource, in the order its PUSH_PROMISE arrived
 */
public record PushReport(int status, String ack, byte[] body, List<PushedResource> pushed) {}
