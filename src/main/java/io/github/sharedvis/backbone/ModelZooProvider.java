package io.github.sharedvis.backbone;

import ai.djl.Application;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * DJL model-zoo image classifiers ({@code zoo:resnet50}, {@code zoo:resnet18}), downloaded by DJL on
 * first use; online only. Offline, loading fails with one message that names the offline options.
 */
public final class ModelZooProvider implements BackboneProvider {

    private static final String PREFIX = "zoo:";

    @Override
    public String kind() {
        return "zoo";
    }

    @Override
    public boolean accepts(String model) {
        return model.startsWith(PREFIX);
    }

    @Override
    public Backbone open(BackboneSpec spec) throws IOException {
        String name = spec.model().substring(PREFIX.length());
        if (Boolean.parseBoolean(System.getProperty("ai.djl.offline", "true"))) {
            throw new IOException("backbone '" + spec.model() + "' comes from the DJL model zoo, which "
                    + "downloads weights, and sharedvis runs offline. Offline options: a bundled TF.js "
                    + "model (sharedvis backbones lists them), or your own TorchScript file (model = "
                    + "\"path/to/model.pt\"; export with scripts/export_torchscript.py). To allow the "
                    + "download, run with -Dai.djl.offline=false.");
        }
        Criteria<?, ?> criteria = Criteria.builder()
                .optApplication(Application.CV.IMAGE_CLASSIFICATION)
                .setTypes(ai.djl.modality.cv.Image.class, ai.djl.modality.Classifications.class)
                .optEngine(Engines.PYTORCH)
                .optArtifactId(name.replaceAll("[0-9]+$", ""))
                .optFilter("layers", name.replaceAll("^[a-z]+", ""))
                .build();
        Path pt;
        try (ZooModel<?, ?> zoo = criteria.loadModel()) {
            Model m = zoo;
            try (Stream<Path> files = Files.walk(m.getModelPath())) {
                pt = files.filter(p -> p.toString().endsWith(".pt")).findFirst()
                        .orElseThrow(() -> new IOException("no .pt file in " + m.getModelPath()));
            }
        } catch (ModelNotFoundException | MalformedModelException e) {
            throw new IOException("model zoo has no '" + name + "': " + e.getMessage(), e);
        }
        return new TorchScriptProvider().open(new BackboneSpec(pt.toString(), spec.layer(), spec.pooling(),
                spec.preprocessing(), spec.device()));
    }

    @Override
    public List<String> available() {
        return List.of("zoo:resnet50, zoo:resnet18  DJL model zoo (online only; node 'output')");
    }
}
