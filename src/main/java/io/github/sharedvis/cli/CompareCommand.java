package io.github.sharedvis.cli;

import io.github.sharedvis.compare.Comparison;
import io.github.sharedvis.compare.LayerSelection;
import io.github.sharedvis.pipeline.ConfigLoader;
import io.github.sharedvis.pipeline.RunConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sharedvis compare}: which layer, which network ({@code docs/compare.md}). */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Fit the run's readout at several nodes of one or more networks",
            "(one forward pass per image batch and network) and compare r within,",
            "r ooc and the maps of the same pairs. Writes DIR/compare/: compare.csv,",
            "compare-summary.csv, agreement.csv, agreement-summary.csv and figures/.",
            "The config's own node is always compared, first."},
        footer = {"", "Examples:", "  sharedvis compare my.toml --out results",
            "  sharedvis compare my.toml --out results --models movenet-thunder,centernet",
            "  sharedvis compare my.toml --out results --layers movenet-thunder:block_6_expand_relu/Relu6,out_relu/Relu6"})
final class CompareCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG.toml", description = "The run configuration.")
    Path config;

    @Mixin
    OutputOptions.Out output;

    @Option(names = "--models", split = ",", paramLabel = "MODEL",
            description = "Networks to compare (bundled names, model.json or .pt files); default: the config's.")
    List<String> models = List.of();

    @Option(names = "--layers", paramLabel = "[MODEL:]NODE[,NODE...]",
            description = "Nodes of MODEL (default: the config's model) to compare; repeat per model. A model "
                + "without --layers gets five nodes spread through it. List nodes: sharedvis backbones --model M --layers")
    List<String> layers = List.of();

    @Option(names = "--pairs", defaultValue = "2", paramLabel = "K",
            description = "Pairs per neuron whose maps are compared across nodes (its strongest ooc images, as the "
                + "explain step picks them); 0 skips the agreement. Cost: 2K backward passes per neuron and node "
                + "(default: ${DEFAULT-VALUE}).")
    int pairs;

    @Mixin
    OutputOptions.Quiet quiet;

    @Override
    public Integer call() throws Exception {
        Path out = output.required();
        if (pairs < 0) {
            throw new UserException("--pairs must be >= 0, got " + pairs);
        }
        RunConfig cfg = ConfigLoader.load(config);
        LayerSelection selection = LayerSelection.parse(cfg.backbone().model(), cfg.backbone().layer(), models, layers);
        Comparison c = new Comparison(cfg, config, out, Registry.backbones(), selection, pairs, quiet.progress());
        c.run();
        System.err.println("sharedvis: wrote " + c.outDir());
        return 0;
    }
}
