package io.github.sharedvis.cli;

import io.github.sharedvis.pipeline.Pipeline;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sharedvis explain}. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Pair each neuron's top ooc images with references and compute the maps.", "Earlier steps run first when their outputs are missing or stale;",
            "finished steps whose inputs and settings did not change are skipped.",
            "What counts as shared is set in [explain]: weighting (paper, both_above, signed, excitatory, or",
            "readout = the single-image gradient of the prediction, the baseline) and reference_point (none =",
            "the paper's literal reading, preferred_mean, stimulus_mean, zscore); sharedvis init lists defaults."},
        footer = {"", "Examples:", "  sharedvis init my.toml", "  sharedvis explain my.toml --out results",
            "  # the single-image baseline beside it, into another folder:",
            "  sed 's/^weighting = .*/weighting = \"readout\"/' my.toml > base.toml && sharedvis explain base.toml --out base",
            "  sharedvis explain my.toml --out results --shard auto  # in a SLURM job array"})
final class ExplainCommand extends StepCommand {
    @Mixin
    OutputOptions.ShardOption shard;

    @Override
    void step(Pipeline p) throws Exception {
        if (shard.get() != null) {
            p.explain(shard.get());
        } else {
            p.explain();
        }
    }
}
