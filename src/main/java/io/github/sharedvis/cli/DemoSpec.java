package io.github.sharedvis.cli;

import io.github.sharedvis.synthetic.FaceStimuli;
import io.github.sharedvis.synthetic.SilhouetteStimuli;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * What one of {@code sharedvis demo}'s experiments runs on: the generated stimuli, the network, the
 * layer its synthetic neurons read and the (different) layer its encoding model reads.
 *
 * @param name the experiment's name ({@code body}, {@code faces})
 * @param model the bundled network
 * @param neuronLayer the node the synthetic neurons read (average-pooled when spatial)
 * @param encodingLayer the node the encoding model reads (average-pooled)
 * @param preferred the default preferred categories; several are merged into one (see
 *     {@link #mergedName})
 * @param perCategory the default number of generated images per category
 * @param defaultOut where the experiment writes when {@code --out} is not given
 */
record DemoSpec(String name, String model, String neuronLayer, String encodingLayer, List<String> preferred,
        int perCategory, String defaultOut) {

    /**
     * The body-patch experiment: silhouettes, neurons on MoveNet's body-part heat-map features, encoding
     * model on its MobileNetV2 backbone's last block.
     */
    static final DemoSpec BODY = new DemoSpec("body", "movenet-thunder", "kpt_heatmap_0/re_lu_4/Relu",
            "out_relu/Relu6", List.of("body"), 30, "demo-out");

    /**
     * The face-patch experiment: drawn faces and objects (some face-like), neurons on FaceRes's 256-d
     * face features ({@code feats/Relu}, which its age and gender heads read), encoding model on its
     * MobileNet body's 14x14 block 11, average-pooled (512-d). FaceRes, not MobileFaceNet: on the
     * generated set its features give neurons a held-out face d' of about 3-4.5, MobileFaceNet's
     * embedding about 1.2 (docs/faces.md).
     */
    static final DemoSpec FACES = new DemoSpec("faces", "faceres", "feats/Relu",
            "conv_pw_11_relu/clip_by_value", FaceStimuli.FACES, 20, "demo-faces-out");

    DemoSpec {
        preferred = List.copyOf(preferred);
    }

    /**
     * @param categories the preferred categories
     * @return the category they are merged into: the one itself, or the names joined by {@code _} (a file-name-safe id)
     */
    static String mergedName(List<String> categories) {
        return String.join("_", categories);
    }

    /**
     * @param perCategory images per category
     * @return what identifies the generated set (written into its marker file)
     */
    String stamp(int perCategory) {
        return switch (name) {
            case "body" -> "silhouettes v3 size=256 seed=1 n=" + perCategory;
            default -> "faces v1 size=224 seed=1 n=" + perCategory;
        };
    }

    /**
     * Draws the experiment's stimuli.
     *
     * @param dir the stimulus folder
     * @param perCategory images per category
     * @return the written files
     * @throws IOException on write failure
     */
    List<Path> generate(Path dir, int perCategory) throws IOException {
        return switch (name) {
            case "body" -> new SilhouetteStimuli(256, 1).write(dir, perCategory);
            default -> new FaceStimuli(224, 1).write(dir, perCategory);
        };
    }
}
