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
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A semantic check of the imported FaceRes with its bundled preprocessing on real fLoc face images:
 * the age head (100 one-year bins, softmax) estimates children younger than adults, by the expected
 * value of the bins, on 24 images of each. Skips with the reason when {@code ../shared/data/floc} or
 * the model is absent.
 */
class FaceResFlocTest {

    @Test
    void ageHeadEstimatesChildrenYoungerThanAdults() throws IOException {
        Assumptions.assumeTrue(Files.isDirectory(MoveNetFlocTest.FLOC), "real images absent: "
                + MoveNetFlocTest.FLOC.toAbsolutePath());
        Path file = TfjsOracle.bundled("faceres");
        Preprocessing pre = BundledModel.byName("faceres").preprocessing();
        Map<String, Double> meanAge = new LinkedHashMap<>();
        try (TfjsGraphModel model = TfjsGraphModel.load(file, Device.cpu());
                NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            for (String category : List.of("child", "adult")) {
                double total = 0;
                int n = 24;
                for (int k = 1; k <= n; k++) {
                    Path img = MoveNetFlocTest.FLOC.resolve(category).resolve(category + "-" + (k * 5) + ".jpg");
                    try (NDManager scope = m.newSubManager()) {
                        float[] t = pre.toTensor(pre.geometry(ImageDecoder.read(img)));
                        NDArray x = scope.create(t, new Shape(1, 3, pre.height(), pre.width()));
                        NDArray p = Gradients.noGradList(() -> model.execute(x, TfjsGraphModel.Layout.NCHW,
                                List.of("age_pred/Softmax"))).get(0);
                        assertEquals(new Shape(1, 100), p.getShape());
                        float[] v = p.toFloatArray();
                        double age = 0;
                        for (int i = 0; i < v.length; i++) {
                            age += i * v[i];
                        }
                        total += age;
                    }
                }
                meanAge.put(category, total / n);
            }
        }
        System.out.printf("FaceRes mean estimated age on fLoc (24 images each): %s%n", meanAge);
        assertTrue(meanAge.get("child") + 5 < meanAge.get("adult"), "children vs adults: " + meanAge);
    }
}
