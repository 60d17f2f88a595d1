package io.livepoint.client;

import io.livepoint.media.cmaf.CmafException;
import io.livepoint.media.cmaf.CmafLoop;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A CMAF track on disk: a folder with an init segment ({@code init*}) and numbered media segments
 * ({@code 1.m4s}, {@code 896605655.cmfv}, ...), or one fragmented MP4 file.
 */
record RecordedTrack(String name, Path source, String extension) {
  private static final Pattern NUMBER = Pattern.compile("(\\d+)\\.[A-Za-z0-9]+$");

  /** Parses the files into a loop (the caller closes it). */
  CmafLoop load() throws IOException, CmafException {
    List<ByteBuf> files = new ArrayList<>();
    for (Path p : files()) {
      files.add(Unpooled.wrappedBuffer(Files.readAllBytes(p)));
    }
    return CmafLoop.parse(PooledByteBufAllocator.DEFAULT, files);
  }

  /** Init first, then the media segments in numeric order. */
  List<Path> files() throws IOException {
    if (Files.isRegularFile(source)) {
      return List.of(source);
    }
    List<Path> init = new ArrayList<>();
    List<Path> media = new ArrayList<>();
    try (Stream<Path> s = Files.list(source)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        String f = p.getFileName().toString();
        if (f.startsWith("init")) {
          init.add(p);
        } else if (NUMBER.matcher(f).find()) {
          media.add(p);
        }
      }
    }
    if (init.isEmpty() || media.isEmpty()) {
      throw new IOException(source + ": needs an init* file and numbered media segments");
    }
    init.sort(Comparator.comparing(Path::toString));
    media.sort(Comparator.comparingLong(RecordedTrack::number));
    List<Path> all = new ArrayList<>(init.subList(0, 1));
    all.addAll(media);
    return all;
  }

  private static long number(Path p) {
    Matcher m = NUMBER.matcher(p.getFileName().toString());
    return m.find() ? Long.parseLong(m.group(1)) : 0;
  }

  /** A track from {@code name=path}; the extension of its media files names its uploads. */
  static RecordedTrack of(String spec) throws IOException {
    int eq = spec.indexOf('=');
    if (eq <= 0) {
      throw new IllegalArgumentException("a track is NAME=PATH, got '" + spec + "'");
    }
    Path p = Path.of(spec.substring(eq + 1));
    String ext = ".cmfv";
    if (Files.isDirectory(p)) {
      try (Stream<Path> s = Files.list(p)) {
        ext = s.map(x -> x.getFileName().toString()).filter(f -> NUMBER.matcher(f).find())
            .map(f -> f.substring(f.lastIndexOf('.'))).findFirst().orElse(".m4s");
      }
    } else if (!Files.isRegularFile(p)) {
      throw new IOException("no such file or folder: " + p);
    }
    return new RecordedTrack(spec.substring(0, eq), p, ext);
  }
}
