package io.livepoint.core.store;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.CompositeByteBuf;
import io.netty.util.IllegalReferenceCountException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One object a source published (a manifest, a segment, a key), as the bytes it sent, readable while
 * it is still arriving. The bytes are copied once from the request into pooled blocks owned by the
 * object; readers get retained slices of those blocks, never copies. A reader of a growing object
 * reads what is there with {@link #read}, waits with {@link #awaitBeyond}, and stops when the object
 * is complete, failed or released.
 *
 * <p>One writer (the upload) appends and ends it; any number of readers on any thread.
 */
public final class StoredObject {
  /** Size of every block after the first. */
  static final int BLOCK = 64 * 1024;
  /** First block when the length is not announced: small, most manifests fit. */
  static final int FIRST_BLOCK = 16 * 1024;

  /** Where an object is in its life. */
  public enum State {
    /** The upload is under way: more bytes may come. */
    WRITING,
    /** The upload ended well: the bytes are final. */
    COMPLETE,
    /** The upload broke off or was refused: the object never became whole and is gone. */
    FAILED,
    /** Deleted, replaced or evicted: the bytes are gone. */
    RELEASED
  }

  private final PublishedObjects owner;
  private final String path;
  private final String contentType;
  private final ObjectKind kind;
  private final ByteBufAllocator alloc;
  private final int firstBlock;
  private final long createdNanos;
  private final long generation;
  private final List<ByteBuf> blocks = new ArrayList<>();
  private final List<CompletableFuture<Void>> waiters = new ArrayList<>();
  private long size;
  private long completedNanos;
  private State state = State.WRITING;
  /** Bytes its stream counts for it; guarded by the stream's lock, not this object's. */
  long accounted;

  StoredObject(PublishedObjects owner, String path, String contentType, ObjectKind kind, ByteBufAllocator alloc,
      long lengthHint, long createdNanos, long generation) {
    this.owner = owner;
    this.path = path;
    this.contentType = contentType;
    this.kind = kind;
    this.alloc = alloc;
    this.firstBlock = lengthHint > 0 ? (int) Math.min(lengthHint, BLOCK) : FIRST_BLOCK;
    this.createdNanos = createdNanos;
    this.generation = generation;
  }

  public String path() {
    return path;
  }

  /** The media type it is served with. */
  public String contentType() {
    return contentType;
  }

  public ObjectKind kind() {
    return kind;
  }

  /** The stream (publishing point) it belongs to. */
  public String stream() {
    return owner.stream();
  }

  public synchronized long size() {
    return size;
  }

  public synchronized State state() {
    return state;
  }

  public synchronized boolean isComplete() {
    return state == State.COMPLETE;
  }

  /** {@code Clock.nanoTime()} when the upload started. */
  public long createdNanos() {
    return createdNanos;
  }

  /** Increases with every object begun in its stream: two writes of one path never share it. */
  public long generation() {
    return generation;
  }

  /** {@code Clock.nanoTime()} when the upload completed, or 0 while it runs. */
  public synchronized long completedNanos() {
    return completedNanos;
  }

  /**
   * Appends the readable bytes of {@code data} (copied; the caller keeps its buffer). Throws
   * {@link ObjectStoreFullException} when the stream's byte budget cannot hold the object even after
   * evicting every evictable object; the object is then failed.
   *
   * @throws IllegalStateException when the object is no longer being written (replaced, deleted)
   */
  public void append(ByteBuf data) {
    int n = data.readableBytes();
    if (n == 0) {
      return;
    }
    List<CompletableFuture<Void>> wake;
    synchronized (this) {
      if (state != State.WRITING) {
        throw new IllegalStateException("object " + path + " is " + state + ", not being written");
      }
      int at = data.readerIndex();
      int left = n;
      while (left > 0) {
        ByteBuf last = blocks.isEmpty() ? null : blocks.get(blocks.size() - 1);
        if (last == null || !last.isWritable()) {
          int cap = blocks.isEmpty() ? firstBlock : BLOCK;
          last = alloc.directBuffer(cap, cap);
          blocks.add(last);
        }
        int k = Math.min(left, last.writableBytes());
        last.writeBytes(data, at, k);
        at += k;
        left -= k;
      }
      size += n;
      wake = takeWaiters();
    }
    wake.forEach(f -> f.complete(null));
    try {
      owner.grew(this, n);
    } catch (ObjectStoreFullException e) {
      fail();
      throw e;
    }
  }

  /** The upload ended well: the object is final. Returns false when it was replaced or deleted meanwhile. */
  public boolean complete() {
    List<CompletableFuture<Void>> wake;
    synchronized (this) {
      if (state != State.WRITING) {
        return false;
      }
      state = State.COMPLETE;
      completedNanos = owner.nanoTime();
      wake = takeWaiters();
    }
    wake.forEach(f -> f.complete(null));
    owner.completed(this);
    return true;
  }

  /** The upload broke off or was refused: the object leaves its stream (if still there) and its bytes go. */
  public void fail() {
    if (end(State.FAILED)) {
      owner.dropped(this);
    }
  }

  /** Called by the stream when the object is deleted, replaced or evicted. */
  void release() {
    end(State.RELEASED);
  }

  private boolean end(State to) {
    List<CompletableFuture<Void>> wake;
    synchronized (this) {
      if (state == State.FAILED || state == State.RELEASED) {
        return false;
      }
      state = to;
      for (ByteBuf b : blocks) {
        b.release();
      }
      blocks.clear();
      wake = takeWaiters();
    }
    wake.forEach(f -> f.complete(null));
    return true;
  }

  /**
   * A retained slice of the bytes from {@code offset} to the end of what has arrived in the block
   * holding it (the caller releases it), or null when nothing has arrived at {@code offset} yet.
   *
   * @throws IllegalReferenceCountException when the object failed or was released
   */
  public synchronized ByteBuf read(long offset) {
    checkReadable();
    if (offset >= size) {
      return null;
    }
    int index;
    int in;
    if (offset < firstBlock) {
      index = 0;
      in = (int) offset;
    } else {
      long beyond = offset - firstBlock;
      index = 1 + (int) (beyond / BLOCK);
      in = (int) (beyond % BLOCK);
    }
    ByteBuf b = blocks.get(index);
    return b.retainedSlice(in, b.writerIndex() - in);
  }

  /**
   * All the bytes of a complete object as one buffer of retained slices (the caller releases it), or
   * null while it is still being written.
   *
   * @throws IllegalReferenceCountException when the object failed or was released
   */
  public synchronized ByteBuf retainedContent() {
    checkReadable();
    if (state != State.COMPLETE) {
      return null;
    }
    CompositeByteBuf all = alloc.compositeDirectBuffer(Math.max(2, blocks.size()));
    for (ByteBuf b : blocks) {
      all.addComponent(true, b.retainedSlice(0, b.writerIndex()));
    }
    return all;
  }

  /**
   * Completes once there are bytes beyond {@code offset} or the object stopped growing (complete,
   * failed, released); at once when that is so now. Cancelling it drops the waiter.
   */
  public synchronized CompletableFuture<Void> awaitBeyond(long offset) {
    if (size > offset || state != State.WRITING) {
      return CompletableFuture.completedFuture(null);
    }
    waiters.removeIf(CompletableFuture::isDone);
    CompletableFuture<Void> f = new CompletableFuture<>();
    waiters.add(f);
    return f;
  }

  private void checkReadable() {
    if (state == State.FAILED || state == State.RELEASED) {
      throw new IllegalReferenceCountException(0);
    }
  }

  private List<CompletableFuture<Void>> takeWaiters() {
    if (waiters.isEmpty()) {
      return List.of();
    }
    List<CompletableFuture<Void>> w = new ArrayList<>(waiters);
    waiters.clear();
    return w;
  }

  @Override
  public synchronized String toString() {
    return owner.stream() + "/" + path + " (" + kind + ", " + size + " bytes, " + state + ")";
  }
}
