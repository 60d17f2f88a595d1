package io.livepoint.push;

import io.livepoint.core.Track;

/**
 * One resource a strategy pushes.
 *
 * @param path absolute output path (what the PUSH_PROMISE names)
 * @param track the track of an init or media segment, or null (an MPD)
 * @param number the media segment number, or -1 for a resource that exists now (MPD, init segment)
 */
record PushTarget(String path, Track track, long number) {
  boolean isSegment() {
    return number >= 0;
  }
}
