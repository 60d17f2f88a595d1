package io.livepoint.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LatencyPlotTest {
  @Test
  void writesADecodablePngWithOneColouredCurvePerSeries(@TempDir Path dir) throws Exception {
    Histogram fast = new Histogram();
    Histogram slow = new Histogram();
    for (int i = 1; i <= 1000; i++) {
      fast.record(i * 1_000L);
      slow.record(i * 100_000L);
    }
    Path png = dir.resolve("delay.png");
    LatencyPlot.write(png, "test", List.of(new LatencyPlot.Series("fast", fast),
        new LatencyPlot.Series("slow", slow), new LatencyPlot.Series("empty", new Histogram())));
    byte[] bytes = Files.readAllBytes(png);
    assertEquals((byte) 0x89, bytes[0]);
    assertEquals('P', bytes[1]);
    BufferedImage img = ImageIO.read(png.toFile());
    assertNotNull(img);
    assertEquals(1000, img.getWidth());
    assertEquals(600, img.getHeight());
    int blue = 0;
    int red = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        int rgb = img.getRGB(x, y) & 0xffffff;
        if (rgb == 0x1f77b4) {
          blue++;
        } else if (rgb == 0xd62728) {
          red++;
        }
      }
    }
    assertTrue(blue > 200, "first series drawn: " + blue + " pixels");
    assertTrue(red > 200, "second series drawn: " + red + " pixels");
  }
}
