package io.livepoint.ingest;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.nio.ByteBuffer;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;
import java.util.zip.ZipException;

/**
 * Inflates a {@code Content-Encoding: gzip} request body as it arrives (RFC 9110 8.4.1.3, RFC 1952;
 * several members in a row are one body). Each inflated piece, at most {@link #PIECE} bytes, goes to
 * the consumer the moment it is inflated and is released after the call, so a small body that inflates
 * to gigabytes (a "decompression bomb") never sits in memory: the consumer's own limits (box size,
 * object budget, manifest size) refuse it piece by piece, as they would the same bytes sent plain.
 * Not thread-safe: one request, on its event loop.
 */
final class GzipBody implements AutoCloseable {
  /** Largest inflated piece handed on at once. */
  static final int PIECE = 64 * 1024;
  /** Longest gzip member header accepted (file name and comment included). */
  static final int MAX_HEADER = 16 * 1024;
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;

  /** The codings of a Content-Encoding value that ingest takes. */
  enum Coding { IDENTITY, GZIP }

  private enum State { HEADER, BODY, TRAILER }

  private final ByteBufAllocator alloc;
  private final Consumer<ByteBuf> pieces;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  /** Header or trailer bytes gathered across pieces. */
  private final ByteBuf carry = Unpooled.buffer(0, MAX_HEADER + 8);
  private State state = State.HEADER;
  private long inflatedSize;
  private int members;
  private boolean closed;
  /** The buffer the next inflated piece goes into (reused while the consumer keeps none). */
  private ByteBuf out;
  private boolean accepting;

  /** The coding named by a Content-Encoding value (absent, identity or gzip), or null when it is another. */
  static Coding coding(String contentEncoding) {
    if (contentEncoding == null) {
      return Coding.IDENTITY;
    }
    return switch (contentEncoding.trim().toLowerCase(Locale.ROOT)) {
      case "", "identity" -> Coding.IDENTITY;
      case "gzip", "x-gzip" -> Coding.GZIP;
      default -> null;
    };
  }

  GzipBody(ByteBufAllocator alloc, Consumer<ByteBuf> pieces) {
    this.alloc = alloc;
    this.pieces = pieces;
  }

  /** Inflates a piece of the compressed body (not released here). A runtime exception of the consumer comes out as thrown. */
  void feed(ByteBuf compressed) throws ZipException {
    if (compressed.isReadable()) {
      process(compressed.nioBuffer());
    }
  }

  /** Ends the body: it must end after a whole member. */
  void end() throws ZipException {
    if (!closed && (members == 0 || state != State.HEADER || carry.isReadable())) {
      throw new ZipException("gzip body ends inside a member");
    }
  }

  private void process(ByteBuffer in) throws ZipException {
    while (in.hasRemaining() && !closed) {
      switch (state) {
        case HEADER -> {
          take(in, MAX_HEADER - carry.readableBytes());
          int length = headerLength();
          if (length < 0) {
            if (carry.readableBytes() >= MAX_HEADER) {
              throw new ZipException("gzip member header longer than " + MAX_HEADER + " bytes");
            }
            continue; // in is used up: wait for more
          }
          ByteBuffer rest = ByteBuffer.allocate(carry.readableBytes() - length);
          carry.getBytes(carry.readerIndex() + length, rest);
          rest.flip();
          carry.clear();
          state = State.BODY;
          inflater.reset();
          crc.reset();
          inflatedSize = 0;
          if (rest.hasRemaining()) {
            process(rest);
          }
        }
        case BODY -> inflate(in);
        case TRAILER -> {
          take(in, 8 - carry.readableBytes());
          if (carry.readableBytes() == 8) {
            long expectedCrc = carry.getUnsignedIntLE(carry.readerIndex());
            long expectedSize = carry.getUnsignedIntLE(carry.readerIndex() + 4);
            if (expectedCrc != crc.getValue() || expectedSize != (inflatedSize & 0xffffffffL)) {
              throw new ZipException("gzip member CRC-32 or size does not match its data");
            }
            carry.clear();
            members++;
            state = State.HEADER;
          }
        }
      }
    }
  }

  private void inflate(ByteBuffer in) throws ZipException {
    inflater.setInput(in);
    while (!closed) {
      if (out == null) {
        out = alloc.heapBuffer(PIECE, PIECE);
      }
      int n;
      try {
        n = inflater.inflate(out.internalNioBuffer(0, PIECE));
      } catch (DataFormatException e) {
        throw new ZipException("gzip data is corrupt: " + e.getMessage());
      }
      if (n > 0) {
        out.writerIndex(n);
        crc.update(out.array(), out.arrayOffset(), n);
        inflatedSize += n;
        ByteBuf piece = out;
        accepting = true;
        try {
          pieces.accept(piece);
        } finally {
          accepting = false;
          if (piece.refCnt() == 1 && !closed) {
            piece.clear(); // nobody kept it: reuse it for the next piece
          } else {
            piece.release();
            out = null;
          }
        }
      }
      if (closed) {
        return;
      }
      if (inflater.finished()) {
        state = State.TRAILER; // in's position is just after the deflate data
        return;
      }
      if (inflater.needsDictionary()) {
        throw new ZipException("gzip data asks for a preset dictionary");
      }
      if (n == 0 && inflater.needsInput()) {
        return; // in is used up
      }
    }
  }

  /** Moves up to {@code max} bytes of {@code in} into {@link #carry}. */
  private void take(ByteBuffer in, int max) {
    int n = Math.min(max, in.remaining());
    ByteBuffer slice = in.slice();
    slice.limit(n);
    carry.writeBytes(slice);
    in.position(in.position() + n);
  }

  /** The length of the member header in {@link #carry} (RFC 1952 2.3), or -1 when more bytes are needed. */
  private int headerLength() throws ZipException {
    ByteBuf h = carry;
    int r = h.readerIndex();
    int end = h.writerIndex();
    if (end - r >= 1 && (h.getByte(r) & 0xff) != 0x1f || end - r >= 2 && (h.getByte(r + 1) & 0xff) != 0x8b) {
      throw new ZipException("not gzip (no 1f 8b magic)");
    }
    if (end - r < 10) {
      return -1;
    }
    if (h.getByte(r + 2) != 8) {
      throw new ZipException("gzip compression method " + h.getByte(r + 2) + " is not deflate");
    }
    int flags = h.getByte(r + 3) & 0xff;
    if ((flags & 0xe0) != 0) {
      throw new ZipException("gzip header has reserved flags set");
    }
    int at = r + 10;
    if ((flags & FEXTRA) != 0) {
      if (end - at < 2) {
        return -1;
      }
      at += 2 + h.getUnsignedShortLE(at);
    }
    for (int flag : new int[] {FNAME, FCOMMENT}) {
      if ((flags & flag) != 0) {
        if (at >= end) {
          return -1;
        }
        int zero = h.indexOf(at, end, (byte) 0);
        if (zero < 0) {
          return -1;
        }
        at = zero + 1;
      }
    }
    if ((flags & FHCRC) != 0) {
      at += 2;
    }
    return at > end ? -1 : at - r;
  }

  /** Frees the inflater (safe from inside the consumer: inflating stops at once). */
  @Override
  public void close() {
    if (!closed) {
      closed = true;
      inflater.end();
      carry.release();
      if (out != null && !accepting) { // inside the consumer, inflate() releases it on the way out
        out.release();
        out = null;
      }
    }
  }
}
