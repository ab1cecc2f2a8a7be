package io.github.sharedvis.cli;

import io.github.sharedvis.pipeline.ConfigLoader;
import io.github.sharedvis.pipeline.Pipeline;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code sharedvis merge}. */
@Command(name = "merge", mixinStandardHelpOptions = true,
        description = {"Put a sharded run together: pairs.csv, the figures, the report and run.json,",
            "the same files a single-process run writes. Reads the config the shards ran from DIR.",
            "Refuses, naming the shards still missing, until every shard is done (exit code 75)."},
        footer = {"", "Examples:", "  sharedvis extract my.toml --out results --shard 1/2   # and 2/2, anywhere",
            "  sharedvis fit my.toml --out results", "  sharedvis explain my.toml --out results --shard 1/2   # and 2/2",
            "  sharedvis merge results", "", "sharedvis plan writes these commands as a SLURM or a local script."})
final class MergeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DIR", description = "The run folder the shards wrote into.")
    Path dir;

    @Mixin
    OutputOptions.Quiet quiet;

    @Override
    public Integer call() throws Exception {
        Path config = Pipeline.shardConfig(dir);
        try (Pipeline p = new Pipeline(ConfigLoader.load(config), config, dir, Registry.backbones(), quiet.progress())) {
            p.merge();
        }
        System.err.println("sharedvis: merged " + dir);
        return 0;
    }
}
