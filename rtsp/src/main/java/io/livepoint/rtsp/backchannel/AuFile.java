package io.livepoint.rtsp.backchannel;

import io.livepoint.media.rtp.PayloadFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A Sun/NeXT audio file (.au) of 8-bit G.711 at 8 kHz mono: a 24-byte big-endian header (magic
 * {@code .snd}, data offset, data size, encoding 1 = mu-law or 27 = A-law, rate, channels) and the samples
 * as received. The data size is written as "unknown" (0xffffffff) first, so the file plays while it grows
 * and after a crash, and patched with the real size on {@link #close}. Used from one writer thread.
 */
final class AuFile implements AutoCloseable {
  static final int HEADER = 24;
  static final int MAGIC = 0x2e736e64;
  static final int UNKNOWN_SIZE = 0xffffffff;
  static final int MU_LAW = 1;
  static final int A_LAW = 27;
  static final int RATE = 8000;

  private final FileChannel file;
  private long samples;

  AuFile(Path path, PayloadFormat law) throws IOException {
    file = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    ByteBuffer h = ByteBuffer.allocate(HEADER);
    h.putInt(MAGIC).putInt(HEADER).putInt(UNKNOWN_SIZE).putInt(law == PayloadFormat.PCMA ? A_LAW : MU_LAW)
        .putInt(RATE).putInt(1).flip();
    writeFully(h);
  }

  void write(ByteBuffer samples) throws IOException {
    this.samples += samples.remaining();
    writeFully(samples);
  }

  long samples() {
    return samples;
  }

  private void writeFully(ByteBuffer b) throws IOException {
    while (b.hasRemaining()) {
      file.write(b);
    }
  }

  @Override
  public void close() throws IOException {
    try {
      if (samples <= 0xfffffffeL) {
        file.write(ByteBuffer.allocate(4).putInt(0, (int) samples), 8);
      }
    } finally {
      file.close();
    }
  }
}
