package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneProvider;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.TorchScriptProvider;
import io.github.sharedvis.util.FileDigests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A re-run whose every step is up to date opens no backbone (the stamps take the provider's
 * fingerprint, computed from the model file) and writes the run.json a computing run writes, with
 * only its timings new; a run.json not written for the current stamps is rebuilt, never reused.
 */
class SkippedRerunTest {

    @TempDir
    Path tmp;

    /** TorchScript, counting how often a backbone is opened. */
    static final class CountingProvider implements BackboneProvider {
        final TorchScriptProvider inner = new TorchScriptProvider();
        final AtomicInteger opened = new AtomicInteger();

        @Override
        public String kind() {
            return "counting";
        }

        @Override
        public boolean accepts(String model) {
            return inner.accepts(model);
        }

        @Override
        public Backbone open(BackboneSpec spec) throws IOException {
            opened.incrementAndGet();
            return inner.open(spec);
        }

        @Override
        public String fingerprint(BackboneSpec spec, FileDigests digests) throws IOException {
            return inner.fingerprint(spec, digests);
        }

        @Override
        public io.github.sharedvis.backbone.BackboneIdentity identity(BackboneSpec spec, FileDigests digests)
                throws IOException {
            return inner.identity(spec, digests);
        }

        @Override
        public List<String> available() {
            return inner.available();
        }
    }

    private static void run(Path cfg, Path out, Backbones registry) throws IOException {
        try (Pipeline p = new Pipeline(ConfigLoader.load(cfg), cfg, out, registry, null)) {
            p.run();
        }
    }

    private static JsonNode withoutTimings(Path runJson) throws IOException {
        ObjectNode n = (ObjectNode) new ObjectMapper().readTree(runJson.toFile());
        n.remove("timings");
        return n;
    }

    @Test
    void anUpToDateRerunOpensNoBackboneAndWritesTheSameRunJson() throws Exception {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 6, 3, "");
        Path out = tmp.resolve("out");
        CountingProvider counting = new CountingProvider();
        Backbones registry = Backbones.withDefaults().with(counting);
        run(cfg, out, registry);
        assertTrue(counting.opened.get() > 0, "the first run computes with the backbone");
        JsonNode first = withoutTimings(out.resolve("run.json"));
        String firstText = Files.readString(out.resolve("run.json"));

        counting.opened.set(0);
        run(cfg, out, registry);
        assertEquals(0, counting.opened.get(), "an up-to-date re-run opens no backbone");
        assertEquals(firstText, Files.readString(out.resolve("run.json")),
                "nothing run.json records changed: it is left as the computing run wrote it");

        // the same config from another path: run.json records that path, so it is refreshed
        Path moved = Files.copy(cfg, cfg.resolveSibling("moved.toml"));
        run(moved, out, registry);
        assertEquals(0, counting.opened.get(), "still no backbone");
        ObjectNode refreshed = (ObjectNode) withoutTimings(out.resolve("run.json"));
        assertEquals(moved.toAbsolutePath().toString(), refreshed.get("config_file").asText());
        refreshed.set("config_file", first.get("config_file"));
        assertEquals(first, refreshed, "the same run.json but for its config file and timings");
        JsonNode timings = new ObjectMapper().readTree(out.resolve("run.json").toFile()).get("timings");
        for (String step : List.of("extract", "fit", "explain", "report")) {
            assertTrue(timings.get(step).get("skipped").asBoolean(), step + " skipped: " + timings);
        }
        // the reused document's text has the layout a built one has
        assertEquals(firstText.replaceAll("(?s)\"config_file\"[^\n]*\n", "").replaceAll("(?s)\"timings\".*", ""),
                Files.readString(out.resolve("run.json")).replaceAll("(?s)\"config_file\"[^\n]*\n", "")
                        .replaceAll("(?s)\"timings\".*", ""));
        String refreshedText = Files.readString(out.resolve("run.json"));
        run(moved, out, registry);
        assertEquals(refreshedText, Files.readString(out.resolve("run.json")), "and then left as it is");
    }

    @Test
    void aDisplayChangeRedrawsTheReportWithoutOpeningTheBackbone() throws Exception {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 6, 3, "");
        Path out = tmp.resolve("out");
        CountingProvider counting = new CountingProvider();
        Backbones registry = Backbones.withDefaults().with(counting);
        run(cfg, out, registry);
        Path clean = tmp.resolve("clean");
        Files.writeString(cfg, Files.readString(cfg).replace("[display]\n", "[display]\noverlay_alpha = 0.5\n"));
        counting.opened.set(0);
        run(cfg, out, registry);
        assertEquals(0, counting.opened.get(), "only the report is redone, and it needs no network");
        run(cfg, clean, Backbones.withDefaults());
        RunTrees.assertSameFiles(clean, out);
    }

    @Test
    void aRunJsonNotWrittenForTheCurrentStampsIsRebuilt() throws Exception {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 6, 3, "");
        Path out = tmp.resolve("out");
        run(cfg, out, Backbones.withDefaults());
        JsonNode built = withoutTimings(out.resolve("run.json"));
        // as if a run had been killed after its report but before its run.json: an older document
        ObjectNode stale = (ObjectNode) new ObjectMapper().readTree(out.resolve("run.json").toFile());
        stale.put("n_stimuli", 1);
        Files.writeString(out.resolve("run.json"), stale.toString());
        Files.delete(out.resolve(".state/run-json.stamp"));
        run(cfg, out, Backbones.withDefaults());
        assertEquals(built, withoutTimings(out.resolve("run.json")), "rebuilt, not reused");
    }

    @Test
    void aSameSizeRewriteWithItsMtimeRestoredIsRedoneThoughTheDigestMemoTrustsTheFile() throws Exception {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 6, 3, "");
        Path out = tmp.resolve("out");
        run(cfg, out, Backbones.withDefaults());
        Thread.sleep(FileDigests.RACY_MARGIN.toMillis() + 500);
        run(cfg, out, Backbones.withDefaults()); // re-records every digest, past the racily-clean margin: trusted
        assertTrue(Files.readString(out.resolve(".state/file-digests.tsv")).contains("responses.csv"));

        Path responses = tmp.resolve("rec/responses.csv");
        String text = Files.readString(responses);
        int at = text.length() - 1; // a digit of the last response value
        while (!Character.isDigit(text.charAt(at))) {
            at--;
        }
        char d = text.charAt(at);
        String changed = text.substring(0, at) + (d == '9' ? '8' : (char) (d + 1)) + text.substring(at + 1);
        java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(responses);
        Files.writeString(responses, changed); // the same size, the same inode
        Files.setLastModifiedTime(responses, mtime);
        String before = Files.readString(out.resolve("run.json"));
        run(cfg, out, Backbones.withDefaults());
        assertNotEquals(before, Files.readString(out.resolve("run.json")), "a step ran, so run.json is new");
        JsonNode timings = new ObjectMapper().readTree(out.resolve("run.json").toFile()).get("timings");
        assertTrue(timings.get("extract").get("skipped").asBoolean(), timings.toString());
        assertEquals(false, timings.get("fit").get("skipped").asBoolean(), "the responses' change is seen: " + timings);
    }

    @Test
    void theTorchScriptProvidersFingerprintIsTheOpenedBackbones() throws Exception {
        TorchScriptProvider p = new TorchScriptProvider();
        for (String layer : new String[] {null, "conv1", "conv2"}) {
            for (io.github.sharedvis.backbone.Pooling pool : io.github.sharedvis.backbone.Pooling.values()) {
                BackboneSpec spec = new BackboneSpec(PipelineEndToEndTest.MODEL.toString(), layer, pool, null, "cpu");
                try (Backbone b = p.open(spec)) {
                    assertEquals(b.fingerprint(), p.fingerprint(spec, FileDigests.none()), layer + " " + pool);
                }
            }
        }
    }

    @Test
    void thePytorchVersionWithoutTheEngineIsTheEngines() {
        assertEquals(Engines.pytorch().getVersion(), Engines.pytorchVersion());
    }
}
