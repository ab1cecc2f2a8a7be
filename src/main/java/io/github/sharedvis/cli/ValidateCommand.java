package io.github.sharedvis.cli;

import io.github.sharedvis.evaluation.Validation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sharedvis validate}: synthetic neurons on fLoc, the pipeline, and the planted/deletion benchmarks. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validate the maps on synthetic neurons with known preferences (method.md, sections 6-7):",
            "one synthetic neuron per category of fLoc, the full pipeline per neuron (pair figures), gradient vs",
            "Integrated Gradients, and the planted-feature and deletion benchmarks against single-image",
            "baselines with bootstrap intervals. Writes validation.md, planted.csv and PNG figures to --out."},
        footer = {"", "Examples:", "  sharedvis validate --data ../shared/data/floc --out validation-out",
            "  sharedvis validate --data ../shared/data/floc --pairs-per-neuron 5 --per-category 15 --out quick"})
final class ValidateCommand implements Callable<Integer> {

    @Option(names = "--data", defaultValue = "../shared/data/floc", paramLabel = "DIR",
            description = "The fLoc folder with labels.csv (default: ${DEFAULT-VALUE}).")
    Path data;

    @Option(names = {"-o", "--out"}, defaultValue = "validation-out", paramLabel = "DIR")
    Path out;

    @Option(names = "--model", defaultValue = "movenet-lightning",
            description = "Bundled model for both layers (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--encoding-layer", description = "Encoding model's node (default: MobileNetV2 block_12_add).")
    String encodingLayer;

    @Option(names = "--neuron-layer", description = "Synthetic neurons' node (default: block_16_project_BN).")
    String neuronLayer;

    @Option(names = "--neurons", split = ",", paramLabel = "CATEGORY[,CATEGORY...]",
            description = "One synthetic neuron per category (default: body,adult,car,instrument,house,word).")
    List<String> categories;

    @Option(names = "--per-category", defaultValue = "30", description = "fLoc images per category (default: ${DEFAULT-VALUE}).")
    int perCategory;

    @Option(names = "--pairs-per-neuron", defaultValue = "17", description = "Planted pairs per neuron (default: ${DEFAULT-VALUE}).")
    int pairs;

    @Option(names = "--ig-steps", defaultValue = "8", description = "IG steps in the benchmark (default: ${DEFAULT-VALUE}).")
    int igSteps;

    @Option(names = "--figure-ig-steps", defaultValue = "16", description = "IG steps of the Fig. 7 pairs (default: ${DEFAULT-VALUE}).")
    int figureIgSteps;

    @Option(names = "--resamples", defaultValue = "2000", description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    int resamples;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Option(names = "--quiet", description = "No progress bars.")
    boolean quiet;

    @Override
    public Integer call() throws Exception {
        if (!Files.isDirectory(data)) {
            throw new UserException(data + ": no such folder; --data must be the fLoc folder of ../shared/data");
        }
        if (resamples < 1000) {
            throw new UserException("--resamples must be at least 1000 for stable 95% intervals, got " + resamples);
        }
        Validation.Builder b = Validation.builder(data, out).model(model).perCategory(perCategory).pairsPerNeuron(pairs)
                .igSteps(igSteps).figureIgSteps(figureIgSteps).resamples(resamples).seed(seed)
                .progress(quiet ? null : System.err);
        if (encodingLayer != null) {
            b.encodingLayer(encodingLayer);
        }
        if (neuronLayer != null) {
            b.neuronLayer(neuronLayer);
        }
        if (categories != null) {
            b.neuronCategories(categories);
        }
        Path md = b.build().run(Registry.backbones());
        System.err.println("sharedvis: validation written to " + md.toAbsolutePath());
        return 0;
    }
}
