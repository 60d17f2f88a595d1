package io.livepoint.packager;

import io.livepoint.core.Clock;
import io.livepoint.http.Exchange;
import io.livepoint.http.RequestHandler;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * {@code /time}: the server's UTC time as ISO 8601 with milliseconds, the source an MPD names in
 * UTCTiming (urn:mpeg:dash:utc:http-iso:2014) so players align their clocks with availability times.
 */
final class TimeHandler implements RequestHandler {
  private final Clock clock;

  TimeHandler(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void onRequest(Exchange ex) {
    if (!LiveHandler.allowed(ex)) {
      return;
    }
    if (!ex.subPath().isEmpty()) {
      MediaResponder.notFound(ex, "no such resource");
      return;
    }
    HttpHeaders h = new DefaultHttpHeaders();
    h.set(HttpHeaderNames.CONTENT_TYPE, MediaTypes.TEXT);
    h.set(HttpHeaderNames.CACHE_CONTROL, MediaTypes.NO_STORE);
    byte[] body = Formats.dateTime(clock.now()).getBytes(StandardCharsets.US_ASCII);
    ex.respond(HttpResponseStatus.OK, h, Unpooled.wrappedBuffer(body));
  }
}
