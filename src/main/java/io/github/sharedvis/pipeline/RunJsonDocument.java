package io.github.sharedvis.pipeline;

import ai.djl.engine.Engine;
import io.github.sharedvis.backbone.BackboneIdentity;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.run.RunJson;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds a run's {@link RunJson} from what its steps used. */
final class RunJsonDocument {
    private RunJsonDocument() {}

    /**
     * @param ctx the run
     * @return its document, with the timings recorded so far
     * @throws IOException when an input digest cannot be computed
     */
    static RunJson of(RunContext ctx) throws IOException {
        RunInputs in = ctx.inputs();
        BackboneIdentity bb = ctx.backboneIdentity(); // the engine only if the model must be opened to know it
        Map<String, String> hashes = new LinkedHashMap<>();
        hashes.put("stimuli", in.stimuliDigest());
        hashes.put("responses", in.responsesDigest());
        hashes.put("backbone", bb.fingerprint());
        return new RunJson(Versions.sharedvis(), ConfigWalks.toMap(ctx.config), configFile(ctx), ctx.config.data().preferred(),
                versions(), withConfigDigest(ctx, hashes), new RunJson.BackboneInfo(bb.name(), bb.layer(),
                        List.of(bb.preprocessing().height(), bb.preprocessing().width())),
                in.responses().neuronIds(), in.set().size(), List.copyOf(ctx.warnings), new LinkedHashMap<>(ctx.timings));
    }

    /**
     * The document of a run whose every step was up to date, from the one its last computing run wrote:
     * each step's stamp covers what that document records about the config, the inputs, the backbone,
     * the neurons and the warnings, so only what no stamp covers is new (the versions running now, the
     * config file's path and bytes, the timings). Costs no engine, no model and no parsing of the
     * responses, which is what makes a skipped re-run cheap.
     *
     * @param ctx the run
     * @param previous the run.json the last computing run wrote
     * @return the document
     * @throws IOException when the config file cannot be read
     */
    static RunJson refreshed(RunContext ctx, RunJson previous) throws IOException {
        Map<String, String> hashes = new LinkedHashMap<>(previous.inputHashes());
        hashes.remove("config");
        return new RunJson(Versions.sharedvis(), previous.config(), configFile(ctx), previous.preferredCategory(),
                versions(), withConfigDigest(ctx, hashes), previous.backbone(), previous.neurons(), previous.nStimuli(),
                previous.warnings(), new LinkedHashMap<>(ctx.timings));
    }

    /**
     * @param ctx the run
     * @param reportStamp the report step's stamp
     * @return a stamp of the report stamp and what only run.json records (the versions running now, the
     *     config file's path and digest): equal stamps mean run.json would be written the same but for
     *     its timings
     * @throws IOException when the config file cannot be read
     */
    static String provenance(RunContext ctx, String reportStamp) throws IOException {
        return StepState.stamp(reportStamp, versions().toString(), String.valueOf(configFile(ctx)),
                withConfigDigest(ctx, new LinkedHashMap<>()).toString());
    }

    /**
     * @param ctx the run
     * @return the run.json in the run folder, or null when there is none or it cannot be read (then
     *     the document is built anew)
     */
    static RunJson previous(RunContext ctx) {
        try {
            return Files.isRegularFile(ctx.out.runJson()) ? RunJson.read(ctx.out.runJson()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static String configFile(RunContext ctx) {
        return ctx.configFile == null ? null : ctx.configFile.toAbsolutePath().toString();
    }

    private static Map<String, String> versions() {
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("sharedvis", Versions.sharedvis());
        versions.put("java", System.getProperty("java.version"));
        versions.put("djl", Engine.getDjlVersion());
        versions.put("pytorch", Engines.pytorchVersion());
        return versions;
    }

    private static Map<String, String> withConfigDigest(RunContext ctx, Map<String, String> hashes) throws IOException {
        if (ctx.configFile != null && Files.isRegularFile(ctx.configFile)) {
            hashes.put("config", ctx.digests.digest(ctx.configFile));
        }
        return hashes;
    }
}
