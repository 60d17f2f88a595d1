package io.livepoint.server.it;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal RTSP/TCP client for tests that need to see the wire: it sends requests and reads responses
 * and interleaved frames ({@code $}, channel, length, packet) in the order they arrive.
 */
final class RawRtspClient implements AutoCloseable {
  /** One interleaved frame. */
  record Frame(int channel, byte[] data) {}

  private final Socket socket;
  private final DataInputStream in;
  private final OutputStream out;
  private final List<Frame> frames = new ArrayList<>();
  private int cseq;

  RawRtspClient(String host, int port) throws IOException {
    socket = new Socket(host, port);
    socket.setSoTimeout(15_000);
    in = new DataInputStream(socket.getInputStream());
    out = socket.getOutputStream();
  }

  /** Every frame read so far. */
  List<Frame> frames() {
    return frames;
  }

  /** Sends a request (method, URI, extra header lines) and returns the response head and body. */
  String request(String method, String uri, String... headers) throws IOException {
    StringBuilder b = new StringBuilder(method + " " + uri + " RTSP/1.0\r\nCSeq: " + (++cseq) + "\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    out.write(b.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
    out.flush();
    while (true) {
      int first = in.readUnsignedByte();
      if (first == '$') {
        readFrame();
        continue;
      }
      ByteArrayOutputStream head = new ByteArrayOutputStream();
      head.write(first);
      while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
        head.write(in.readUnsignedByte());
      }
      String text = head.toString(StandardCharsets.US_ASCII);
      int length = 0;
      for (String line : text.split("\r\n")) {
        if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
          length = Integer.parseInt(line.substring(15).trim());
        }
      }
      byte[] body = new byte[length];
      in.readFully(body);
      return text + new String(body, StandardCharsets.UTF_8);
    }
  }

  /** Reads interleaved frames for {@code millis} (the server sends no responses meanwhile). */
  void readFrames(long millis) throws IOException {
    long end = System.nanoTime() + millis * 1_000_000L;
    while (System.nanoTime() < end) {
      try {
        socket.setSoTimeout((int) Math.max(1, (end - System.nanoTime()) / 1_000_000L));
        int first = in.readUnsignedByte();
        if (first != '$') {
          throw new IOException("expected an interleaved frame, got byte " + first);
        }
        socket.setSoTimeout(15_000); // a frame once begun is read whole
        readFrame();
      } catch (SocketTimeoutException e) {
        break;
      }
    }
    socket.setSoTimeout(15_000);
  }

  private void readFrame() throws IOException {
    int channel = in.readUnsignedByte();
    byte[] data = new byte[in.readUnsignedShort()];
    in.readFully(data);
    frames.add(new Frame(channel, data));
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
