package io.github.sharedvis.cli;

import io.github.sharedvis.pipeline.ConfigLoader;
import io.github.sharedvis.pipeline.Pipeline;
import io.github.sharedvis.pipeline.RunConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** Shared options of {@code run}, {@code extract}, {@code fit}, {@code explain} and {@code report}. */
abstract class StepCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG.toml", description = "The run configuration (sharedvis init writes one).")
    Path config;

    @Mixin
    OutputOptions.Out output;

    @Mixin
    OutputOptions.Quiet quiet;

    @Override
    public Integer call() throws Exception {
        Path out = output.required();
        RunConfig cfg = ConfigLoader.load(config);
        try (Pipeline p = new Pipeline(cfg, config, out, Registry.backbones(), quiet.progress())) {
            step(p);
        }
        System.err.println("sharedvis: wrote " + out);
        return 0;
    }

    abstract void step(Pipeline p) throws Exception;
}
