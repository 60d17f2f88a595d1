package io.livepoint.media.cmaf;

import static io.livepoint.media.box.BoxTypes.*;

import io.livepoint.media.box.Box;
import io.livepoint.media.box.BoxWriter;
import io.livepoint.media.box.Boxes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;

/**
 * Re-times CMAF chunks (a looping demo source, a client replaying a capture): every tfdt is shifted
 * by a tick offset and every mfhd sequence_number is mapped. The bytes are changed in place when the
 * sizes stay the same. When a version-0 tfdt would overflow 32 bits it is rewritten as version 1; the
 * moof then grows, so the chunk is copied, the moof/traf sizes are recomputed and every trun
 * data_offset is moved by the moof's growth (data offsets are relative to the moof in CMAF: default-base-is-moof,
 * no base_data_offset).
 */
public final class FragmentRewriter {
  private FragmentRewriter() {}

  /**
   * Re-times a chunk. Takes ownership of {@code chunk}, which must not be shared (it may be changed in
   * place), and returns the result: the same buffer, or a new one when a tfdt had to grow.
   *
   * @param tfdtShift ticks added to every baseMediaDecodeTime (may be negative; the result may not)
   * @param sequenceNumber maps each mfhd sequence_number to its new value
   * @throws IllegalArgumentException when a shifted tfdt would be negative or the chunk is malformed
   *     ({@code chunk} is then released)
   */
  public static ByteBuf retime(ByteBuf chunk, long tfdtShift, LongUnaryOperator sequenceNumber,
      ByteBufAllocator alloc) {
    try {
      return retimeOwned(chunk, tfdtShift, sequenceNumber, alloc);
    } catch (RuntimeException e) {
      if (chunk.refCnt() > 0) {
        chunk.release();
      }
      throw e;
    }
  }

  private static ByteBuf retimeOwned(ByteBuf chunk, long tfdtShift, LongUnaryOperator sequenceNumber,
      ByteBufAllocator alloc) {
    try {
      boolean grow = false;
      for (Box top : Boxes.children(chunk)) {
        if (top.type() == MOOF) {
          for (Box traf : Boxes.all(top.payload(), TRAF)) {
            Box tfdt = Boxes.child(traf, TFDT);
            if (tfdt != null && tfdt.version() == 0 && shifted(tfdt, tfdtShift) > 0xffffffffL) {
              grow = true;
            }
          }
        }
      }
      if (!grow) {
        inPlace(chunk, tfdtShift, sequenceNumber);
        return chunk;
      }
      ByteBuf out = alloc.directBuffer(chunk.readableBytes() + 64);
      try {
        BoxWriter w = new BoxWriter(out);
        for (Box top : Boxes.children(chunk)) {
          if (top.type() == MOOF) {
            writeMoof(top, w, tfdtShift, sequenceNumber);
          } else {
            w.bytes(top.data());
          }
        }
      } catch (RuntimeException e) {
        out.release();
        throw e;
      }
      chunk.release();
      return out;
    } catch (IndexOutOfBoundsException | io.livepoint.media.box.BoxFormatException e) {
      throw new IllegalArgumentException("malformed chunk: " + e.getMessage(), e);
    }
  }

  /**
   * Replaces any styp of a chunk with {@code type} (first in the chunk). Takes ownership of
   * {@code chunk} and returns a new buffer.
   */
  public static ByteBuf withSegmentType(ByteBuf chunk, SegmentType type, ByteBufAllocator alloc) {
    ByteBuf out = alloc.directBuffer(chunk.readableBytes() + 32 + 4 * type.compatibleBrands().size());
    try {
      BoxWriter w = new BoxWriter(out);
      type.write(w);
      for (Box top : Boxes.children(chunk)) {
        if (top.type() != STYP) {
          w.bytes(top.data());
        }
      }
    } catch (RuntimeException e) {
      out.release();
      throw e;
    } finally {
      chunk.release();
    }
    return out;
  }

  private static long shifted(Box tfdt, long shift) {
    ByteBuf p = tfdt.fullPayload();
    long old = tfdt.version() == 1 ? p.readLong() : p.readUnsignedInt();
    long now = old + shift;
    if (now < 0) {
      throw new IllegalArgumentException("tfdt " + old + " shifted by " + shift + " is negative");
    }
    return now;
  }

  private static void inPlace(ByteBuf chunk, long shift, LongUnaryOperator seq) {
    for (Box top : Boxes.children(chunk)) {
      if (top.type() != MOOF) {
        continue;
      }
      Box mfhd = Boxes.child(top, MFHD);
      if (mfhd != null) {
        ByteBuf p = mfhd.fullPayload();
        p.setInt(p.readerIndex(), (int) seq.applyAsLong(p.getUnsignedInt(p.readerIndex())));
      }
      for (Box traf : Boxes.all(top.payload(), TRAF)) {
        Box tfdt = Boxes.child(traf, TFDT);
        if (tfdt == null) {
          continue;
        }
        long value = shifted(tfdt, shift);
        ByteBuf p = tfdt.fullPayload();
        if (tfdt.version() == 1) {
          p.setLong(p.readerIndex(), value);
        } else {
          p.setInt(p.readerIndex(), (int) value);
        }
      }
    }
  }

  private static void writeMoof(Box moof, BoxWriter w, long shift, LongUnaryOperator seq) {
    ByteBuf out = w.buffer();
    int start = out.writerIndex();
    List<Integer> dataOffsets = new ArrayList<>();
    w.start(MOOF);
    for (Box child : Boxes.children(moof)) {
      if (child.type() == MFHD) {
        w.startFull("mfhd", child.version(), child.flags())
            .u32(seq.applyAsLong(child.fullPayload().getUnsignedInt(child.fullPayload().readerIndex()))).end();
      } else if (child.type() == TRAF) {
        w.start(TRAF);
        for (Box b : Boxes.children(child)) {
          if (b.type() == TFDT) {
            w.startFull("tfdt", 1, b.flags()).u64(shifted(b, shift)).end();
          } else if (b.type() == TRUN && (b.flags() & FragmentInfo.TRUN_DATA_OFFSET) != 0) {
            int at = out.writerIndex();
            w.bytes(b.data());
            dataOffsets.add(at + b.headerSize() + 8); // after version/flags and sample_count
          } else {
            w.bytes(b.data());
          }
        }
        w.end();
      } else {
        w.bytes(child.data());
      }
    }
    w.end();
    int growth = out.writerIndex() - start - moof.size();
    for (int at : dataOffsets) {
      out.setInt(at, out.getInt(at) + growth);
    }
  }
}
