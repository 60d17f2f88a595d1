package io.livepoint.server.it;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code nghttp -v --hexdump} saw: the promised paths (from its verbose frame log), the received
 * HTTP/2 frames (re-read from its hex dump of the incoming bytes) and so each stream's DATA bytes, which
 * lets a test compare a pushed body byte for byte with a GET.
 */
final class NghttpTrace {
  private static final Pattern PATH = Pattern.compile("recv \\(stream_id=(\\d+)\\) :path: (\\S+)");
  private static final Pattern PROMISED = Pattern.compile("promised_stream_id=(\\d+)");
  private static final Pattern HEADER = Pattern.compile("recv \\(stream_id=(\\d+)\\) ([^:\\s][^:]*|:status): (.*)");
  private static final Pattern HEX = Pattern.compile("^([0-9a-f]{8})  ((?:[0-9a-f]{2} {1,2}){1,16}) *\\|.*");
  private static final Pattern HEX_END = Pattern.compile("^([0-9a-f]{8})$");

  /** Promised stream id → path, in promise order. */
  final Map<Integer, String> promised = new LinkedHashMap<>();
  /** Stream id → header name → value (response headers, lower-case names). */
  final Map<Integer, Map<String, String>> headers = new LinkedHashMap<>();
  /** Stream id → DATA payload bytes. */
  final Map<Integer, ByteArrayOutputStream> data = new LinkedHashMap<>();
  /** Streams the server reset (RST_STREAM received). */
  final List<Integer> resets = new ArrayList<>();

  NghttpTrace(String output) {
    String lastPath = null;
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    ByteArrayOutputStream block = new ByteArrayOutputStream();
    byte[] previousLine = new byte[0];
    for (String line : output.split("\n")) {
      Matcher m;
      if ((m = HEX.matcher(line)).matches()) {
        int offset = Integer.parseInt(m.group(1), 16);
        repeat(block, previousLine, offset);
        String[] hex = m.group(2).trim().split("\\s+");
        byte[] b = new byte[hex.length];
        for (int i = 0; i < hex.length; i++) {
          b[i] = (byte) Integer.parseInt(hex[i], 16);
        }
        block.writeBytes(b);
        previousLine = b;
        continue;
      }
      if ((m = HEX_END.matcher(line.trim())).matches() && line.trim().equals(line)) {
        repeat(block, previousLine, Integer.parseInt(m.group(1), 16));
        wire.writeBytes(block.toByteArray());
        block.reset();
        previousLine = new byte[0];
        continue;
      }
      if (line.trim().equals("*")) {
        continue;
      }
      if ((m = PATH.matcher(line)).find()) {
        lastPath = m.group(2);
      }
      if ((m = PROMISED.matcher(line)).find() && lastPath != null) {
        promised.put(Integer.parseInt(m.group(1)), lastPath);
        lastPath = null;
      }
      if ((m = HEADER.matcher(line)).find()) {
        headers.computeIfAbsent(Integer.parseInt(m.group(1)), k -> new LinkedHashMap<>()).put(m.group(2), m.group(3));
      }
    }
    frames(wire.toByteArray());
  }

  /** After a "*" line: the previous line repeats until {@code offset}. */
  private static void repeat(ByteArrayOutputStream block, byte[] line, int offset) {
    while (block.size() < offset && line.length > 0) {
      block.write(line, 0, Math.min(line.length, offset - block.size()));
    }
  }

  private void frames(byte[] b) {
    int i = 0;
    while (i + 9 <= b.length) {
      int length = ((b[i] & 0xff) << 16) | ((b[i + 1] & 0xff) << 8) | (b[i + 2] & 0xff);
      int type = b[i + 3] & 0xff;
      int flags = b[i + 4] & 0xff;
      int stream = ((b[i + 5] & 0x7f) << 24) | ((b[i + 6] & 0xff) << 16) | ((b[i + 7] & 0xff) << 8) | (b[i + 8] & 0xff);
      int start = i + 9;
      if (start + length > b.length) {
        throw new IllegalStateException("truncated frame in nghttp's hex dump at byte " + i);
      }
      if (type == 0) { // DATA
        int pad = (flags & 0x8) != 0 ? b[start] & 0xff : 0;
        int from = start + ((flags & 0x8) != 0 ? 1 : 0);
        data.computeIfAbsent(stream, k -> new ByteArrayOutputStream()).write(b, from, length - (from - start) - pad);
      } else if (type == 3) { // RST_STREAM
        resets.add(stream);
      }
      i = start + length;
    }
  }

  byte[] body(int stream) {
    ByteArrayOutputStream o = data.get(stream);
    return o == null ? new byte[0] : o.toByteArray();
  }

  String header(int stream, String name) {
    Map<String, String> h = headers.get(stream);
    return h == null ? null : h.get(name);
  }

  /** The stream id of the request (the first odd stream with a response status). */
  int requestStream() {
    return headers.keySet().stream().filter(id -> id % 2 == 1 && header(id, ":status") != null).findFirst()
        .orElseThrow(() -> new IllegalStateException("no response in nghttp's output"));
  }

  @Override
  public String toString() {
    return "promised " + promised + ", data " + Arrays.toString(data.keySet().toArray()) + ", resets " + resets;
  }
}
