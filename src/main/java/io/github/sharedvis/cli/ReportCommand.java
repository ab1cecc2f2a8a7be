package io.github.sharedvis.cli;

import io.github.sharedvis.pipeline.Pipeline;
import picocli.CommandLine.Command;

/** {@code sharedvis report}. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Write the figures and the HTML report.", "Earlier steps run first when their outputs are missing or stale;",
            "finished steps whose inputs and settings did not change are skipped."},
        footer = {"", "Examples:", "  sharedvis init my.toml", "  sharedvis report my.toml --out results"})
final class ReportCommand extends StepCommand {
    @Override
    void step(Pipeline p) throws Exception {
        p.report();
    }
}
