package io.livepoint.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * One persistent HTTP/1.1 connection that uploads objects with chunked transfer encoding, so a CMAF
 * chunk can be sent the moment it exists (ingest spec 5.1 item 21). Plain sockets keep the framing
 * exact and visible: this is a test and benchmark tool as much as a user tool.
 */
final class HttpUpload implements AutoCloseable {
  private final URI base;
  private final String authorization;
  private Socket socket;
  private OutputStream out;
  private InputStream in;

  HttpUpload(URI base, String userInfo) {
    this.base = base;
    this.authorization = userInfo == null ? null
        : "Basic " + Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
  }

  /** Starts a request for {@code path} (relative to the base URL); the body follows in chunks. */
  void begin(String method, String path, String contentType) throws IOException {
    if (socket == null || socket.isClosed()) {
      connect();
    }
    URI target = base.resolve(path);
    StringBuilder h = new StringBuilder()
        .append(method).append(' ').append(target.getRawPath()).append(" HTTP/1.1\r\n")
        .append("Host: ").append(target.getHost()).append(':').append(port(target)).append("\r\n")
        .append("User-Agent: livepoint-ingest-client\r\n")
        .append("Transfer-Encoding: chunked\r\n");
    if (contentType != null) {
      h.append("Content-Type: ").append(contentType).append("\r\n");
    }
    if (authorization != null) {
      h.append("Authorization: ").append(authorization).append("\r\n");
    }
    out.write(h.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
  }

  /** Sends one HTTP chunk and flushes it. */
  void chunk(byte[] data, int offset, int length) throws IOException {
    if (length == 0) {
      return;
    }
    out.write((Integer.toHexString(length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
    out.write(data, offset, length);
    out.write('\r');
    out.write('\n');
    out.flush();
  }

  /** Ends the body and returns the response status; the connection stays open when the server allows. */
  int end() throws IOException {
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    return readResponse();
  }

  private int readResponse() throws IOException {
    String status = line();
    if (status == null || !status.startsWith("HTTP/1.")) {
      throw new IOException("no HTTP response (got " + status + ")");
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = 0;
    boolean close = false;
    boolean chunked = false;
    for (String l = line(); l != null && !l.isEmpty(); l = line()) {
      String lower = l.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      }
    }
    if (chunked) {
      for (long n = Long.parseLong(line().trim(), 16); n > 0; n = Long.parseLong(line().trim(), 16)) {
        in.skipNBytes(n + 2);
      }
      line();
    } else {
      in.skipNBytes(length);
    }
    if (close) {
      close();
    }
    return code;
  }

  private String line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (int c = in.read(); c != -1; c = in.read()) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.US_ASCII);
  }

  private void connect() throws IOException {
    socket = new Socket();
    socket.setTcpNoDelay(true);
    socket.connect(new InetSocketAddress(base.getHost(), port(base)), 5000);
    socket.setSoTimeout(30_000);
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream());
  }

  private static int port(URI u) {
    return u.getPort() > 0 ? u.getPort() : 80;
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}
