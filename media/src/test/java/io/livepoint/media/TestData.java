package io.livepoint.media;

import io.livepoint.testkit.Shared;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/** The real captures in shared/testdata/cmaf, read as tracks: init first, then segments in order. */
public final class TestData {
  private TestData() {}

  /** Every track directory of the captures (those holding an init segment). */
  public static List<Path> trackDirs() {
    Path root = Shared.path("testdata/cmaf");
    try (Stream<Path> s = Files.walk(root)) {
      return s.filter(Files::isDirectory).filter(d -> init(d) != null).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Path dir(String relative) {
    return Shared.path("testdata/cmaf/" + relative);
  }

  /** The init segment of a track directory (init.*, init_org.*), or null. */
  public static Path init(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("init")).findFirst().orElse(null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Media segments of a track directory in numeric order. */
  public static List<Path> segments(Path dir) {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().matches("\\d+\\.\\w+"))
          .sorted(Comparator.comparingLong(p -> Long.parseLong(p.getFileName().toString().split("\\.")[0])))
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static byte[] bytes(Path p) {
    try {
      return Files.readAllBytes(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** init + all segments of a track, concatenated (what a long chunked POST carries). */
  public static byte[] wholeTrack(Path dir) {
    List<byte[]> parts = new ArrayList<>();
    parts.add(bytes(init(dir)));
    segments(dir).forEach(p -> parts.add(bytes(p)));
    int n = parts.stream().mapToInt(b -> b.length).sum();
    byte[] out = new byte[n];
    int at = 0;
    for (byte[] b : parts) {
      System.arraycopy(b, 0, out, at, b.length);
      at += b.length;
    }
    return out;
  }

  /** A pooled direct buffer holding {@code b}; the caller releases it. */
  public static ByteBuf buf(byte[] b) {
    ByteBuf buf = PooledByteBufAllocator.DEFAULT.directBuffer(b.length);
    buf.writeBytes(b);
    return buf;
  }
}
