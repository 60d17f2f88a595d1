package io.livepoint.media.cmaf;

import static io.livepoint.media.box.BoxTypes.MVHD;
import static io.livepoint.media.box.BoxTypes.TKHD;

import io.livepoint.media.box.Box;
import io.livepoint.media.box.BoxFormatException;
import io.livepoint.media.box.Boxes;
import io.livepoint.media.box.FourCC;
import io.netty.buffer.ByteBuf;

/**
 * Makes a CMAF header fit a live presentation. A header cut from a recording (livesim2's, an encoder's
 * file output) carries its total duration in mehd and mvhd/tkhd/mdhd; browsers' Media Source Extensions
 * take mehd as the media's duration and end playback there, however much more media follows. The
 * durations are set to 0 ("not known") in place, so the header keeps its size and everything else.
 */
public final class LiveHeader {
  private static final int MEHD = FourCC.of("mehd");

  private LiveHeader() {}

  /**
   * Clears the durations of the header in {@code init} (its readable bytes: ftyp ... moov), in place.
   *
   * @return whether anything was changed
   */
  public static boolean clearDurations(ByteBuf init) {
    try {
      Box moov = Boxes.find(init, "moov");
      if (moov == null) {
        return false;
      }
      boolean changed = clear(Boxes.find(moov, "mvex/mehd"), 0, 0);
      changed |= clear(Boxes.child(moov, MVHD), 12, 20);
      for (Box trak : Boxes.all(moov.payload(), FourCC.of("trak"))) {
        changed |= clear(Boxes.child(trak, TKHD), 16, 24);
        changed |= clear(Boxes.find(trak, "mdia/mdhd"), 12, 20);
      }
      return changed;
    } catch (BoxFormatException | IndexOutOfBoundsException e) {
      return false; // not a header we can read: leave it as it is (the parser reports such input)
    }
  }

  /** Zeroes the duration field at {@code offsetV0}/{@code offsetV1} of a FullBox's payload. */
  private static boolean clear(Box box, int offsetV0, int offsetV1) {
    if (box == null) {
      return false;
    }
    ByteBuf p = box.fullPayload();
    if (box.version() == 1) {
      if (p.readableBytes() < offsetV1 + 8 || p.getLong(p.readerIndex() + offsetV1) == 0) {
        return false;
      }
      p.setLong(p.readerIndex() + offsetV1, 0);
    } else {
      if (p.readableBytes() < offsetV0 + 4 || p.getInt(p.readerIndex() + offsetV0) == 0) {
        return false;
      }
      p.setInt(p.readerIndex() + offsetV0, 0);
    }
    return true;
  }
}
