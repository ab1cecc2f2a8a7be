package io.github.sharedvis.report.bench;

import io.github.sharedvis.report.Figure;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/**
 * CPU time of writing a report pair panel PNG with ImageIO versus sharedvis's encoder, same image, one
 * run. Usage: {@code java -cp ... io.github.sharedvis.report.bench.PngEncodeBench PANEL.png [REPS]}.
 */
public final class PngEncodeBench {

    private PngEncodeBench() {}

    public static void main(String[] args) throws Exception {
        BufferedImage src = ImageIO.read(Path.of(args[0]).toFile());
        BufferedImage img = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_INT_RGB);
        img.getGraphics().drawImage(src, 0, 0, null);
        int reps = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        long[] bytes = new long[2];
        long[] cpu = new long[2];
        for (int warm = 0; warm < 2; warm++) {
            for (int k = 0; k < 2; k++) {
                long t0 = mx.getCurrentThreadCpuTime();
                for (int r = 0; r < reps; r++) {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    if (k == 0) {
                        ImageIO.write(img, "png", out);
                    } else {
                        Figure.encodePng(img, out);
                    }
                    bytes[k] = out.size();
                }
                cpu[k] = mx.getCurrentThreadCpuTime() - t0;
            }
        }
        System.out.printf("%dx%d image, %d reps: ImageIO %.1f ms/image (%d bytes), sharedvis %.1f ms/image (%d bytes);"
                + " speed-up %.2fx, size ratio %.2f%n", img.getWidth(), img.getHeight(), reps, cpu[0] / 1e6 / reps,
                bytes[0], cpu[1] / 1e6 / reps, bytes[1], cpu[0] / (double) cpu[1], bytes[1] / (double) bytes[0]);
    }
}
