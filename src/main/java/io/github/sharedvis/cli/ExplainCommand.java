package io.github.sharedvis.cli;

import io.github.sharedvis.pipeline.Pipeline;
import picocli.CommandLine.Command;

/** {@code sharedvis explain}. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Pair each neuron's top ooc images with references and compute the maps.", "Earlier steps run first when their outputs are missing or stale;",
            "finished steps whose inputs and settings did not change are skipped."},
        footer = {"", "Examples:", "  sharedvis init my.toml", "  sharedvis explain my.toml --out results"})
final class ExplainCommand extends StepCommand {
    @Override
    void step(Pipeline p) throws Exception {
        p.explain();
    }
}
