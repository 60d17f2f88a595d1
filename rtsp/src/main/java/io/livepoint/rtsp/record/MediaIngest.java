package io.livepoint.rtsp.record;

import io.livepoint.core.Clock;
import io.livepoint.core.LiveStream;
import io.livepoint.media.rtp.PayloadFormat;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The media of one RTP session (a pulled camera, an ANNOUNCE/RECORD publisher) into one live stream:
 * one {@link TrackIngest} per media section, named {@code video}, {@code audio} ({@code video2}... for
 * more of a kind). The stream is anchored at the Unix epoch: media time is wall-clock time, so a
 * reconnected source continues on the same timeline after a gap.
 */
public final class MediaIngest implements AutoCloseable {
  /** Chunk duration (LL-HLS part / LL-DASH chunk) when the key frames are further apart. */
  public static final Duration CHUNK_DURATION = Duration.ofMillis(500);

  private final LiveStream stream;
  private final List<TrackIngest> tracks = new ArrayList<>();

  public MediaIngest(LiveStream stream, List<SessionDescription.Medium> media, Clock clock, ByteBufAllocator alloc) {
    this.stream = stream;
    stream.anchorTimeline(Instant.EPOCH);
    int[] count = new int[PayloadFormat.Media.values().length];
    for (SessionDescription.Medium m : media) {
      PayloadFormat.Media kind = m.media().format().media;
      int n = ++count[kind.ordinal()];
      String id = kind.sdp.toLowerCase(Locale.ROOT) + (n > 1 ? Integer.toString(n) : "");
      tracks.add(new TrackIngest(stream.track(id), m.media(), tracks.size() + 1, clock, alloc, CHUNK_DURATION));
    }
  }

  public LiveStream stream() {
    return stream;
  }

  public List<TrackIngest> tracks() {
    return tracks;
  }

  /** An RTP packet for track {@code index} (the caller keeps ownership of {@code packet}). */
  public void rtp(int index, ByteBuf packet) {
    if (index >= 0 && index < tracks.size()) {
      tracks.get(index).rtp(packet);
    }
  }

  @Override
  public void close() {
    tracks.forEach(TrackIngest::close);
  }
}
