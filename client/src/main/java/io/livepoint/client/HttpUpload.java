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
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;

/**
 * One persistent HTTP/1.1 connection that uploads objects with chunked transfer encoding, so a CMAF
 * chunk can be sent the moment it exists (ingest spec 5.1 item 21). Plain sockets keep the framing
 * exact and visible: this is a test and benchmark tool as much as a user tool. With credentials, every
 * request asks {@code Expect: 100-continue}, so a 401 challenge (Basic, or Digest with a fresh or
 * stale nonce) is answered before any body byte is sent, and a 403 is seen before the body too.
 * {@code https://} URLs use TLS ({@link ClientTls}: client certificate, --insecure).
 */
final class HttpUpload implements AutoCloseable {
  private final URI base;
  private final HttpAuth auth;
  private final SSLSocketFactory tls;
  private Socket socket;
  private OutputStream out;
  private InputStream in;
  /** A final status the server gave before the body (then the body is not sent), or 0. */
  private int earlyStatus;

  HttpUpload(URI base, String userInfo) throws IOException {
    this(base, userInfo, ClientTls.DEFAULT);
  }

  HttpUpload(URI base, String userInfo, ClientTls tls) throws IOException {
    this.base = base;
    this.auth = userInfo == null ? null : new HttpAuth(userInfo);
    this.tls = "https".equalsIgnoreCase(base.getScheme()) ? tls.socketFactory() : null;
  }

  /** Starts a request for {@code path} (relative to the base URL); the body follows in chunks. */
  void begin(String method, String path, String contentType) throws IOException {
    earlyStatus = 0;
    URI target = base.resolve(path);
    for (int attempt = 0; ; attempt++) {
      if (socket == null || socket.isClosed()) {
        connect();
      }
      StringBuilder h = new StringBuilder()
          .append(method).append(' ').append(target.getRawPath()).append(" HTTP/1.1\r\n")
          .append("Host: ").append(target.getHost()).append(':').append(port(target)).append("\r\n")
          .append("User-Agent: livepoint-ingest-client\r\n")
          .append("Transfer-Encoding: chunked\r\n");
      if (contentType != null) {
        h.append("Content-Type: ").append(contentType).append("\r\n");
      }
      if (auth != null) {
        String a = auth.authorization(method, target.getRawPath());
        if (a != null) {
          h.append("Authorization: ").append(a).append("\r\n");
        }
        h.append("Expect: 100-continue\r\n");
      }
      out.write(h.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      if (auth == null) {
        return;
      }
      Response r = readResponse();
      if (r.code == 100) {
        return;
      }
      close(); // an answer before the body: the server does not read the rest of this request
      if (r.code == 401 && attempt < 3 && auth.challenged(r.challenges)) {
        continue;
      }
      earlyStatus = r.code;
      return;
    }
  }

  /** Sends one HTTP chunk and flushes it (nothing when the server already answered). */
  void chunk(byte[] data, int offset, int length) throws IOException {
    if (length == 0 || earlyStatus != 0) {
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
    if (earlyStatus != 0) {
      return earlyStatus;
    }
    out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    out.flush();
    Response r = readResponse();
    while (r.code == 100) { // a late 100 Continue precedes the final answer
      r = readResponse();
    }
    return r.code;
  }

  private record Response(int code, List<String> challenges) {}

  private Response readResponse() throws IOException {
    String status = line();
    if (status == null || !status.startsWith("HTTP/1.")) {
      throw new IOException("no HTTP response (got " + status + ")");
    }
    int code = Integer.parseInt(status.substring(9, 12));
    long length = 0;
    boolean close = false;
    boolean chunked = false;
    List<String> challenges = new ArrayList<>();
    for (String l = line(); l != null && !l.isEmpty(); l = line()) {
      String lower = l.toLowerCase(java.util.Locale.ROOT);
      if (lower.startsWith("content-length:")) {
        length = Long.parseLong(lower.substring(15).trim());
      } else if (lower.startsWith("connection:") && lower.contains("close")) {
        close = true;
      } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
        chunked = true;
      } else if (lower.startsWith("www-authenticate:")) {
        challenges.add(l.substring(17).trim());
      }
    }
    if (code == 100) {
      return new Response(code, challenges);
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
    return new Response(code, challenges);
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
    Socket plain = new Socket();
    plain.setTcpNoDelay(true);
    plain.connect(new InetSocketAddress(base.getHost(), port(base)), 5000);
    plain.setSoTimeout(30_000);
    if (tls != null) {
      SSLSocket s = (SSLSocket) tls.createSocket(plain, base.getHost(), port(base), true);
      SSLParameters p = s.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS"); // (a no-op with --insecure's trust-all manager)
      p.setApplicationProtocols(new String[] {"http/1.1"});
      s.setSSLParameters(p);
      s.startHandshake();
      socket = s;
    } else {
      socket = plain;
    }
    out = socket.getOutputStream();
    in = new BufferedInputStream(socket.getInputStream());
  }

  private int port(URI u) {
    return u.getPort() > 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
  }

  @Override
  public void close() throws IOException {
    if (socket != null) {
      socket.close();
      socket = null;
    }
  }
}
