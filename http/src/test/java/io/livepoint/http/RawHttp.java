package io.livepoint.http;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Reads HTTP/1.1 responses off a raw socket stream, as a strict client would, for pipelining tests. */
final class RawHttp {
  private RawHttp() {}

  /** One response: status, headers (lower-case names), body (de-chunked), whether it was chunked. */
  record Response(int status, Map<String, String> headers, String body, boolean chunked) {}

  /** Reads responses until the server closes the connection; a truncated response throws. */
  static List<Response> readAll(InputStream in) throws IOException {
    List<Response> out = new ArrayList<>();
    String statusLine;
    while ((statusLine = line(in, true)) != null) {
      int status = Integer.parseInt(statusLine.split(" ")[1]);
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h = line(in, false); !h.isEmpty(); h = line(in, false)) {
        int colon = h.indexOf(':');
        headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
      boolean chunked = "chunked".equalsIgnoreCase(headers.get("transfer-encoding"));
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      if (chunked) {
        for (int size = Integer.parseInt(line(in, false).trim(), 16); size > 0;
            size = Integer.parseInt(line(in, false).trim(), 16)) {
          body.write(exactly(in, size));
          line(in, false); // CRLF after the chunk data
        }
        line(in, false); // CRLF after the last chunk (no trailers)
      } else if (status >= 200 && status != 204 && status != 304) {
        body.write(exactly(in, Integer.parseInt(headers.getOrDefault("content-length", "0"))));
      }
      out.add(new Response(status, headers, body.toString(StandardCharsets.UTF_8), chunked));
    }
    return out;
  }

  private static byte[] exactly(InputStream in, int n) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new EOFException("body cut off after " + b.length + " of " + n + " bytes");
    }
    return b;
  }

  /** A CRLF-terminated line; null at a clean end of stream when {@code eofOk}. */
  private static String line(InputStream in, boolean eofOk) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.US_ASCII);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    if (eofOk && b.size() == 0) {
      return null;
    }
    throw new EOFException("connection closed mid-response after '" + b.toString(StandardCharsets.US_ASCII) + "'");
  }
}
