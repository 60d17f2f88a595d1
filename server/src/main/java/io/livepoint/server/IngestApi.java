package io.livepoint.server;

import io.livepoint.http.RequestHandler;
import io.livepoint.ingest.IngestSessions;
import java.util.StringJoiner;

/** {@code GET /api/ingest}: the operations view of every ingest source, per stream and track. */
final class IngestApi {
  private final IngestSessions sessions;

  IngestApi(IngestSessions sessions) {
    this.sessions = sessions;
  }

  RequestHandler newHandler() {
    return Json.readOnly(this::document);
  }

  private String document() {
    StringJoiner all = new StringJoiner(",", "[", "]");
    for (IngestSessions.View v : sessions.views()) {
      StringJoiner errors = new StringJoiner(",", "{", "}");
      v.errors().forEach((status, n) -> errors.add(Json.quote(Integer.toString(status)) + ":" + n));
      StringJoiner recent = new StringJoiner(",", "[", "]");
      v.recentErrors().forEach(e -> recent.add(Json.quote(e)));
      all.add("{\"stream\":" + Json.quote(v.stream())
          + ",\"track\":" + Json.quote(v.track())
          + ",\"source\":" + Json.quote(v.source())
          + ",\"userAgent\":" + Json.quote(v.userAgent())
          + ",\"requests\":" + v.requests()
          + ",\"activeRequests\":" + v.activeRequests()
          + ",\"bytes\":" + v.bytes()
          + ",\"fragments\":" + v.fragments()
          + ",\"duplicatesDropped\":" + v.duplicates()
          + ",\"gaps\":" + v.gaps()
          + ",\"lastTfdt\":" + (v.lastTfdt() == null ? "null" : v.lastTfdt())
          + ",\"lastActivity\":" + Json.quote(v.lastActivity() == null ? null : v.lastActivity().toString())
          + ",\"errors\":" + errors
          + ",\"recentErrors\":" + recent + "}");
    }
    return all.toString();
  }
}
