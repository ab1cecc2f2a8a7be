package io.github.sharedvis.cli;

import io.github.sharedvis.pipeline.Pipeline;
import picocli.CommandLine.Command;

/** {@code sharedvis extract}. */
@Command(name = "extract", mixinStandardHelpOptions = true,
        description = {"Extract backbone features of every stimulus (cached).", "Earlier steps run first when their outputs are missing or stale;",
            "finished steps whose inputs and settings did not change are skipped."},
        footer = {"", "Examples:", "  sharedvis init my.toml", "  sharedvis extract my.toml --out results"})
final class ExtractCommand extends StepCommand {
    @Override
    void step(Pipeline p) throws Exception {
        p.extract();
    }
}
