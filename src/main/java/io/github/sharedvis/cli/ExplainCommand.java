package io.github.sharedvis.cli;

import io.github.sharedvis.pipeline.Pipeline;
import picocli.CommandLine.Command;

/** {@code sharedvis explain}. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Pair each neuron's top ooc images with references and compute the maps.", "Earlier steps run first when their outputs are missing or stale;",
            "finished steps whose inputs and settings did not change are skipped.",
            "What counts as shared is set in [explain]: weighting (paper, both_above, signed, excitatory, or",
            "readout = the single-image gradient of the prediction, the baseline) and reference_point (none =",
            "the paper's literal reading, preferred_mean, stimulus_mean, zscore); sharedvis init lists defaults."},
        footer = {"", "Examples:", "  sharedvis init my.toml", "  sharedvis explain my.toml --out results",
            "  # the single-image baseline beside it, into another folder:",
            "  sed 's/^weighting = .*/weighting = \"readout\"/' my.toml > base.toml && sharedvis explain base.toml --out base"})
final class ExplainCommand extends StepCommand {
    @Override
    void step(Pipeline p) throws Exception {
        p.explain();
    }
}
