package io.livepoint.packager;

import io.livepoint.core.LiveStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Renders each manifest once per stream version: the snapshot of a stream is taken once per
 * {@link LiveStream#version()}, and each document (MPD per time URL, playlists per track and delta
 * flag) is rendered once per snapshot; requests in between get the same bytes.
 */
final class ManifestCache {
  private static final int MAX_DOCUMENTS = 1024;

  private final PackagerConfig config;
  private final SampleCounts sampleCounts = new SampleCounts();
  private final ConcurrentHashMap<String, StreamSnapshot> snapshots = new ConcurrentHashMap<>();
  private final Map<Key, Document> documents = new LinkedHashMap<>(64, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<Key, Document> eldest) {
      return size() > MAX_DOCUMENTS;
    }
  };
  private long renders;

  ManifestCache(PackagerConfig config) {
    this.config = config;
  }

  /**
   * The current snapshot of a stream, taken anew only when its version moved. Ingest makes a change
   * visible before it counts it, so a snapshot never lacks what its version counts; it may hold a
   * little more, which the next version's snapshot lists too.
   */
  StreamSnapshot snapshot(LiveStream stream) {
    StreamSnapshot s = snapshots.get(stream.name());
    if (s != null && s.stream == stream && s.version == stream.version()) {
      return s;
    }
    s = StreamSnapshot.of(stream, config.lowLatency(), sampleCounts);
    snapshots.put(stream.name(), s);
    return s;
  }

  /** Document {@code key} of {@code snap}, rendered by {@code render} unless already rendered for it. */
  byte[] document(StreamSnapshot snap, Key key, Function<StreamSnapshot, String> render) {
    synchronized (documents) {
      Document d = documents.get(key);
      if (d != null && d.snapshot == snap.serial) {
        return d.bytes;
      }
    }
    String text = render.apply(snap);
    byte[] bytes = text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    synchronized (documents) {
      documents.put(key, new Document(snap.serial, bytes));
      renders++;
    }
    return bytes;
  }

  /** How many documents were rendered (tests check that renders follow versions, not requests). */
  long renders() {
    synchronized (documents) {
      return renders;
    }
  }

  /**
   * Names one document of a stream.
   *
   * @param variant what else the document depends on (time URL, track id and delta flag)
   */
  record Key(String stream, OutputPath.Kind kind, String variant) {}

  private record Document(long snapshot, byte[] bytes) {}
}
