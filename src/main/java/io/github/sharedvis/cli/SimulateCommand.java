package io.github.sharedvis.cli;

import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.synthetic.Simulation;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sharedvis simulate}: a recording of synthetic category-selective neurons. */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = {"Simulate a recording of category-selective model neurons (readouts of a network's",
            "features fitted to prefer one category, Poisson spike counts over repeats). Writes",
            "manifest.csv, responses.csv and neurons.json (ground truth) that `sharedvis run` accepts.",
            "Use a different network or layer than the encoding model, so the readout is not exact."},
        footer = {"", "Examples:",
            "  sharedvis simulate --stimuli ../shared/data/floc --preferred body --out sim",
            "  sharedvis simulate --stimuli ../shared/data/floc --preferred body,adult,car,instrument,house,word --neurons 1 --out sim",
            "  sharedvis simulate --stimuli stims/ --preferred face --model my.pt --layer layer3 --neurons 10 --out sim"})
final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--stimuli", required = true, paramLabel = "DIR|CSV", description = "Stimulus folder or manifest.")
    Path stimuli;

    @Option(names = "--preferred", required = true, split = ",", paramLabel = "CATEGORY[,CATEGORY...]",
            description = "The neurons' preferred category; several, comma-separated, build --neurons neurons "
                    + "per category into one response file (ids <category>-1, <category>-2, ...).")
    java.util.List<String> preferred;

    @Mixin
    OutputOptions.Out output;

    @Option(names = "--model", defaultValue = DemoCommand.MODEL, description = "Backbone the neurons read (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--layer", defaultValue = DemoCommand.NEURON_LAYER, description = "Its node (default: ${DEFAULT-VALUE}).")
    String layer;

    @Option(names = "--pooling", defaultValue = "average", description = "none | average (default: ${DEFAULT-VALUE}).")
    String pooling;

    @Option(names = "--neurons", defaultValue = "6", description = "Model neurons per preferred category (default: ${DEFAULT-VALUE}).")
    int neurons;

    @Option(names = "--repeats", defaultValue = "10", description = "Repeats per image (default: ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--max-rate", defaultValue = "20", description = "95th-percentile spike count (default: ${DEFAULT-VALUE}).")
    double maxRate;

    @Option(names = "--feature-fraction", defaultValue = "0.3", description = "Features each neuron reads (default: ${DEFAULT-VALUE}).")
    double featureFraction;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Override
    public Integer call() throws Exception {
        Path out = output.required();
        if (!pooling.equals("none") && !pooling.equals("average")) {
            throw new UserException("--pooling must be none or average, got '" + pooling + "'");
        }
        StimulusSet set = StimulusSet.open(stimuli);
        try (Backbone bb = Registry.backbones().open(new BackboneSpec(model, layer,
                pooling.equals("average") ? Pooling.AVERAGE : Pooling.NONE, null, "cpu"))) {
            Simulation.Result r = new Simulation(neurons, repeats, maxRate, featureFraction, seed)
                    .run(set, preferred, bb, out, System.err);
            System.err.println("sharedvis: wrote " + r.manifest() + ", " + r.responses() + ", " + r.truth());
            System.err.println("sharedvis: its manifest names the images by ../ paths: give [data] outside_paths = true");
        }
        return 0;
    }
}
