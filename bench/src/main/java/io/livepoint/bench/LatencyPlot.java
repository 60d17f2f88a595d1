package io.livepoint.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * Draws delivery-delay distributions as cumulative curves (share of chunks delivered within x ms, x
 * on a log scale) into a PNG, headless with java.awt; one curve per scenario.
 */
public final class LatencyPlot {
  /** One curve. */
  public record Series(String label, Histogram histogram) {}

  private static final Color[] COLORS = {
      new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0xff7f0e),
      new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x17becf)};
  private static final int W = 1000;
  private static final int H = 600;
  private static final int LEFT = 70;
  private static final int RIGHT = 30;
  private static final int TOP = 50;
  private static final int BOTTOM = 60;

  private LatencyPlot() {}

  /** Renders the curves (empty histograms are left out) with a title. */
  public static BufferedImage render(String title, List<Series> series) {
    System.setProperty("java.awt.headless", "true");
    BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = img.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, W, H);
      long maxNanos = 1_000_000;
      for (Series s : series) {
        maxNanos = Math.max(maxNanos, s.histogram().maxNanos());
      }
      double lo = -2; // 0.01 ms
      double hi = Math.ceil(Math.log10(maxNanos / 1e6));
      int pw = W - LEFT - RIGHT;
      int ph = H - TOP - BOTTOM;
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      for (double e = lo; e <= hi; e++) {
        int x = LEFT + (int) Math.round((e - lo) / (hi - lo) * pw);
        g.setColor(new Color(0xdddddd));
        g.drawLine(x, TOP, x, TOP + ph);
        g.setColor(Color.DARK_GRAY);
        String label = e < 0 ? String.format(Locale.ROOT, "%.2f", Math.pow(10, e)) : Long.toString((long) Math.pow(10, e));
        g.drawString(label, x - g.getFontMetrics().stringWidth(label) / 2, TOP + ph + 18);
      }
      for (int pct = 0; pct <= 100; pct += 10) {
        int y = TOP + ph - pct * ph / 100;
        g.setColor(new Color(0xdddddd));
        g.drawLine(LEFT, y, LEFT + pw, y);
        g.setColor(Color.DARK_GRAY);
        String label = pct + "%";
        g.drawString(label, LEFT - 8 - g.getFontMetrics().stringWidth(label), y + 4);
      }
      g.setColor(Color.BLACK);
      g.drawRect(LEFT, TOP, pw, ph);
      g.drawString("delivery delay, ms (log scale)", LEFT + pw / 2 - 80, H - 15);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
      g.drawString(title, LEFT, 30);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.setStroke(new BasicStroke(2f));
      int legend = 0;
      for (int i = 0; i < series.size(); i++) {
        Histogram h = series.get(i).histogram();
        long total = h.count();
        if (total == 0) {
          continue;
        }
        Color c = COLORS[i % COLORS.length];
        g.setColor(c);
        long seen = 0;
        int px = -1;
        int py = -1;
        for (int b = 0; b < h.buckets(); b++) {
          long n = h.countAt(b);
          if (n == 0) {
            continue;
          }
          seen += n;
          double ms = Math.min(h.upperNanosAt(b), Math.max(h.maxNanos(), 1)) / 1e6;
          double e = Math.max(lo, Math.log10(Math.max(ms, 1e-9)));
          int x = LEFT + (int) Math.round((e - lo) / (hi - lo) * pw);
          int y = TOP + ph - (int) Math.round(seen / (double) total * ph);
          if (px >= 0) {
            g.drawLine(px, py, x, py); // a step: the share holds until the next bucket
            g.drawLine(x, py, x, y);
          }
          px = x;
          py = y;
        }
        int ly = TOP + 20 + 18 * legend++;
        g.drawLine(LEFT + 15, ly - 4, LEFT + 40, ly - 4);
        g.setColor(Color.BLACK);
        g.drawString(String.format(Locale.ROOT, "%s (n=%d, p99 %.2f ms)", series.get(i).label(), total,
            h.quantileNanos(0.99) / 1e6), LEFT + 46, ly);
      }
    } finally {
      g.dispose();
    }
    return img;
  }

  public static void write(Path file, String title, List<Series> series) throws IOException {
    ImageIO.write(render(title, series), "png", file.toFile());
  }
}
