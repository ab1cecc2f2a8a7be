package io.github.sharedvis.cli;

import io.github.sharedvis.attribution.AttributionMethod;
import io.github.sharedvis.attribution.ReferencePoint;
import io.github.sharedvis.attribution.Weighting;
import io.github.sharedvis.evaluation.PlantedFeatureBenchmark;
import io.github.sharedvis.evaluation.Validation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.ResourceBundle;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sharedvis validate}: synthetic neurons, the pipeline, and the planted-feature benchmarks. */
@Command(name = "validate", mixinStandardHelpOptions = true,
        description = {"Validate the maps on synthetic neurons with known preferences (docs/method.md, sections 6-7):",
            "synthetic neurons on fLoc (textured backgrounds) and on silhouettes (uniform backgrounds), one",
            "pipeline run per preferred category, then planted patches: retrieval of the patch's source, the ooc",
            "map's mass in the patch, the source's map when the reference is forced to it, deletion curves and",
            "the model-randomisation check, against single-image baselines, with bootstrap intervals.",
            "Writes validation.md, planted.csv, randomisation.csv and planted_examples.png to --out.",
            "--split dev (seeds 0-2, MoveNet Lightning, every variant; writes selection.md) and",
            "--split heldout (seeds 100-102, MoveNet Thunder, the frozen default) are the protocol of",
            "docs/validation.md; any option after --split overrides it."},
        footer = {"", "Examples:", "  sharedvis validate --split dev --out build/validation-dev",
            "  sharedvis validate --split heldout --out build/validation-heldout",
            "  sharedvis validate --seeds 7 --weightings both_above,paper --reference-points preferred_mean --out quick"})
final class ValidateCommand implements Callable<Integer> {

    /** Where validate writes when {@code --out} is not given. */
    static final String DEFAULT_OUT = "validation-out";

    /** @return the help's defaults that are not compile-time constants (installed by {@link Main}) */
    static ResourceBundle helpDefaults() {
        return HelpDefaults.of(
                new Object[] {"default.model", Validation.Split.DEV.model()},
                new Object[] {"default.neurons", String.join(",", Validation.NEURON_CATEGORIES)},
                new Object[] {"default.patches", Validation.DEFAULT_PATCH_FRACTIONS.stream().map(String::valueOf)
                        .collect(java.util.stream.Collectors.joining(","))},
                OutputOptions.Out.helpDefault(DEFAULT_OUT));
    }

    @Option(names = "--data", defaultValue = "../shared/data/floc", paramLabel = "DIR",
            description = "The fLoc folder with labels.csv (default: ${DEFAULT-VALUE}).")
    Path data;

    @Mixin
    OutputOptions.Out output;

    @Option(names = "--split", paramLabel = "dev|heldout",
            description = "The protocol split: its network, seeds and variants (default: dev's network, seeds and grid).")
    String split;

    @Option(names = "--model", description = "Bundled model or model file for neurons and readout (default: ${bundle:default.model};"
                    + " with --split, the split's).")
    String model;

    @Option(names = "--encoding-layer", description = "The encoding model's node (default: " + Validation.ENCODING_LAYER + ").")
    String encodingLayer;

    @Option(names = "--neuron-layer", description = "The synthetic neurons' node (default: " + Validation.NEURON_LAYER + ").")
    String neuronLayer;

    @Option(names = "--neurons", split = ",", paramLabel = "CATEGORY[,CATEGORY...]",
            description = "fLoc neuron categories (default: ${bundle:default.neurons}).")
    List<String> categories;

    @Option(names = "--neurons-per-category", description = "Synthetic neurons per category (default: " + Validation.DEFAULT_NEURONS_PER_CATEGORY + ").")
    Integer neuronsPerCategory;

    @Option(names = "--per-category", description = "fLoc images per category, the readouts' training images (default: " + Validation.DEFAULT_PER_CATEGORY + ", all).")
    Integer perCategory;

    @Option(names = "--no-silhouettes", description = "Leave out the uniform-background silhouettes.")
    boolean noSilhouettes;

    @Option(names = "--patch-sizes", split = ",", paramLabel = "FRACTION[,FRACTION...]",
            description = "Patch areas as fractions of the image (default: ${bundle:default.patches}).")
    double[] patchSizes;

    @Option(names = "--pairs-per-cell",
            description = "Planted pairs per fLoc neuron and patch size (default: " + Validation.DEFAULT_PAIRS_PER_CELL + "; with --split, the split's).")
    Integer pairsPerCell;

    @Option(names = "--silhouette-pairs-per-cell",
            description = "Planted pairs per silhouette neuron and patch size (default: " + Validation.DEFAULT_SILHOUETTE_PAIRS_PER_CELL + "; with --split, the split's).")
    Integer silhouettePairsPerCell;

    @Option(names = "--seeds", split = ",", paramLabel = "SEED[,SEED...]", description = "Seeds (default: the split's).")
    List<Long> seeds;

    @Option(names = "--weightings", split = ",", paramLabel = "W[,W...]",
            description = "Variants: weightings (paper, both_above, signed, excitatory), crossed with --reference-points and --methods.")
    List<String> weightings;

    @Option(names = "--reference-points", split = ",", paramLabel = "P[,P...]",
            description = "Variants: reference points (none, preferred_mean, stimulus_mean, zscore).")
    List<String> points;

    @Option(names = "--methods", split = ",", paramLabel = "M[,M...]",
            description = "Variants: gradient, integrated_gradients (default: gradient).")
    List<String> methods;

    @Option(names = "--ig-steps", description = "IG steps of IG variants and the IG baseline (default: " + Validation.DEFAULT_IG_STEPS + ").")
    Integer igSteps;

    @Option(names = "--cascade-steps", description = "Randomisation cascade steps, 0 = off (default: " + Validation.DEFAULT_CASCADE_STEPS + ").")
    Integer cascadeSteps;

    @Option(names = "--no-deletion", description = "Skip the deletion curves.")
    boolean noDeletion;

    @Option(names = "--resamples", defaultValue = "" + Validation.DEFAULT_RESAMPLES, description = "Bootstrap resamples (default: ${DEFAULT-VALUE}).")
    int resamples;

    @Mixin
    OutputOptions.Quiet quiet;

    @Override
    public Integer call() throws Exception {
        Path out = output.orDefault(DEFAULT_OUT);
        if (!Files.isDirectory(data)) {
            throw new UserException(data + ": no such folder; --data must be the fLoc folder of ../shared/data");
        }
        if (resamples < 1000) {
            throw new UserException("--resamples must be at least 1000 for stable 95% intervals, got " + resamples);
        }
        Validation.Builder b = Validation.builder(data, out).resamples(resamples).progress(quiet.progress());
        if (split != null) {
            try {
                b.split(Validation.Split.valueOf(split.toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new UserException("--split must be dev or heldout, got '" + split + "'");
            }
        }
        try {
            if (model != null) {
                b.model(model);
            }
            if (encodingLayer != null) {
                b.encodingLayer(encodingLayer);
            }
            if (neuronLayer != null) {
                b.neuronLayer(neuronLayer);
            }
            if (categories != null) {
                b.neuronCategories(categories);
            }
            if (neuronsPerCategory != null) {
                b.neuronsPerCategory(neuronsPerCategory);
            }
            if (perCategory != null) {
                b.perCategory(perCategory);
            }
            if (noSilhouettes) {
                b.silhouettes(false);
            }
            if (patchSizes != null) {
                b.patchFractions(patchSizes);
            }
            if (pairsPerCell != null) {
                b.pairsPerCell(pairsPerCell);
            }
            if (silhouettePairsPerCell != null) {
                b.silhouettePairsPerCell(silhouettePairsPerCell);
            }
            if (seeds != null) {
                b.seeds(seeds);
            }
            if (weightings != null || points != null || methods != null) {
                b.variants(variants()).choose(false);
            }
            if (igSteps != null) {
                b.igSteps(igSteps);
            }
            if (cascadeSteps != null) {
                b.cascadeSteps(cascadeSteps);
            }
            if (noDeletion) {
                b.deletion(false);
            }
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
        Path md = b.build().run(Registry.backbones());
        System.err.println("sharedvis: validation written to " + md.toAbsolutePath());
        return 0;
    }

    private List<PlantedFeatureBenchmark.Variant> variants() {
        List<PlantedFeatureBenchmark.Variant> out = new ArrayList<>();
        for (String w : weightings != null ? weightings : List.of("paper")) {
            for (String p : points != null ? points : List.of("none")) {
                for (String m : methods != null ? methods : List.of("gradient")) {
                    AttributionMethod am = switch (m) {
                        case "gradient" -> AttributionMethod.GRADIENT;
                        case "integrated_gradients" -> AttributionMethod.INTEGRATED_GRADIENTS;
                        default -> throw new IllegalArgumentException("--methods takes gradient or "
                                + "integrated_gradients, got '" + m + "'");
                    };
                    Weighting wt = Weighting.fromConfig(w);
                    if (wt == Weighting.READOUT) {
                        throw new IllegalArgumentException("--weightings readout is the single-image baseline, which "
                                + "every validation reports already; name a shared weighting");
                    }
                    out.add(new PlantedFeatureBenchmark.Variant(wt, ReferencePoint.Kind.fromConfig(p), am));
                }
            }
        }
        return out;
    }
}
