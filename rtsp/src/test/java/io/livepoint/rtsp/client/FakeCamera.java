package io.livepoint.rtsp.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process RTSP server speaking a script, for the client's error cases: each connection is handed
 * to {@link Script}, which reads requests and writes responses and interleaved frames. Every request seen
 * is recorded.
 */
final class FakeCamera implements AutoCloseable {
  interface Script {
    void run(Connection c) throws IOException;
  }

  record Request(String method, String uri, Map<String, String> headers) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  final class Connection {
    private final Socket socket;
    private final BufferedReader in;
    private final OutputStream out;

    Connection(Socket socket) throws IOException {
      this.socket = socket;
      this.in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
      this.out = socket.getOutputStream();
    }

    /** The next request, or null at end of stream. */
    Request next() throws IOException {
      String line = in.readLine();
      while (line != null && line.isEmpty()) {
        line = in.readLine();
      }
      if (line == null) {
        return null;
      }
      String[] parts = line.split(" ");
      Map<String, String> headers = new LinkedHashMap<>();
      for (String h = in.readLine(); h != null && !h.isEmpty(); h = in.readLine()) {
        int colon = h.indexOf(':');
        headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
      }
      Request r = new Request(parts[0], parts[1], headers);
      requests.add(r);
      return r;
    }

    void reply(Request r, int status, String reason, String... headersAndBody) throws IOException {
      StringBuilder b = new StringBuilder("RTSP/1.0 " + status + " " + reason + "\r\nCSeq: " + r.header("CSeq") + "\r\n");
      String body = headersAndBody.length % 2 == 1 ? headersAndBody[headersAndBody.length - 1] : null;
      for (int i = 0; i + 1 < headersAndBody.length; i += 2) {
        b.append(headersAndBody[i]).append(": ").append(headersAndBody[i + 1]).append("\r\n");
      }
      if (body != null) {
        b.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
      }
      b.append("\r\n");
      if (body != null) {
        b.append(body);
      }
      out.write(b.toString().getBytes(StandardCharsets.UTF_8));
      out.flush();
    }

    void interleaved(int channel, byte[] data) throws IOException {
      byte[] frame = new byte[4 + data.length];
      frame[0] = '$';
      frame[1] = (byte) channel;
      frame[2] = (byte) (data.length >> 8);
      frame[3] = (byte) data.length;
      System.arraycopy(data, 0, frame, 4, data.length);
      out.write(frame);
      out.flush();
    }

    void close() throws IOException {
      socket.close();
    }
  }

  private final ServerSocket server;
  final List<Request> requests = new CopyOnWriteArrayList<>();
  final List<Throwable> errors = new CopyOnWriteArrayList<>();
  private volatile int connections;

  FakeCamera(Script script) throws IOException {
    server = new ServerSocket(0, 8, InetAddress.getLoopbackAddress());
    Thread.ofVirtual().start(() -> {
      while (!server.isClosed()) {
        try {
          Socket s = server.accept();
          connections++;
          Thread.ofVirtual().start(() -> {
            try (s) {
              script.run(new Connection(s));
            } catch (IOException e) {
              // the client went away
            } catch (Throwable e) {
              errors.add(e);
            }
          });
        } catch (IOException e) {
          return;
        }
      }
    });
  }

  int port() {
    return server.getLocalPort();
  }

  int connections() {
    return connections;
  }

  String url() {
    return "rtsp://127.0.0.1:" + port() + "/cam";
  }

  @Override
  public void close() throws IOException {
    server.close();
  }
}
