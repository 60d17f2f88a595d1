package io.livepoint.core.store;

import io.livepoint.core.Clock;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The objects of one publishing point, by path, in the order they were (last) written. Folders exist
 * while an object lies beneath them (deleting the last file of a folder removes it, the root stays:
 * ingest 7.1.1). Memory is bounded: media objects are evicted, oldest first, once older than the
 * retention or when the byte budget is exceeded; manifests, headers and keys stay until deleted,
 * replaced, or the publishing point is dropped.
 */
public final class PublishedObjects {
  private static final Logger LOG = LoggerFactory.getLogger(PublishedObjects.class);

  private final String stream;
  private final Clock clock;
  private final ObjectStore.Limits limits;
  private final LinkedHashMap<String, StoredObject> objects = new LinkedHashMap<>();
  /** Folder path to the number of objects beneath it (at any depth); the root "" is not counted. */
  private final Map<String, Integer> folders = new HashMap<>();
  private long bytes;
  private volatile long lastWriteNanos;
  private long evicted;
  /**
   * When each path was last deleted (recent ones only). A source that does not wait for answers (FFmpeg
   * pipelines its requests over several connections) can have its DELETE of a manifest overtake the
   * upload of that manifest it sent just before; an upload of a manifest this soon after its DELETE is
   * taken for that older request. A wrong guess heals itself: manifests are rewritten every segment.
   */
  private final LinkedHashMap<String, Long> deletedAt = new LinkedHashMap<>();
  /** How long a DELETE shadows a manifest upload of the same path. */
  static final long CROSSED_NANOS = 2_000_000_000L;
  private static final int MAX_DELETED = 4096;
  private long generations;

  PublishedObjects(String stream, Clock clock, ObjectStore.Limits limits) {
    this.stream = stream;
    this.clock = clock;
    this.limits = limits;
    this.lastWriteNanos = clock.nanoTime();
  }

  public String stream() {
    return stream;
  }

  long nanoTime() {
    return clock.nanoTime();
  }

  /**
   * Starts an upload at {@code path}, replacing any object there (ingest 7.1.2 item 4: the newer one
   * wins; readers of an unfinished older one are cut off, readers of a finished one keep what they hold).
   * Returns null for a manifest whose DELETE came moments ago (see {@link #deletedAt}): not stored.
   */
  StoredObject begin(String path, String contentType, ObjectKind kind, ByteBufAllocator alloc, long lengthHint) {
    StoredObject old;
    StoredObject o;
    synchronized (this) {
      long now = clock.nanoTime();
      evictExpired(now);
      forgetDeletes(now);
      Long deleted = deletedAt.get(path);
      if (kind == ObjectKind.MANIFEST && deleted != null && now - deleted < CROSSED_NANOS) {
        return null;
      }
      o = new StoredObject(this, path, contentType, kind, alloc, lengthHint, now, ++generations);
      old = objects.remove(path);
      if (old != null) {
        bytes -= old.accounted;
      } else {
        addFolders(path, 1);
      }
      objects.put(path, o);
      lastWriteNanos = now;
    }
    if (old != null) {
      old.release();
    }
    return o;
  }

  /** The object at {@code path}, or null. */
  public synchronized StoredObject get(String path) {
    return objects.get(path);
  }

  /**
   * Deletes the object at {@code path} (and so any folder it leaves empty).
   *
   * @return whether there was one
   */
  public boolean delete(String path) {
    StoredObject o;
    synchronized (this) {
      long now = clock.nanoTime();
      forgetDeletes(now);
      deletedAt.remove(path);
      deletedAt.put(path, now);
      o = objects.remove(path);
      if (o == null) {
        return false;
      }
      forget(o);
      lastWriteNanos = clock.nanoTime();
    }
    o.release();
    return true;
  }

  /** Paths of the stored objects, oldest write first. */
  public synchronized List<String> paths() {
    return new ArrayList<>(objects.keySet());
  }

  /** The folders that exist (hold at least one object), sorted; never the root. */
  public synchronized Set<String> folders() {
    return new TreeSet<>(folders.keySet());
  }

  /** Bytes held by the stored objects. */
  public synchronized long bytes() {
    return bytes;
  }

  /** Media objects evicted so far (by age or budget, not by the source's DELETE). */
  public synchronized long evicted() {
    return evicted;
  }

  /** Whether nothing was written or deleted for {@code idleNanos} and no upload is under way. */
  synchronized boolean idleFor(long idleNanos) {
    if (clock.nanoTime() - lastWriteNanos < idleNanos) {
      return false;
    }
    for (StoredObject o : objects.values()) {
      if (o.state() == StoredObject.State.WRITING) {
        return false;
      }
    }
    return true;
  }

  /** Drops media objects older than the retention; returns how many. */
  public int evictExpired() {
    synchronized (this) {
      return evictExpired(clock.nanoTime());
    }
  }

  /** Releases everything (the publishing point is dropped). */
  void clear() {
    List<StoredObject> all;
    synchronized (this) {
      all = new ArrayList<>(objects.values());
      objects.clear();
      folders.clear();
      bytes = 0;
    }
    all.forEach(StoredObject::release);
  }

  // Called by the objects (never under their own lock).

  void grew(StoredObject o, int n) {
    List<StoredObject> gone = new ArrayList<>();
    try {
      synchronized (this) {
        if (objects.get(o.path()) != o) {
          return; // replaced or deleted meanwhile: it no longer counts
        }
        bytes += n;
        o.accounted += n;
        lastWriteNanos = clock.nanoTime();
        if (bytes <= limits.maxBytesPerStream()) {
          return;
        }
        for (Iterator<StoredObject> it = objects.values().iterator(); it.hasNext() && bytes > limits.maxBytesPerStream(); ) {
          StoredObject e = it.next();
          if (e != o && e.kind().evictable() && e.isComplete()) {
            it.remove();
            forget(e);
            evicted++;
            gone.add(e);
          }
        }
        if (bytes > limits.maxBytesPerStream()) {
          throw new ObjectStoreFullException("publishing point " + stream + " holds " + bytes
              + " bytes, over its budget of " + limits.maxBytesPerStream() + " with nothing left to evict");
        }
      }
    } finally {
      if (!gone.isEmpty()) {
        LOG.info("objects {}: byte budget reached, evicted {} oldest media object(s), from {}", stream, gone.size(),
            gone.get(0).path());
        gone.forEach(StoredObject::release);
      }
    }
  }

  synchronized void completed(StoredObject o) {
    lastWriteNanos = clock.nanoTime();
  }

  /** A failed upload leaves the store (if it is still the object at its path). */
  synchronized void dropped(StoredObject o) {
    if (objects.get(o.path()) == o) {
      objects.remove(o.path());
      forget(o);
    }
  }

  private int evictExpired(long now) {
    long limit = limits.retention().toNanos();
    List<StoredObject> gone = new ArrayList<>();
    for (Iterator<StoredObject> it = objects.values().iterator(); it.hasNext(); ) {
      StoredObject e = it.next();
      if (e.kind().evictable() && e.isComplete() && now - e.completedNanos() > limit) {
        it.remove();
        forget(e);
        evicted++;
        gone.add(e);
      }
    }
    if (!gone.isEmpty()) {
      LOG.debug("objects {}: {} media object(s) older than {} evicted", stream, gone.size(), limits.retention());
      gone.forEach(StoredObject::release);
    }
    return gone.size();
  }

  /** Drops DELETE times too old to matter (under this lock). */
  private void forgetDeletes(long now) {
    for (Iterator<Long> it = deletedAt.values().iterator(); it.hasNext(); ) {
      long t = it.next();
      if (now - t < CROSSED_NANOS && deletedAt.size() <= MAX_DELETED) {
        break; // insertion order is time order
      }
      it.remove();
    }
  }

  /** Takes a removed object out of the accounting (under this lock). */
  private void forget(StoredObject o) {
    bytes -= o.accounted;
    addFolders(o.path(), -1);
  }

  private void addFolders(String path, int delta) {
    for (String f = ObjectPath.folder(path); !f.isEmpty(); f = ObjectPath.folder(f)) {
      int n = folders.getOrDefault(f, 0) + delta;
      if (n <= 0) {
        folders.remove(f);
      } else {
        folders.put(f, n);
      }
    }
  }
}
