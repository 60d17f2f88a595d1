package io.livepoint.media.cmaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.media.box.Boxes;
import io.livepoint.testkit.Shared;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

class LiveHeaderTest {
  @Test
  void clearsTheRecordingDurationThatWouldEndBrowserPlayback() throws Exception {
    // livesim2's low-delay header says mehd fragment_duration = 8000 ms: Chrome ends playback at 8 s.
    byte[] original = Files.readAllBytes(
        Shared.path("testdata/cmaf/livesim2-testpic_2s_low_delay/LD_720/init.mp4"));
    ByteBuf init = Unpooled.copiedBuffer(original);
    assertEquals(8000, Boxes.find(init, "moov/mvex/mehd").fullPayload().getUnsignedInt(0));
    TrackInfo before = CmafHeader.parse(init);

    assertTrue(LiveHeader.clearDurations(init));

    assertEquals(0, Boxes.find(init, "moov/mvex/mehd").fullPayload().getUnsignedInt(0));
    assertEquals(original.length, init.readableBytes());
    assertEquals(before, CmafHeader.parse(init));
    assertFalse(LiveHeader.clearDurations(init), "a second pass finds nothing left to clear");
    int differing = 0;
    for (int i = 0; i < original.length; i++) {
      differing += original[i] != init.getByte(i) ? 1 : 0;
    }
    assertTrue(differing > 0 && differing <= 4, "only the duration bytes change: " + differing);
  }
}
