package io.livepoint.rtsp.backchannel;

import io.livepoint.media.rtp.AccessUnit;
import io.livepoint.media.rtp.AudioDepacketizer;
import io.livepoint.media.rtp.PayloadFormat;
import io.livepoint.media.rtp.RtpFormatException;
import io.livepoint.media.rtp.RtpPacket;
import io.livepoint.media.rtp.RtpReceiver;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audio one session sends on its back channel: RTP packets (interleaved or UDP) put in sequence order,
 * depacketized (one G.711 packet is one run of samples) and appended to the session's .au file. The first
 * packet's payload type (0 PCMU or 8 PCMA, as offered) fixes the file's encoding; packets of another type
 * or malformed ones are dropped and logged once. Samples lost in transit (a sequence gap) are filled with
 * silence up to {@link #MAX_GAP_SAMPLES}, so the file keeps the sender's timeline. Called on the RTSP
 * connection's event loop; the file is written on the back channel's writer thread.
 */
public final class BackChannelReceiver implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(BackChannelReceiver.class);
  /** Longest silence filled for lost packets (2 s); a longer gap is left out. */
  static final int MAX_GAP_SAMPLES = 2 * AuFile.RATE;
  /** G.711 silence: the code of sample value 0 (ITU-T G.711 Tables 1a/2a with the even bits inverted for A-law). */
  private static final byte MU_LAW_SILENCE = (byte) 0xff;
  private static final byte A_LAW_SILENCE = (byte) 0xd5;

  private final Path path;
  private final Executor writer;
  private RtpReceiver receiver;
  private PayloadFormat law;
  private long nextTimestamp = Long.MIN_VALUE;
  private long packets;
  private long dropped;
  private boolean closed;
  /** Owned by the writer thread. */
  private AuFile file;
  private volatile boolean failed;

  BackChannelReceiver(Path path, Executor writer) {
    this.path = path;
    this.writer = writer;
  }

  public Path path() {
    return path;
  }

  /** Packets taken into the file so far. */
  public long packets() {
    return packets;
  }

  /** One RTP packet as received (the caller keeps ownership of {@code datagram}). */
  public void packet(ByteBuf datagram, boolean reorder) {
    if (closed || failed) {
      return;
    }
    RtpPacket p;
    try {
      p = RtpPacket.parse(datagram);
    } catch (RtpFormatException e) {
      drop("malformed RTP: " + e.getMessage());
      return;
    }
    PayloadFormat f = PayloadFormat.byStaticType(p.payloadType());
    if (f == null || !BackChannel.FORMATS.contains(f) || law != null && f != law) {
      p.release();
      drop("payload type " + p.payloadType() + " is not " + (law == null ? "0 (PCMU) or 8 (PCMA)" : law.encoding));
      return;
    }
    if (law == null) {
      law = f;
      receiver = new RtpReceiver(new AudioDepacketizer(), reorder ? 8 : 0);
      PayloadFormat fileLaw = f;
      submit(() -> file = new AuFile(path, fileLaw));
      LOG.info("RTSP back channel: {} audio from the client goes to {}", f.encoding, path);
    }
    packets++;
    receiver.receive(p, this::write);
  }

  private void write(AccessUnit au) {
    ByteBuf samples = au.frame();
    try {
      long gap = nextTimestamp == Long.MIN_VALUE ? 0 : au.timestamp() - nextTimestamp;
      if (au.discontinuity() && gap > 0 && gap <= MAX_GAP_SAMPLES) {
        byte[] silence = new byte[(int) gap];
        Arrays.fill(silence, law == PayloadFormat.PCMA ? A_LAW_SILENCE : MU_LAW_SILENCE);
        submit(() -> file.write(ByteBuffer.wrap(silence)));
      }
      nextTimestamp = au.timestamp() + samples.readableBytes();
      ByteBuf held = samples.retain();
      if (!submit(() -> {
        try {
          file.write(held.nioBuffer());
        } finally {
          held.release();
        }
      })) {
        held.release();
      }
    } finally {
      au.release();
    }
  }

  /** Runs a file operation on the writer thread; false when it cannot be queued. */
  private boolean submit(FileTask task) {
    try {
      writer.execute(() -> {
        if (failed) {
          return;
        }
        try {
          task.run();
        } catch (IOException e) {
          failed = true;
          LOG.warn("RTSP back channel: writing {} failed: {}", path, e.toString());
        }
      });
      return true;
    } catch (RejectedExecutionException e) {
      return false;
    }
  }

  private void drop(String why) {
    if (dropped++ == 0) {
      LOG.info("RTSP back channel {}: packet dropped ({}); later drops are counted", path.getFileName(), why);
    }
  }

  /** Ends the back channel: what the reorder buffer holds is written, the file's size completed. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (receiver != null) {
      receiver.flush(this::write);
      receiver.close();
      long taken = packets;
      long bad = dropped;
      submit(() -> {
        if (file != null) {
          long n = file.samples();
          file.close();
          LOG.info("RTSP back channel: {} closed, {} samples ({} packets, {} dropped)", path.getFileName(), n,
              taken, bad);
        }
      });
    }
  }

  @FunctionalInterface
  private interface FileTask {
    void run() throws IOException;
  }
}
