package io.github.sharedvis.cli;

import io.github.sharedvis.pipeline.Pipeline;
import picocli.CommandLine.Command;

/** {@code sharedvis run}. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run the whole pipeline: extract, fit, explain, report.", "Earlier steps run first when their outputs are missing or stale;",
            "finished steps whose inputs and settings did not change are skipped."},
        footer = {"", "Examples:", "  sharedvis init my.toml", "  sharedvis run my.toml --out results"})
final class RunCommand extends StepCommand {
    @Override
    void step(Pipeline p) throws Exception {
        p.run();
    }
}
