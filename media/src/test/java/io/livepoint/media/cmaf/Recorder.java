package io.livepoint.media.cmaf;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import java.util.ArrayList;
import java.util.List;

/** Records what a {@link CmafStreamParser} emits as comparable values, releasing every buffer. */
final class Recorder implements CmafStreamParser.Listener {
  record Header(String hex, TrackInfo info) {}

  record Chunk(String sha, int size, FragmentInfo fragment, java.util.Set<String> brands,
      ProducerReferenceTime prft, int events) {}

  final List<Object> events = new ArrayList<>();
  final List<Chunk> chunks = new ArrayList<>();
  final List<Header> headers = new ArrayList<>();
  int ends;
  /** Everything received, concatenated (to compare with the input). */
  final java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();

  @Override
  public void header(ByteBuf init, TrackInfo info) {
    try {
      Header h = new Header(ByteBufUtil.hexDump(init), info);
      headers.add(h);
      events.add(h);
      all.writeBytes(ByteBufUtil.getBytes(init));
    } finally {
      init.release();
    }
  }

  @Override
  public void chunk(CmafChunk chunk) {
    try {
      byte[] b = ByteBufUtil.getBytes(chunk.data());
      Chunk c = new Chunk(sha(b), b.length, chunk.fragment(), chunk.segmentBrands(), chunk.prft(),
          chunk.events().size());
      chunks.add(c);
      events.add(c);
      all.writeBytes(b);
    } finally {
      chunk.data().release();
    }
  }

  @Override
  public void endOfTrack() {
    ends++;
    events.add("end");
  }

  static String sha(byte[] b) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(b));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }
}
