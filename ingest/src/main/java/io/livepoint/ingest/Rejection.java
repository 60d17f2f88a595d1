package io.livepoint.ingest;

import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;

/** An ingest request refused with the status code of DASH-IF ingest 5.3 and a reason for the log. */
final class Rejection extends Exception {
  final HttpResponseStatus status;
  /** Extra response headers (Allow, WWW-Authenticate), or null. */
  final HttpHeaders headers;

  Rejection(HttpResponseStatus status, String reason) {
    this(status, reason, null);
  }

  Rejection(HttpResponseStatus status, String reason, HttpHeaders headers) {
    super(reason, null, false, false);
    this.status = status;
    this.headers = headers;
  }

  static Rejection forbidden(String reason) {
    return new Rejection(HttpResponseStatus.FORBIDDEN, reason);
  }

  static Rejection badRequest(String reason) {
    return new Rejection(HttpResponseStatus.BAD_REQUEST, reason);
  }
}
