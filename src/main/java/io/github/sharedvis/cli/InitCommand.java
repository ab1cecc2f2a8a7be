package io.github.sharedvis.cli;

import io.github.sharedvis.pipeline.ConfigLoader;
import io.github.sharedvis.util.AtomicFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code sharedvis init}: writes a commented example configuration. */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = "Write a commented example configuration listing every key with its default.",
        footer = {"", "Examples:", "  sharedvis init my.toml", "  sharedvis run my.toml --out results"})
final class InitCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "CONFIG.toml", defaultValue = "sharedvis.toml")
    Path file;

    @Option(names = "--force", description = "Overwrite an existing file.")
    boolean force;

    @Override
    public Integer call() throws Exception {
        if (Files.exists(file) && !force) {
            throw new UserException(file + " exists; pass --force to overwrite it");
        }
        AtomicFiles.writeString(file, ConfigLoader.exampleToml());
        System.err.println("sharedvis: wrote " + file + "; edit [data] and run: sharedvis run " + file + " --out results");
        return 0;
    }
}
