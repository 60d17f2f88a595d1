package io.livepoint.media.box;

/** The ISOBMFF / CMAF box types this code reads or writes: the one table of wire constants. */
public final class BoxTypes {
  private BoxTypes() {}

  public static final int FTYP = FourCC.of("ftyp");
  public static final int STYP = FourCC.of("styp");
  public static final int MOOV = FourCC.of("moov");
  public static final int MVHD = FourCC.of("mvhd");
  public static final int TRAK = FourCC.of("trak");
  public static final int TKHD = FourCC.of("tkhd");
  public static final int MDIA = FourCC.of("mdia");
  public static final int MDHD = FourCC.of("mdhd");
  public static final int HDLR = FourCC.of("hdlr");
  public static final int ELNG = FourCC.of("elng");
  public static final int MINF = FourCC.of("minf");
  public static final int STBL = FourCC.of("stbl");
  public static final int STSD = FourCC.of("stsd");
  public static final int UDTA = FourCC.of("udta");
  public static final int KIND = FourCC.of("kind");
  public static final int MVEX = FourCC.of("mvex");
  public static final int TREX = FourCC.of("trex");
  public static final int MOOF = FourCC.of("moof");
  public static final int MFHD = FourCC.of("mfhd");
  public static final int TRAF = FourCC.of("traf");
  public static final int TFHD = FourCC.of("tfhd");
  public static final int TFDT = FourCC.of("tfdt");
  public static final int TRUN = FourCC.of("trun");
  public static final int MDAT = FourCC.of("mdat");
  public static final int PRFT = FourCC.of("prft");
  public static final int EMSG = FourCC.of("emsg");
  public static final int MFRA = FourCC.of("mfra");
  public static final int SIDX = FourCC.of("sidx");
  public static final int SSIX = FourCC.of("ssix");
  public static final int FREE = FourCC.of("free");
  public static final int SKIP = FourCC.of("skip");
  public static final int UUID = FourCC.of("uuid");
  public static final int BTRT = FourCC.of("btrt");
  public static final int MIME = FourCC.of("mime");

  // Sample entries and their configuration boxes.
  public static final int AVC1 = FourCC.of("avc1");
  public static final int AVC3 = FourCC.of("avc3");
  public static final int AVCC = FourCC.of("avcC");
  public static final int HVC1 = FourCC.of("hvc1");
  public static final int HEV1 = FourCC.of("hev1");
  public static final int HVCC = FourCC.of("hvcC");
  public static final int MP4A = FourCC.of("mp4a");
  public static final int ESDS = FourCC.of("esds");
  public static final int OPUS = FourCC.of("Opus");
  public static final int DOPS = FourCC.of("dOps");
  public static final int WVTT = FourCC.of("wvtt");
  public static final int STPP = FourCC.of("stpp");
  public static final int URIM = FourCC.of("urim");
  public static final int EVTE = FourCC.of("evte");
  public static final int ENCV = FourCC.of("encv");
  public static final int ENCA = FourCC.of("enca");
  public static final int ENCT = FourCC.of("enct");
  public static final int ENCS = FourCC.of("encs");
}
