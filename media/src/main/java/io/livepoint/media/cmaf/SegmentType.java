package io.livepoint.media.cmaf;

import io.livepoint.media.box.Box;
import io.livepoint.media.box.BoxFormatException;
import io.livepoint.media.box.BoxTypes;
import io.livepoint.media.box.BoxWriter;
import io.livepoint.media.box.FourCC;
import io.netty.buffer.ByteBuf;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A SegmentTypeBox ({@code styp}): the brands that label a segment, fragment or chunk.
 *
 * @param majorBrand major_brand
 * @param minorVersion minor_version
 * @param compatibleBrands compatible_brands in order
 */
public record SegmentType(String majorBrand, long minorVersion, List<String> compatibleBrands) {
  /** Last media segment of the track (ingest 6.2 item 19). */
  public static final String LMSG = "lmsg";
  /** Filler / slate content the receiver may replace (ingest 6.2 item 18). */
  public static final String SLAT = "slat";
  /** CMAF chunk that is not the first of its fragment (ingest 6.3 item 7). */
  public static final String CMFL = "cmfl";
  /** CMAF segment. */
  public static final String CMFS = "cmfs";
  /** CMAF fragment. */
  public static final String CMFF = "cmff";

  public SegmentType {
    compatibleBrands = List.copyOf(compatibleBrands);
  }

  /** Major and compatible brands together. */
  public Set<String> brands() {
    Set<String> all = new LinkedHashSet<>();
    all.add(majorBrand);
    all.addAll(compatibleBrands);
    return Set.copyOf(all);
  }

  public boolean has(String brand) {
    return majorBrand.equals(brand) || compatibleBrands.contains(brand);
  }

  /** This type without {@code brand}; a major brand it was is replaced by the CMAF segment brand. */
  public SegmentType without(String brand) {
    return new SegmentType(majorBrand.equals(brand) ? CMFS : majorBrand, minorVersion,
        compatibleBrands.stream().filter(b -> !b.equals(brand)).toList());
  }

  /** Parses a whole styp (or ftyp, same layout) box. */
  public static SegmentType parse(Box box) {
    ByteBuf p = box.payload();
    if (p.readableBytes() < 8 || p.readableBytes() % 4 != 0) {
      throw new BoxFormatException("'" + box.typeName() + "' of " + box.size() + " bytes is not a brand list");
    }
    String major = FourCC.toString(p.readInt());
    long minor = p.readUnsignedInt();
    List<String> compatible = new ArrayList<>();
    while (p.isReadable()) {
      compatible.add(FourCC.toString(p.readInt()));
    }
    return new SegmentType(major, minor, compatible);
  }

  /** Writes this as a styp box. */
  public void write(BoxWriter w) {
    w.start(BoxTypes.STYP).fourcc(majorBrand).u32(minorVersion);
    compatibleBrands.forEach(w::fourcc);
    w.end();
  }
}
