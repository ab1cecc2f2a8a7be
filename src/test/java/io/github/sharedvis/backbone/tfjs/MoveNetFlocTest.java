package io.github.sharedvis.backbone.tfjs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.Gradients;
import io.github.sharedvis.backbone.ImageDecoder;
import io.github.sharedvis.backbone.Preprocessing;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A semantic check of the imported MoveNet Thunder on real fLoc images: its 17 body keypoint
 * confidences are higher on bodies than on cars and houses, and a figure with the keypoints drawn on
 * body images is written to {@code build/figures/movenet_keypoints_floc.png} for a person to look at.
 * Skips with the reason when {@code ../shared/data/floc} or the model is absent.
 */
class MoveNetFlocTest {

    static final Path FLOC = Path.of("../shared/data/floc");
    static final int PER_CATEGORY = 24;
    /** COCO keypoint pairs forming the skeleton drawn in the figure. */
    static final int[][] SKELETON = {{5, 7}, {7, 9}, {6, 8}, {8, 10}, {5, 6}, {5, 11}, {6, 12}, {11, 12},
        {11, 13}, {13, 15}, {12, 14}, {14, 16}, {0, 1}, {0, 2}, {1, 3}, {2, 4}};

    @Test
    void keypointConfidenceIsHigherOnBodiesThanOnCarsAndHouses() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(FLOC), "real images absent: " + FLOC.toAbsolutePath());
        Path file = TfjsOracle.bundled("movenet-thunder");
        Preprocessing pre = BundledModel.byName("movenet-thunder").preprocessing();
        Map<String, Double> meanScore = new LinkedHashMap<>();
        List<BufferedImage> shown = new ArrayList<>();
        List<float[]> shownKeypoints = new ArrayList<>();
        try (TfjsGraphModel model = TfjsGraphModel.load(file, Device.cpu());
                NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            for (String category : List.of("body", "car", "house")) {
                List<Path> images = images(category);
                double total = 0;
                for (int start = 0; start < images.size(); start += 8) {
                    List<Path> chunk = images.subList(start, Math.min(images.size(), start + 8));
                    float[] data = new float[chunk.size() * 3 * pre.height() * pre.width()];
                    List<BufferedImage> geom = new ArrayList<>();
                    for (int i = 0; i < chunk.size(); i++) {
                        BufferedImage g = pre.geometry(ImageDecoder.read(chunk.get(i)));
                        geom.add(g);
                        float[] t = pre.toTensor(g);
                        System.arraycopy(t, 0, data, i * t.length, t.length);
                    }
                    try (NDManager scope = m.newSubManager()) {
                        NDArray x = scope.create(data, new Shape(chunk.size(), 3, pre.height(), pre.width()));
                        // [N, 1, 17, 3]: y, x in [0, 1] and a confidence per keypoint
                        NDArray kp = Gradients.noGradList(() -> model.execute(
                                x.transpose(0, 2, 3, 1), TfjsGraphModel.Layout.NHWC, List.of("Identity"))).get(0);
                        assertEquals(new Shape(chunk.size(), 1, 17, 3), kp.getShape());
                        float[] k = kp.toFloatArray();
                        for (int i = 0; i < chunk.size(); i++) {
                            double s = 0;
                            for (int j = 0; j < 17; j++) {
                                s += k[i * 51 + j * 3 + 2];
                            }
                            total += s / 17;
                            if (category.equals("body") && shown.size() < 8) {
                                shown.add(geom.get(i));
                                float[] one = new float[51];
                                System.arraycopy(k, i * 51, one, 0, 51);
                                shownKeypoints.add(one);
                            }
                        }
                    }
                }
                meanScore.put(category, total / images.size());
            }
        }
        System.out.printf("MoveNet Thunder mean keypoint confidence on fLoc (%d images each): %s%n", PER_CATEGORY,
                meanScore);
        Path fig = Path.of("build/figures/movenet_keypoints_floc.png");
        drawFigure(shown, shownKeypoints, fig);
        System.out.println("figure: " + fig.toAbsolutePath());
        assertTrue(meanScore.get("body") > meanScore.get("car"), "bodies vs cars: " + meanScore);
        assertTrue(meanScore.get("body") > meanScore.get("house"), "bodies vs houses: " + meanScore);
    }

    private static List<Path> images(String category) throws IOException {
        try (Stream<Path> s = Files.list(FLOC.resolve(category))) {
            List<Path> all = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
            // spread over the set rather than the first files of one naming run
            List<Path> out = new ArrayList<>();
            for (int i = 0; i < PER_CATEGORY && i * all.size() / PER_CATEGORY < all.size(); i++) {
                out.add(all.get(i * all.size() / PER_CATEGORY));
            }
            return out;
        }
    }

    /** The body images in a row, keypoints with confidence > 0.2 drawn, the skeleton between them. */
    static void drawFigure(List<BufferedImage> images, List<float[]> keypoints, Path out) throws IOException {
        int size = 256;
        BufferedImage fig = new BufferedImage(size * Math.max(1, images.size()), size, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = fig.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        for (int i = 0; i < images.size(); i++) {
            g.drawImage(images.get(i), i * size, 0, size, size, null);
            float[] k = keypoints.get(i);
            g.setStroke(new BasicStroke(2f));
            g.setColor(new Color(0, 220, 255));
            for (int[] e : SKELETON) {
                if (k[e[0] * 3 + 2] > 0.2 && k[e[1] * 3 + 2] > 0.2) {
                    g.drawLine(i * size + (int) (k[e[0] * 3 + 1] * size), (int) (k[e[0] * 3] * size),
                            i * size + (int) (k[e[1] * 3 + 1] * size), (int) (k[e[1] * 3] * size));
                }
            }
            for (int j = 0; j < 17; j++) {
                float score = k[j * 3 + 2];
                if (score > 0.2) {
                    int x = i * size + (int) (k[j * 3 + 1] * size);
                    int y = (int) (k[j * 3] * size);
                    g.setColor(Color.getHSBColor(0.33f * Math.min(1f, score), 1f, 1f));
                    g.fillOval(x - 4, y - 4, 9, 9);
                }
            }
        }
        g.dispose();
        Files.createDirectories(out.getParent());
        ImageIO.write(fig, "png", out.toFile());
    }
}
