package io.livepoint.ingest;

import io.livepoint.core.Chunk;
import io.livepoint.core.ChunkRejectedException;
import io.livepoint.core.LiveStream;
import io.livepoint.core.Segment;
import io.livepoint.core.Track;
import io.livepoint.core.TrackHeader;
import io.livepoint.core.store.ObjectStoreFullException;
import io.livepoint.core.store.StoredObject;
import io.livepoint.http.Exchange;
import io.livepoint.http.RequestHandler;
import io.livepoint.http.auth.AuthResult;
import io.livepoint.http.auth.Authenticator;
import io.livepoint.media.cmaf.CmafChunk;
import io.livepoint.media.cmaf.CmafException;
import io.livepoint.media.cmaf.CmafStreamParser;
import io.livepoint.media.cmaf.LiveHeader;
import io.livepoint.media.cmaf.SegmentType;
import io.livepoint.media.cmaf.TrackInfo;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipException;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ingest request. Everything is decided from the request line and headers before the body is
 * accepted (so {@code Expect: 100-continue} gets its answer early); the body is then cut into CMAF
 * headers and chunks as it arrives, and each chunk is appended to its track the moment its mdat is
 * complete.
 *
 * <p>Segmentation: every request body starts a new segment with its first chunk (one segment per
 * request, ingest 6.2 item 3); inside a request, a styp without the chunk brand {@code cmfl} starts a
 * segment, and otherwise core cuts at independent chunks on its target-duration grid (a long chunked
 * request such as FFmpeg's {@code -f mp4} output). When the request ends it completes the segment it
 * was writing, and only that one: requests for one track may overlap (segment N+1 starts on another
 * connection while N's last chunks are under way). A chunk of this request that arrives after a newer
 * segment completed its own is answered 400 (it can no longer be stored); a retransmitted chunk is
 * accepted and ignored. The track ends after a segment labelled {@code lmsg}, on an mfra box, or when a
 * request that carried its own CMAF header and more than one segment ends (an encoder session that
 * closed its long POST). A request cut off mid-body completes what it appended; the source may resend.
 *
 * <p>Nothing is created for a request before its body proved to be CMAF: the stream and track appear
 * with the first valid header or chunk.
 */
final class IngestHandler implements RequestHandler {
  private static final Logger LOG = LoggerFactory.getLogger(IngestHandler.class);

  /**
   * What the request carries. MEDIA: CMAF for the live model (an Interface-2 object too when named
   * so); MANIFEST: an MPD whose templates name tracks; OBJECT: an Interface-2 object the model does
   * not read (HLS playlist, TS segment, key); IGNORED: an HLS playlist without an object store;
   * DELETE: the removal of an object (its body, if any, is read and discarded).
   */
  private enum Mode { MEDIA, MANIFEST, OBJECT, IGNORED, DELETE }

  private final IngestService service;
  private Exchange exchange;
  private String stream = "-";
  private Mode mode;
  private boolean finished;
  /** The request path below the publishing point. */
  private String rest;
  /** The Interface-2 object this request writes, or null (Interface-1 only, or dropped). */
  private StoredObject object;
  // MEDIA
  private TrackRoute route;
  /** The track, looked up (or created) at the first valid header or chunk, never before. */
  private Track track;
  /** Null when the model is not fed (pass-through only). */
  private CmafStreamParser parser;
  private final Sink sink = new Sink();
  private boolean sawHeader;
  /** The segment being received was labelled {@code slat} (filler, ingest 6.2 item 18). */
  private boolean inFiller;
  private boolean firstChunk = true;
  private int chunks;
  private int duplicates;
  /** The segment this request's chunks went into last: the only one it completes. */
  private Segment current;
  /** Segments this request's chunks went into. */
  private int segments;
  /** The segment an lmsg brand labelled the last: the track ends once it is complete. */
  private Segment lastOfTrack;
  /** This request's line in the operations view (MEDIA requests), and whether it was closed. */
  private IngestSessions.TrackIngest stats;
  private boolean statsDone;
  /** Passed authentication and the publishing-point check. */
  private boolean admitted;
  /** Whether this request counts as a writer of {@link #current} (see {@link Track#join}). */
  private boolean joined;
  private boolean trackEnded;
  // MANIFEST
  private ByteBuf manifest;
  /** When the last body bytes arrived ({@link io.livepoint.core.Clock#nanoTime}), and the pending idle check. */
  private long lastBodyNanos;
  private ScheduledFuture<?> idleCheck;
  /** Inflates a {@code Content-Encoding: gzip} body, or null. */
  private GzipBody gzip;

  IngestHandler(IngestService service) {
    this.service = service;
  }

  @Override
  public void onRequest(Exchange ex) throws Exception {
    exchange = ex;
    try {
      HttpMethod m = ex.method();
      boolean delete = HttpMethod.DELETE.equals(m) && service.objects() != null;
      if (!HttpMethod.POST.equals(m) && !HttpMethod.PUT.equals(m) && !delete) {
        // 400, not 405: ingest 5.3 item 5e leaves sources no other code for their own errors (Allow still says why).
        throw new Rejection(HttpResponseStatus.BAD_REQUEST, m + " is not an ingest method",
            new DefaultHttpHeaders().set(HttpHeaderNames.ALLOW, service.objects() != null ? "POST, PUT, DELETE" : "POST, PUT"));
      }
      IngestPath path = IngestPath.parse(ex.request().uri(), ex.subPath());
      stream = path.stream();
      authenticate(ex);
      if (!service.config().accepts(stream)) {
        throw new Rejection(HttpResponseStatus.NOT_FOUND, "no publishing point '" + stream + "'");
      }
      admitted = true; // authenticated, to a publishing point that exists: the operations view counts it
      rest = path.rest();
      if (delete) {
        startDelete(ex);
        return;
      }
      String contentType = ex.headers().get(HttpHeaderNames.CONTENT_TYPE);
      if (notMedia(contentType)) {
        throw new Rejection(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE, "Content-Type " + contentType + " is not media");
      }
      GzipBody.Coding coding = GzipBody.coding(ex.headers().get(HttpHeaderNames.CONTENT_ENCODING));
      if (coding == null) {
        throw new Rejection(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
            "Content-Encoding " + ex.headers().get(HttpHeaderNames.CONTENT_ENCODING) + " is not supported (gzip is)");
      }
      ObjectTypes.Type type = objectType(rest);
      String lower = rest.toLowerCase(Locale.ROOT);
      mode = lower.endsWith(".mpd") ? Mode.MANIFEST
          : type != null && !type.isobmff() ? Mode.OBJECT
          : lower.endsWith(".m3u8") ? Mode.IGNORED : Mode.MEDIA;
      boolean feedModel = mode == Mode.MEDIA;
      if (mode == Mode.MEDIA) {
        try {
          route = service.resolve(stream, TrackRoute.of(rest, service.templates(stream)));
        } catch (Rejection r) {
          if (type == null) {
            throw r;
          }
          // The object is fine; only its name cannot be a track of the generated outputs.
          LOG.info("ingest {}: object {} stored and served, not packaged: {}", stream, rest, r.getMessage());
          feedModel = false;
        }
        if (route != null && type != null && service.passThroughOnly(stream, route.trackId())
            && !Boolean.TRUE.equals(route.initialization())) {
          feedModel = false; // a track the model cannot take: its segments are stored only
        }
        if (route != null) {
          stats = service.sessions().track(stream, route.trackId());
          stats.request(String.valueOf(ex.remoteAddress()), ex.headers().get(HttpHeaderNames.USER_AGENT));
        }
      }
      if (!ex.hasBody()) { // an empty POST/PUT is a probe
        finished = true;
        cleanup();
        ex.respond(HttpResponseStatus.OK); // probe (ingest 6.2 item 1)
        return;
      }
      if (type != null) {
        long length = coding == GzipBody.Coding.GZIP ? -1L : HttpUtil.getContentLength(ex.request(), -1L);
        object = service.objects().begin(stream, rest, type.mediaType(), type.kind(), ex.alloc(), length);
        if (object == null) {
          LOG.info("ingest {}: {} arrived just after its DELETE (the source's requests crossed), not kept", stream, rest);
        }
      }
      if (feedModel) {
        // Nothing is created before the body proved to be CMAF: the sink creates the track.
        LiveStream live = service.registry().get(stream);
        Track known = live == null ? null : live.findTrack(route.trackId());
        TrackHeader header = known == null ? null : known.header();
        parser = new CmafStreamParser(ex.alloc(), service.config().maxBoxSize(),
            header == null ? null : header.info());
      } else if (mode == Mode.MANIFEST) {
        manifest = ex.alloc().heapBuffer();
      }
      if (coding == GzipBody.Coding.GZIP) {
        gzip = new GzipBody(ex.alloc(), this::consume);
      }
      ex.acceptBody();
      watchIdle();
    } catch (Rejection r) {
      reject(r);
    }
  }

  /**
   * The Interface-2 type of a request path, or null when it is not an object to store: no object
   * store, the publishing point itself, a Streams() keyword path (Interface-1 signalling, not a file
   * name), or an unknown extension (Interface-1 media named by path, as before). An extension that
   * is clearly not media is refused.
   */
  private ObjectTypes.Type objectType(String rest) throws Rejection {
    if (service.objects() == null || rest.isEmpty() || TrackRoute.namesStreams(rest)) {
      return null;
    }
    if (ObjectTypes.refused(rest)) {
      throw new Rejection(HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE,
          "." + ObjectTypes.extension(rest) + " is not a media or manifest object (ingest 7.1.2 Table 6)");
    }
    return ObjectTypes.of(rest);
  }

  /**
   * DELETE (ingest 7.1.1). The object goes as soon as the request line is in: a DELETE body means
   * nothing (RFC 9110 9.3.5), and FFmpeg, which sends an empty chunked one, often closes the connection
   * at exit before its last chunk. The answer (200 whether or not the object was there) waits for the
   * body, which is read and discarded.
   */
  private void startDelete(Exchange ex) throws Rejection {
    if (rest.isEmpty()) {
      throw Rejection.forbidden("the publishing point itself cannot be deleted");
    }
    mode = Mode.DELETE;
    boolean existed = service.objects().delete(stream, rest);
    LOG.debug("ingest {}: DELETE {} ({})", stream, rest, existed ? "removed" : "was not there");
    if (ex.hasBody()) {
      ex.acceptBody();
    } else {
      respondOk(ex);
    }
  }

  @Override
  public void onContent(Exchange ex, ByteBuf content) {
    lastBodyNanos = service.clock().nanoTime();
    if (finished) {
      return;
    }
    if (gzip == null) {
      consume(content);
      return;
    }
    try {
      gzip.feed(content); // inflated pieces go to consume() as they come
    } catch (ZipException e) {
      reject(Rejection.badRequest("Content-Encoding gzip body does not inflate: " + e.getMessage()));
    }
  }

  /** A piece of the (inflated) body. */
  private void consume(ByteBuf content) {
    if (finished) {
      return;
    }
    try {
      store(content);
      switch (mode) {
        case MEDIA -> {
          if (stats != null) {
            stats.bytes(content.readableBytes());
          }
          if (parser != null) {
            try {
              parser.feed(content, sink);
            } catch (CmafException e) {
              passThroughOrThrow(e);
            }
          }
        }
        case MANIFEST -> {
          if (manifest.readableBytes() + content.readableBytes() > IngestConfig.MAX_MANIFEST_BYTES) {
            throw Rejection.badRequest(
                "manifest larger than " + IngestConfig.MAX_MANIFEST_BYTES + " bytes");
          }
          manifest.writeBytes(content, content.readerIndex(), content.readableBytes());
        }
        case OBJECT, IGNORED, DELETE -> { } // stored above; HLS playlists may be ignored (ingest 6.2 item 17e)
      }
    } catch (CmafException e) {
      reject(rejection(e));
    } catch (Rejection r) {
      reject(r);
    } catch (ChunkRejectedException e) {
      reject(rejection(e));
    } catch (Refused r) {
      reject(r.rejection);
    } catch (RuntimeException e) {
      cleanup();
      dropObject();
      throw e;
    }
  }

  /** Starts the slow-sender watch (ingest 5.2 item 9): the body must keep arriving. */
  private void watchIdle() {
    lastBodyNanos = service.clock().nanoTime();
    scheduleIdleCheck(service.config().requestIdleTimeout().toNanos());
  }

  private void scheduleIdleCheck(long delayNanos) {
    try {
      idleCheck = exchange.executor().schedule(this::checkIdle, delayNanos, TimeUnit.NANOSECONDS);
    } catch (UnsupportedOperationException e) {
      idleCheck = null; // an executor without timers (the immediate executor of unit tests): no watch
    }
  }

  /**
   * A source that stopped sending mid-body is cut off like a dropped connection ({@link #onAbort}: what
   * it appended completes after the resend grace) and answered 400 (5.3 item 5e; the connection is closed).
   */
  private void checkIdle() {
    idleCheck = null;
    if (finished || exchange.done()) {
      return;
    }
    long timeout = service.config().requestIdleTimeout().toNanos();
    long idle = service.clock().nanoTime() - lastBodyNanos;
    if (idle < timeout) {
      scheduleIdleCheck(timeout - idle);
      return;
    }
    String reason = "request body stalled for " + TimeUnit.NANOSECONDS.toMillis(idle) + " ms (ingest.requestIdleTimeout "
        + service.config().requestIdleTimeout().toMillis() + " ms), cut off";
    LOG.warn("ingest rejected: stream={} path={} remote={} status=400 reason={}", stream, exchange.path(),
        exchange.remoteAddress(), reason);
    if (stats != null) {
      stats.error(HttpResponseStatus.BAD_REQUEST.code(), reason);
    }
    Exchange ex = exchange;
    onAbort(ex, new TimeoutException(reason));
    ex.respond(HttpResponseStatus.BAD_REQUEST, "text/plain; charset=utf-8", "400 " + reason + "\n");
  }

  /** Copies a body piece into the request's object (once, into the store's pooled blocks). */
  private void store(ByteBuf content) throws Rejection {
    if (object == null) {
      return;
    }
    try {
      object.append(content);
    } catch (ObjectStoreFullException e) {
      object = null; // failed by the store already
      // The receiver's own storage, not the request, is at fault: a 5xx (ingest 5.3 item 5d), 507 per RFC 4918.
      throw new Rejection(HttpResponseStatus.INSUFFICIENT_STORAGE, e.getMessage());
    } catch (IllegalStateException e) {
      // A newer upload to the same path replaced this one (7.1.2 item 4: it wins), or a DELETE removed
      // it: either way this upload stops storing.
      LOG.info("ingest {}: {} {} while its upload ran", stream, rest,
          service.objects().get(stream, rest) != null ? "replaced by a newer upload" : "deleted");
      object = null;
    }
  }

  /**
   * A CMAF problem of a request that also writes an Interface-2 object: media the model cannot take
   * (encrypted, several tracks in one header, an unknown sample entry), or media of such a track, is
   * passed through (stored and served as sent, not packaged) instead of refused. Everything else keeps
   * its Interface-1 status code: a broken box structure is broken for any player, and 412 is how a
   * source learns to resend its header.
   */
  private void passThroughOrThrow(CmafException e) throws CmafException {
    boolean knownPassThrough = route != null && service.passThroughOnly(stream, route.trackId());
    if (object == null || !(e.kind() == CmafException.Kind.UNSUPPORTED
        || e.kind() == CmafException.Kind.NO_HEADER && knownPassThrough)) {
      throw e;
    }
    if (e.kind() == CmafException.Kind.UNSUPPORTED && route != null) {
      service.passThroughOnly(stream, route.trackId(), true);
    }
    LOG.info("ingest {}: object {} stored and served as sent, not packaged: {}", stream, rest, e.getMessage());
    completeOwnSegment();
    parser.close();
    parser = null;
  }

  @Override
  public void onEnd(Exchange ex) {
    if (finished) {
      return;
    }
    if (gzip != null) {
      try {
        gzip.end();
      } catch (ZipException e) {
        reject(Rejection.badRequest("Content-Encoding gzip body does not inflate: " + e.getMessage()));
      }
      if (finished) {
        return;
      }
    }
    try {
      switch (mode) {
        case MEDIA -> {
          if (parser != null) {
            try {
              parser.end(sink);
              endOfBody();
            } catch (CmafException e) {
              passThroughOrThrow(e);
            }
          }
          completeObject();
          respondOk(ex);
        }
        case MANIFEST -> {
          byte[] xml = new byte[manifest.readableBytes()];
          manifest.readBytes(xml);
          adoptManifest(xml);
          completeObject();
          respondOk(ex);
        }
        case OBJECT, IGNORED -> {
          completeObject();
          respondOk(ex);
        }
        case DELETE -> respondOk(ex);
      }
    } catch (CmafException e) {
      reject(rejection(e));
    } catch (Rejection r) {
      reject(r);
    } finally {
      cleanup();
    }
  }

  /**
   * An MPD's templates name the tracks of later requests. Stored as an Interface-2 object, an MPD
   * that is well-formed but names no templates (SegmentList, SegmentBase, SegmentTimeline without
   * @media) is still served as sent; without a store it is refused as before.
   */
  private void adoptManifest(byte[] xml) throws Rejection {
    MpdTemplates t;
    try {
      t = MpdTemplates.parse(xml, rest);
    } catch (Rejection r) {
      if (object == null || r.getMessage().startsWith(MpdTemplates.NOT_XML)) {
        throw r;
      }
      LOG.info("ingest {}: manifest {} stored and served, its naming not used: {}", stream, rest, r.getMessage());
      return;
    }
    // A valid manifest creates the stream, so that the registry's sweep also forgets its templates.
    LiveStream live = service.registry().getOrCreate(stream);
    MpdTemplates before = service.templates(stream);
    service.templates(stream, t);
    service.adoptParkedHeaders(live, t);
    if (before == null || before.entries().size() != t.entries().size()) {
      LOG.info("ingest {}: manifest {} names {} track(s)", stream, rest, t.entries().size());
    } else {
      LOG.debug("ingest {}: manifest {} updated", stream, rest); // Interface-2 sources repost it every segment
    }
  }

  private void completeObject() {
    if (object != null) {
      object.complete();
      object = null;
    }
  }

  /** The upload did not end well: its unfinished object leaves the store (readers are cut off). */
  private void dropObject() {
    if (object != null) {
      object.fail();
      object = null;
    }
  }

  @Override
  public void onAbort(Exchange ex, Throwable cause) {
    if (!finished && mode == Mode.MEDIA && chunks > 0) {
      LOG.info("ingest {}/{}: request cut off after {} chunk(s): {}", stream, route.trackId(), chunks, cause.toString());
      leaveAfterGrace(ex);
    }
    if (!finished && object != null) {
      LOG.info("ingest {}: upload of {} cut off after {} bytes: {}", stream, rest, object.size(), cause.toString());
    }
    dropObject();
    finished = true;
    cleanup();
  }

  /**
   * A source cut off mid-segment may reconnect and resend it (ingest 5.3 item 2, 6.8 item 6): the segment
   * stays open for one target segment duration, so that the resend continues it instead of starting a
   * new one; then this request leaves it (it completes unless someone else writes it).
   */
  private void leaveAfterGrace(Exchange ex) {
    if (current == null || trackEnded) {
      return;
    }
    long grace = track.stream().settings().targetSegmentDuration().toNanos();
    if (joined) {
      track.cutOff(current);
    }
    try {
      ex.executor().schedule(this::graceOver, grace, java.util.concurrent.TimeUnit.NANOSECONDS);
    } catch (UnsupportedOperationException | java.util.concurrent.RejectedExecutionException noTimer) {
      graceOver(); // no loop to wait on (shutting down): players must not wait for it
    }
  }

  private void graceOver() {
    if (current != null && !trackEnded && track != null && joined) {
      joined = false;
      track.leaveCutOff(current);
    }
  }

  /** The request body ended well: complete its segment, or end the track of a finished session. */
  private void endOfBody() {
    if (current == null || trackEnded) {
      return; // nothing appended (or only repeats), or the track ended already
    }
    if (lastOfTrack != null) {
      endTrack("lmsg");
    } else if (sawHeader && segments >= 2) {
      LOG.info("ingest {}/{}: long request with its own header ended: end of track", stream, track.id());
      endTrack(null);
    } else {
      leaveCurrent();
    }
  }

  /** Leaves the segment this request was writing, and no other (another request may be writing one). */
  private void completeOwnSegment() {
    if (current != null && !trackEnded && track != null) {
      leaveCurrent();
    }
  }

  /** This request now writes {@code segment}: it leaves the one before. */
  private void writeInto(Track t, Segment segment) {
    leaveCurrent();
    current = segment;
    joined = t.join(segment);
  }

  /** Stops writing the current segment: it completes unless a redundant source still writes it. */
  private void leaveCurrent() {
    if (current != null && joined) {
      joined = false;
      track.leave(current);
    }
  }

  /** Ends the track after this request's segment (lmsg, mfra, the end of a session). */
  private void endTrack(String why) {
    if (why != null) {
      LOG.info("ingest {}/{}: {}, end of track", stream, track.id(), why);
    }
    track.end(lastOfTrack != null ? lastOfTrack : current);
    lastOfTrack = null;
    trackEnded = true;
  }

  private void respondOk(Exchange ex) {
    finished = true;
    ex.respond(HttpResponseStatus.OK);
  }

  /** Answers an error at once, logs it in one line and drops everything held for the request. */
  private void reject(Rejection r) {
    Exchange ex = exchange;
    LOG.warn("ingest rejected: stream={} path={} remote={} status={} reason={}", stream, ex.path(),
        ex.remoteAddress(), r.status.code(), r.getMessage());
    if (stats != null || admitted) {
      (stats != null ? stats : service.sessions().track(stream, null)).error(r.status.code(), r.getMessage());
    }
    if (mode == Mode.MEDIA) {
      completeOwnSegment();
    }
    dropObject();
    finished = true;
    cleanup();
    ByteBuf body = ex.alloc().buffer();
    body.writeCharSequence(r.status.code() + " " + r.getMessage() + "\n", StandardCharsets.UTF_8);
    HttpHeaders h = r.headers == null ? new DefaultHttpHeaders() : r.headers;
    h.set(HttpHeaderNames.CONTENT_TYPE, "text/plain; charset=utf-8");
    ex.respond(r.status, h, body);
  }

  private void cleanup() {
    if (idleCheck != null) {
      idleCheck.cancel(false);
      idleCheck = null;
    }
    if (gzip != null) {
      gzip.close();
      gzip = null;
    }
    if (stats != null && !statsDone) {
      statsDone = true;
      stats.done();
    }
    if (parser != null) {
      parser.close();
      parser = null;
    }
    if (manifest != null) {
      manifest.release();
      manifest = null;
    }
  }

  /**
   * The publishing point's policy (Basic or Digest, see {@link Authenticator}): no credentials, or an
   * expired Digest nonce, 401 with the challenges; wrong credentials 403 (ingest 5.3). A publishing
   * point that requires a TLS client certificate refuses a source without one 403 first.
   */
  private void authenticate(Exchange ex) throws Rejection {
    if (service.config().clientCertificateRequired().contains(stream) && ex.clientCertificate() == null) {
      throw Rejection.forbidden("publishing point '" + stream + "' requires a TLS client certificate");
    }
    AuthResult r = service.guard(stream).check(ex.method().name(), ex.request().uri(),
        ex.headers().get(HttpHeaderNames.AUTHORIZATION));
    switch (r.outcome()) {
      case PASS -> { }
      case CHALLENGE -> {
        HttpHeaders h = new DefaultHttpHeaders();
        r.challenges().forEach(c -> h.add(HttpHeaderNames.WWW_AUTHENTICATE, c));
        throw new Rejection(HttpResponseStatus.UNAUTHORIZED, r.reason(), h);
      }
      case FORBIDDEN -> throw Rejection.forbidden("authentication failed: " + r.reason());
    }
  }

  /** Content types that are clearly not CMAF media or a manifest; a missing one is fine. */
  static boolean notMedia(String contentType) {
    if (contentType == null) {
      return false;
    }
    String t = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    return t.equals("text/html") || t.endsWith("/json") || t.endsWith("+json") || t.startsWith("multipart/")
        || t.equals("text/css") || t.contains("javascript") || t.startsWith("image/") || t.startsWith("font/");
  }

  private static Rejection rejection(ChunkRejectedException e) {
    return switch (e.reason()) {
      // The track lost its header under the request (its stream was removed): send the header again.
      case NO_HEADER -> new Rejection(HttpResponseStatus.PRECONDITION_FAILED, e.getMessage());
      case NOT_INDEPENDENT -> Rejection.badRequest(e.getMessage());
    };
  }

  private static Rejection rejection(CmafException e) {
    HttpResponseStatus status = switch (e.kind()) {
      case NO_HEADER -> HttpResponseStatus.PRECONDITION_FAILED;
      case UNSUPPORTED -> HttpResponseStatus.UNSUPPORTED_MEDIA_TYPE;
      case TOO_LARGE, MALFORMED -> HttpResponseStatus.BAD_REQUEST; // over a limit too: 5.3 item 5e
    };
    return new Rejection(status, e.getMessage());
  }

  /** The request's track, created at its first valid header or chunk. */
  private Track track() {
    if (track == null) {
      track = service.registry().getOrCreate(stream).track(route.trackId());
      if (route.switchingSetId() != null) {
        track.switchingSetId(route.switchingSetId());
      }
    }
    return track;
  }

  /** Carries a refusal out of the parser's callbacks (the parser releases what it holds). */
  private static final class Refused extends RuntimeException {
    final Rejection rejection;

    Refused(Rejection rejection) {
      super(rejection.getMessage(), null, false, false);
      this.rejection = rejection;
    }
  }

  /** Where the parser delivers: headers and chunks go straight into the track. */
  private final class Sink implements CmafStreamParser.Listener {
    /**
     * FFmpeg's DASH muxer opens a segment's PUT while its init segment's PUT (another connection) is
     * still being read, and maybe before its MPD: look the header up again when the first fragment comes,
     * by the route the manifest gives by now.
     */
    @Override
    public TrackInfo headerSince() {
      if (track == null && service.templates(stream) != null) {
        try {
          TrackRoute now = service.resolve(stream, TrackRoute.of(rest, service.templates(stream)));
          if (!now.trackId().equals(route.trackId())) {
            LOG.info("ingest {}: {} is track {} by the manifest that came while its request was under way", stream,
                rest, now.trackId());
            route = now;
            stats = service.sessions().track(stream, route.trackId());
            stats.request(String.valueOf(exchange.remoteAddress()), exchange.headers().get(HttpHeaderNames.USER_AGENT));
          }
        } catch (Rejection r) {
          return null; // the manifest does not name it: the path's naming stands
        }
      }
      LiveStream live = service.registry().get(stream);
      Track t = track != null ? track : live == null ? null : live.findTrack(route.trackId());
      TrackHeader h = t == null ? null : t.header();
      return h == null ? null : h.info();
    }

    @Override
    public void header(ByteBuf init, TrackInfo info) {
      boolean firstOfRequest = !sawHeader;
      sawHeader = true;
      // Served as a live header: a recording's duration in it would end browser playback there.
      LiveHeader.clearDurations(init);
      Track t = track();
      if (route.switchingSetId() == null && info.switchingSetId() != null) {
        t.switchingSetId(info.switchingSetId());
      }
      service.passThroughOnly(stream, t.id(), false);
      byte[] copy = ByteBufUtil.getBytes(init); // the track owns init from here on
      Track.HeaderChange change = t.setHeader(new TrackHeader(init, info));
      // Parked after it is set, then offered to an MPD that came while this request was under way: the
      // MPD names the track by this path whichever of the two is handled first.
      service.parkHeader(stream, rest, copy, info);
      MpdTemplates templates = service.templates(stream);
      LiveStream live = service.registry().get(stream);
      if (templates != null && live != null) {
        service.adoptParkedHeaders(live, templates);
      }
      if (change == Track.HeaderChange.IDENTICAL && firstOfRequest) {
        t.sourceConnected(); // a request starting with the header again: a reconnect or a restart
      }
      if (change != Track.HeaderChange.IDENTICAL) {
        LOG.info("ingest {}/{}: {} CMAF header {} {} timescale {}", stream, t.id(),
            change == Track.HeaderChange.NEW ? "new" : "changed", info.handler(), info.codecs(), info.timescale());
      }
    }

    @Override
    public void chunk(CmafChunk c) {
      Track t = track();
      // A request that carried its own header is a long session (FFmpeg -f mp4): core cuts it on the
      // grid. A request of media only is one segment: only a styp may cut it again.
      Track.Cut cut = firstChunk || c.startsSegment() ? Track.Cut.START
          : sawHeader ? Track.Cut.AUTO : Track.Cut.CONTINUE;
      firstChunk = false;
      if (lastOfTrack != null && cut == Track.Cut.START) {
        endTrack("lmsg"); // the segment labelled last is over; what follows restarts the track
      }
      var f = c.fragment();
      Chunk chunk = new Chunk(c.data(), f.baseMediaDecodeTime(), f.duration(), f.firstSampleSync(),
          f.sequenceNumber(), service.clock().nanoTime(), c.prft() == null ? null : c.prft().time());
      // Events are read after the chunk is stored (never for a repeat), from a view of our own: the track
      // owns the chunk from here on, whatever happens (stored, dropped or refused), and may release it.
      ByteBuf view = EventIngest.carriesEvents(t, c) ? c.data().retainedDuplicate() : null;
      Segment s;
      try {
        if (c.startsSegment()) {
          inFiller = c.hasBrand(SegmentType.SLAT); // the styp labels every chunk of its segment
        }
        s = t.append(chunk, cut, inFiller);
        if (s != null && view != null) {
          EventIngest.chunk(t, c, view, s.startTime());
        }
      } finally {
        if (view != null) {
          view.release();
        }
      }
      chunks++;
      if (s == null) {
        Segment holding = t.segmentAt(f.baseMediaDecodeTime());
        if (holding == null && current != null && current.isComplete() && !trackEnded) {
          // This request's segment was completed by a newer one (another request) while it still
          // had media to send that no segment holds: it cannot be stored, and the source must know.
          throw new Refused(Rejection.badRequest("chunk at " + f.baseMediaDecodeTime() + " arrived after segment "
              + current.number() + " of track " + t.id() + " was completed by a newer segment; dropped"));
        }
        if (holding != null && holding != current && !holding.isComplete()) {
          writeInto(t, holding); // a redundant source's copy: keep the segment open until this one is done
        }
        duplicates++;
        stats.duplicate();
        LOG.debug("ingest {}/{}: repeated chunk at {} ignored", stream, t.id(), f.baseMediaDecodeTime());
        return;
      }
      stats.fragment(f.baseMediaDecodeTime(), f.endTime());
      if (s != current) {
        segments++;
        writeInto(t, s);
        if (sawHeader && segments == 2 && object != null) {
          // A header and several segments in one request: an Interface-1 track session (FFmpeg -f mp4),
          // not an object. It goes on into the model; keeping it whole would grow without bound.
          LOG.info("ingest {}: {} carries a whole track (Interface-1 session), not kept as an object", stream, rest);
          dropObject();
        }
      }
      trackEnded = false;
      if (c.hasBrand(SegmentType.LMSG)) {
        lastOfTrack = s;
      }
    }

    @Override
    public void endOfTrack() {
      if (track == null) {
        LOG.info("ingest {}/{}: mfra before any media, ignored", stream, route.trackId());
        return;
      }
      endTrack("mfra");
    }
  }
}
