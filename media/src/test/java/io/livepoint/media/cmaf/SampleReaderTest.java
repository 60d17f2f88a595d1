package io.livepoint.media.cmaf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.livepoint.media.TestData;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Samples read from the real captures agree with what each moof says, and share the chunk's memory. */
class SampleReaderTest {
  static final PooledByteBufAllocator ALLOC = PooledByteBufAllocator.DEFAULT;

  static CmafLoop load(Path dir) throws CmafException {
    List<ByteBuf> files = new ArrayList<>();
    files.add(TestData.buf(TestData.bytes(TestData.init(dir))));
    TestData.segments(dir).forEach(s -> files.add(TestData.buf(TestData.bytes(s))));
    try {
      return CmafLoop.parse(ALLOC, files);
    } finally {
      files.forEach(ByteBuf::release);
    }
  }

  @Test
  void samplesMatchTheFragmentOfEveryCapture() throws Exception {
    int checked = 0;
    for (Path dir : TestData.trackDirs()) {
      try (CmafLoop loop = load(dir)) {
        for (int i = 0; i < loop.chunkCount(); i++) {
          CmafChunk chunk = loop.recorded(i);
          FragmentInfo f = chunk.fragment();
          int refs = chunk.data().refCnt();
          List<Sample> samples = SampleReader.read(chunk.data(), loop.info());
          try {
            assertEquals(f.sampleCount(), samples.size(), dir.toString());
            assertEquals(f.sampleBytes(), samples.stream().mapToLong(s -> s.data().readableBytes()).sum());
            assertEquals(f.duration(), samples.stream().mapToLong(Sample::duration).sum());
            if (!samples.isEmpty()) {
              assertEquals(f.baseMediaDecodeTime(), samples.get(0).decodeTime());
              assertEquals(f.firstSampleSync(), samples.get(0).sync(), dir.toString());
              // Retained slices of the chunk, not copies: each sample holds a reference to it.
              assertEquals(refs + samples.size(), chunk.data().refCnt());
            }
            for (int k = 1; k < samples.size(); k++) {
              assertEquals(samples.get(k - 1).decodeTime() + samples.get(k - 1).duration(), samples.get(k).decodeTime());
            }
            checked++;
          } finally {
            samples.forEach(Sample::release);
          }
        }
      }
    }
    assertTrue(checked > 50, "chunks checked: " + checked);
  }

  @Test
  void aChunkOfSeveralFragments() throws Exception {
    try (CmafLoop loop = load(TestData.dir("livesim2-testpic_2s/A48"))) {
      ByteBuf two = ALLOC.buffer();
      two.writeBytes(loop.recorded(0).data().duplicate());
      two.writeBytes(loop.recorded(1).data().duplicate());
      try {
        List<Sample> samples = SampleReader.read(two, loop.info());
        assertEquals(loop.recorded(0).fragment().sampleCount() + loop.recorded(1).fragment().sampleCount(),
            samples.size());
        assertEquals(loop.recorded(1).fragment().endTime(),
            samples.get(samples.size() - 1).decodeTime() + samples.get(samples.size() - 1).duration());
        samples.forEach(Sample::release);
        two.writerIndex(two.writerIndex() - 10); // the last mdat cut short
        assertThrows(CmafException.class, () -> SampleReader.read(two, loop.info()));
      } finally {
        two.release();
      }
    }
  }
}
