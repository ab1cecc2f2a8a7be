package io.github.sharedvis.pipeline;

import ai.djl.engine.Engine;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.Fingerprints;
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
        Backbone bb = ctx.backbone();
        Map<String, String> versions = new LinkedHashMap<>();
        versions.put("sharedvis", Versions.sharedvis());
        versions.put("java", System.getProperty("java.version"));
        versions.put("djl", Engine.getDjlVersion());
        versions.put("pytorch", Engines.pytorch().getVersion());
        Map<String, String> hashes = new LinkedHashMap<>();
        hashes.put("stimuli", in.stimuliDigest());
        hashes.put("responses", in.responsesDigest());
        hashes.put("backbone", bb.fingerprint());
        if (ctx.configFile != null && Files.isRegularFile(ctx.configFile)) {
            hashes.put("config", Fingerprints.fileDigest(ctx.configFile));
        }
        return new RunJson(Versions.sharedvis(), ConfigWalks.toMap(ctx.config),
                ctx.configFile == null ? null : ctx.configFile.toAbsolutePath().toString(), ctx.config.data().preferred(),
                versions, hashes, new RunJson.BackboneInfo(bb.name(), bb.layer(),
                        List.of(bb.preprocessing().height(), bb.preprocessing().width())),
                in.responses().neuronIds(), in.set().size(), List.copyOf(ctx.warnings), new LinkedHashMap<>(ctx.timings));
    }
}
