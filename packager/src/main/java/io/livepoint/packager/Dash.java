package io.livepoint.packager;

/** DASH wire constants (ISO/IEC 23009-1, DASH-IF IOP) used by the MPD writer. */
final class Dash {
  private Dash() {}

  static final String NAMESPACE = "urn:mpeg:dash:schema:mpd:2011";
  static final String PROFILE_LIVE = "urn:mpeg:dash:profile:isoff-live:2011";
  static final String PROFILE_CMAF = "urn:mpeg:dash:profile:cmaf:2019";
  static final String UTC_HTTP_ISO = "urn:mpeg:dash:utc:http-iso:2014";
  static final String ROLE_SCHEME = "urn:mpeg:dash:role:2011";
  static final String ROLE_MAIN = "main";
  static final String AUDIO_CHANNEL_SCHEME = "urn:mpeg:dash:23003:3:audio_channel_configuration:2011";
  static final String PRT_TYPE_ENCODER = "encoder";
  static final String REPRESENTATION_ID = "$RepresentationID$";
  static final String NUMBER = "$Number$";
  /** SegmentTemplate URLs: the output layout with the template identifiers in it. */
  static final String INITIALIZATION_TEMPLATE = OutputPath.inTrack(REPRESENTATION_ID, OutputPath.INIT_NAME);
  static final String MEDIA_TEMPLATE = OutputPath.inTrack(REPRESENTATION_ID, OutputPath.segment(NUMBER));
  static final String SERVICE_DESCRIPTION_ID = "0";
}
