package io.livepoint.rtsp.backchannel;

import io.livepoint.core.Clock;
import io.livepoint.media.rtp.PayloadFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The ONVIF audio back channel (ONVIF Streaming 5.3): a client that DESCRIBEs with
 * {@code Require: www.onvif.org/ver20/backchannel} gets one more audio medium, {@code a=sendonly} (the
 * client sends, the server receives), offering G.711 mu-law and A-law (PCMU/8000, PCMA/8000; the client
 * picks by payload type), while the media the server sends are marked {@code a=recvonly}. The audio a
 * session sends is written to the sink: one Sun .au file per session in a directory, named
 * {@code {stream}-{UTC start}-{session}.au}, playable as it grows. Files are written on one writer thread
 * of their own, never on an event loop.
 */
public final class BackChannel implements AutoCloseable {
  /** The feature tag (ONVIF Streaming 5.3.1). */
  public static final String TAG = "www.onvif.org/ver20/backchannel";
  /** The control URL of the back-channel medium, relative to the Content-Base. */
  public static final String CONTROL = "track=backchannel";
  /** The sink's URI scheme: {@code file:/dir}. */
  public static final String FILE = "file:";
  /** Payload types offered (static, RFC 3551 Table 4), in order of preference. */
  static final List<PayloadFormat> FORMATS = List.of(PayloadFormat.PCMU, PayloadFormat.PCMA);
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private final Path directory;
  private final Clock clock;
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "rtsp-backchannel-writer");
    t.setDaemon(true);
    return t;
  });

  private BackChannel(Path directory, Clock clock) {
    this.directory = directory;
    this.clock = clock;
  }

  /**
   * The back channel of a sink setting ({@code file:/path/dir}; the directory is created if needed).
   *
   * @throws IllegalArgumentException when the setting is not a usable file: directory (the message says why)
   */
  public static BackChannel of(String sink, Clock clock) {
    if (!sink.startsWith(FILE) || sink.length() == FILE.length()) {
      throw new IllegalArgumentException("must be file:/path/to/directory, got '" + sink + "'");
    }
    Path dir = Path.of(sink.substring(FILE.length()));
    try {
      Files.createDirectories(dir);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("cannot create directory " + dir + ": " + e.getMessage());
    }
    if (!Files.isDirectory(dir) || !Files.isWritable(dir)) {
      throw new IllegalArgumentException(dir + " is not a writable directory");
    }
    return new BackChannel(dir, clock);
  }

  public Path directory() {
    return directory;
  }

  /** Whether a Require header (comma-separated option tags) asks for the back channel. */
  public static boolean requested(String require) {
    return require != null && tags(require).contains(TAG);
  }

  /** The option tags of a Require header. */
  public static List<String> tags(String require) {
    List<String> out = new ArrayList<>();
    for (String t : require.split(",")) {
      if (!t.isBlank()) {
        out.add(t.trim());
      }
    }
    return out;
  }

  /**
   * The SDP with the back channel: every medium the server sends gets {@code a=recvonly}, and the
   * back-channel medium ({@code a=sendonly}) is added at the end.
   */
  public static String sdp(String sdp) {
    StringBuilder b = new StringBuilder(sdp.length() + 256);
    boolean inMedia = false;
    for (String line : sdp.split("\r\n")) {
      if (line.startsWith("m=") && inMedia) {
        b.append("a=recvonly\r\n");
      }
      inMedia |= line.startsWith("m=");
      b.append(line).append("\r\n");
    }
    if (inMedia) {
      b.append("a=recvonly\r\n");
    }
    StringBuilder m = new StringBuilder("m=audio 0 RTP/AVP");
    FORMATS.forEach(f -> m.append(' ').append(f.staticPayloadType));
    b.append(m).append("\r\n");
    FORMATS.forEach(f -> b.append("a=rtpmap:").append(f.staticPayloadType).append(' ').append(f.encoding)
        .append('/').append(f.clockRate).append("\r\n"));
    b.append("a=control:").append(CONTROL).append("\r\n");
    b.append("a=sendonly\r\n");
    return b.toString();
  }

  /** A receiver for the back channel of one session; its file is made when the first packet arrives. */
  public BackChannelReceiver open(String stream, String session) {
    String name = stream.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + STAMP.format(clock.now()) + "-" + session + ".au";
    return new BackChannelReceiver(directory.resolve(name), writer);
  }

  @Override
  public void close() {
    writer.shutdown();
    try {
      writer.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
