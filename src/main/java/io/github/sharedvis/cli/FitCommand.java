package io.github.sharedvis.cli;

import io.github.sharedvis.pipeline.Pipeline;
import picocli.CommandLine.Command;

/** {@code sharedvis fit}. */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = {"Fit the per-neuron ridge readouts on the preferred images; write summary.csv.", "Earlier steps run first when their outputs are missing or stale;",
            "finished steps whose inputs and settings did not change are skipped."},
        footer = {"", "Examples:", "  sharedvis init my.toml", "  sharedvis fit my.toml --out results"})
final class FitCommand extends StepCommand {
    @Override
    void step(Pipeline p) throws Exception {
        p.fit();
    }
}
