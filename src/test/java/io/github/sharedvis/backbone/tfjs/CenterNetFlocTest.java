package io.github.sharedvis.backbone.tfjs;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.Gradients;
import io.github.sharedvis.backbone.ImageDecoder;
import io.github.sharedvis.backbone.Preprocessing;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A semantic check of the imported CenterNet and of its declared preprocessing on real fLoc images:
 * with raw 0..255 pixels its COCO "car" detections are stronger on car images than on body images
 * and its "person" detections stronger on body images than on car images, and its detections are
 * far more confident than with pixels scaled to 0..1 (the wrong range).
 * Skips with the reason when {@code ../shared/data/floc} or the model is absent.
 */
class CenterNetFlocTest {

    static final int COCO_PERSON = 0;
    static final int COCO_CAR = 2;

    @Test
    void topDetectionsNameTheCategoryWithTheDeclaredValueRange() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(MoveNetFlocTest.FLOC), "real images absent: "
                + MoveNetFlocTest.FLOC.toAbsolutePath());
        Path file = TfjsOracle.bundled("centernet");
        Preprocessing pre = BundledModel.byName("centernet").preprocessing();
        try (TfjsGraphModel model = TfjsGraphModel.load(file, Device.cpu());
                NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            // mean over images of the best "car" and "person" detection scores
            double[][] score = new double[2][2]; // [image category car/body][detected class car/person]
            double raw = 0;
            double unit = 0;
            int n = 5;
            List<String> categories = List.of("car", "body");
            for (int c = 0; c < 2; c++) {
                for (int k = 1; k <= n; k++) {
                    String category = categories.get(c);
                    Path img = MoveNetFlocTest.FLOC.resolve(category).resolve(category + "-" + (k * 20) + ".jpg");
                    NDArray x = m.create(pre.apply(ImageDecoder.read(img)), new Shape(1, 3, pre.height(), pre.width()))
                            .transpose(0, 2, 3, 1);
                    // tower_0/detections: [1, 100, 6] = box (4), score, class; sorted by score
                    float[] d = detections(model, x);
                    score[c][0] += best(d, COCO_CAR) / n;
                    score[c][1] += best(d, COCO_PERSON) / n;
                    raw += d[4];
                    unit += detections(model, x.div(255))[4];
                }
            }
            System.out.printf("CenterNet on fLoc (%d images each): best car score on cars %.3f, on bodies %.3f; best "
                    + "person score on bodies %.3f, on cars %.3f; top score at 0..255 %.3f, at 0..1 %.3f%n", n,
                    score[0][0], score[1][0], score[1][1], score[0][1], raw / (2 * n), unit / (2 * n));
            assertTrue(score[0][0] > score[1][0], "car detections should be stronger on car images");
            assertTrue(score[1][1] > score[0][1], "person detections should be stronger on body images");
            assertTrue(raw > 5 * unit, "0..255 should be the model's value range (" + raw + " vs " + unit + ")");
        }
    }

    private static double best(float[] d, int cls) {
        double b = 0;
        for (int i = 0; i + 5 < d.length; i += 6) {
            if ((int) d[i + 5] == cls) {
                b = Math.max(b, d[i + 4]);
            }
        }
        return b;
    }

    private static float[] detections(TfjsGraphModel model, NDArray x) {
        return Gradients.noGradList(() -> model.execute(x, TfjsGraphModel.Layout.NHWC, List.of("tower_0/detections")))
                .get(0).toFloatArray();
    }
}
