package io.github.sharedvis.pipeline;

import io.github.sharedvis.run.ReferenceCandidate;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.sharedvis.cli.CliTestSupport;
import io.github.sharedvis.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, defects 5, 9 (full disk) and 10: a relative model path, --out inside the stimulus folder,
 * constant neurons, all-NaN stimuli, ambiguous reference candidates, JSON key order.
 */
class SmallerDefectsTest {

    @TempDir
    Path tmp;

    private static CliTestSupport.Result run(Path cfg, Path out) {
        return CliTestSupport.run("run", cfg.toString(), "--out", out.toString(), "--quiet");
    }

    @Test
    void aRelativeModelPathResolvesAgainstTheConfigsFolder() throws Exception {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 6, 2, "");
        Files.createDirectories(tmp.resolve("nets"));
        Files.copy(PipelineEndToEndTest.MODEL, tmp.resolve("nets/tiny.pt"));
        String abs = PipelineEndToEndTest.MODEL.toString().replace("\\", "/");
        Files.writeString(cfg, Files.readString(cfg).replace("model = \"" + abs + "\"", "model = \"nets/tiny.pt\""));
        // the working directory is the project, where nets/tiny.pt does not exist
        assertFalse(Files.exists(Path.of("nets/tiny.pt")));
        RunConfig c = ConfigLoader.load(cfg);
        assertEquals(tmp.resolve("nets/tiny.pt").toAbsolutePath().normalize().toString(), c.backbone().model());
        CliTestSupport.Result r = run(cfg, tmp.resolve("out"));
        assertEquals(0, r.code(), r.err());
        // names that are not files stay names
        for (String name : List.of("movenet-thunder", "zoo:resnet50")) {
            RunConfig n = ConfigLoader.parse("[backbone]\nmodel = \"" + name + "\"\n", tmp, "x.toml");
            assertEquals(name, n.backbone().model());
        }
    }

    @Test
    void anOutputFolderInsideTheStimulusFolderIsRefused() throws Exception {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 6, 2, "");
        Files.writeString(cfg, Files.readString(cfg).replace("stimuli = \"rec/manifest.csv\"", "stimuli = \"stimuli\""));
        Path inside = tmp.resolve("stimuli/results");
        CliTestSupport.Result r = run(cfg, inside);
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains("--out " + inside + " lies inside the stimulus folder " + tmp.resolve("stimuli")),
                r.err());
        assertFalse(Files.exists(inside), "nothing is written there");
    }

    /** Rewrites the long responses CSV of {@link PipelineEndToEndTest#prepare}. */
    private static String rewrite(Path responses, java.util.function.Function<CSVRecord, String> value)
            throws IOException {
        StringBuilder sb = new StringBuilder("stimulus_id,neuron,repeat,response\n");
        String first = null;
        for (CSVRecord r : PipelineEndToEndTest.csv(responses)) {
            first = first == null ? r.get("neuron") : first;
            sb.append(r.get("stimulus_id")).append(',').append(r.get("neuron")).append(',').append(r.get("repeat"))
                    .append(',').append(value.apply(r)).append('\n');
        }
        Files.writeString(responses, sb.toString());
        return first;
    }

    @Test
    void aConstantNeuronIsWarnedAboutAndJsonKeysKeepTheirOrder() throws Exception {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 6, 3, "");
        Path responses = tmp.resolve("rec/responses.csv");
        String neuron = PipelineEndToEndTest.csv(responses).get(0).get("neuron");
        rewrite(responses, r -> r.get("neuron").equals(neuron) && r.get("stimulus_id").startsWith("body") ? "4"
                : r.get("response"));
        Path out = tmp.resolve("out");
        CliTestSupport.Result r = run(cfg, out);
        assertEquals(0, r.code(), r.err());
        JsonNode json = new ObjectMapper().readTree(out.resolve("run.json").toFile());
        String warnings = json.get("warnings").toString();
        assertTrue(warnings.contains("neuron '" + neuron + "' responds identically (4) to every body (preferred) image, "
                + "so its r_within_cv is NaN"), warnings);
        CSVRecord row = PipelineEndToEndTest.csv(out.resolve("summary.csv")).stream()
                .filter(s -> s.get("neuron").equals(neuron)).findFirst().orElseThrow();
        assertEquals("NaN", row.get("r_within_cv"));
        List<String> keys = new ArrayList<>();
        json.get("backbone").fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("name", "layer", "input"), keys, "insertion order, not Map.of's salted order");
        keys.clear();
        json.get("timings").get("extract").fieldNames().forEachRemaining(keys::add);
        assertEquals(List.of("seconds", "skipped"), keys);
    }

    @Test
    void aStimulusWithoutAnyTrialForANeuronStopsTheRunNamingBoth() throws Exception {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 6, 3, "");
        Path responses = tmp.resolve("rec/responses.csv");
        CSVRecord victim = PipelineEndToEndTest.csv(responses).get(0);
        rewrite(responses, r -> r.get("neuron").equals(victim.get("neuron"))
                && r.get("stimulus_id").equals(victim.get("stimulus_id")) ? "NaN" : r.get("response"));
        CliTestSupport.Result r = run(cfg, tmp.resolve("out"));
        assertEquals(2, r.code(), r.err());
        assertTrue(r.err().contains(responses + ": 1 stimulus/neuron pair has no valid trial (all NaN): '"
                + victim.get("stimulus_id") + "' for neuron '" + victim.get("neuron") + "'"), r.err());
        assertTrue(r.err().contains("[data] neurons"), r.err());
    }

    @Test
    void referenceCandidateIdsAreEscapedSoTheListSplitsBack() {
        List<String> ids = List.of("plain", "a;b", "c:d", "e\\f", "\\;:", "g\\;h");
        String list = ReferenceCandidate.encode(ids.stream().map(id -> new ReferenceCandidate(id, 0.5)).toList());
        // an independent reader: split at unescaped ';', the similarity after the last unescaped ':'
        List<String> back = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        String s = list;
        List<String> entries = new ArrayList<>();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\') {
                cur.append(c).append(s.charAt(++i));
            } else if (c == ';') {
                entries.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        entries.add(cur.toString());
        for (String e : entries) {
            String id = e.substring(0, e.lastIndexOf(':'));
            assertEquals("0.5", e.substring(e.lastIndexOf(':') + 1));
            back.add(id.replaceAll("\\\\(.)", "$1"));
        }
        assertEquals(ids, back);
        assertEquals(ids, ReferenceCandidate.decode(list).stream().map(ReferenceCandidate::id).toList());
    }

    @Test
    void aFailedWriteNamesTheFileAndLeavesItUnchanged() throws Exception {
        Path target = tmp.resolve("d/summary.csv");
        AtomicFiles.writeString(target, "old\n");
        IOException e = assertThrows(IOException.class, () -> AtomicFiles.write(target, o -> {
            o.write(new byte[100]);
            throw new IOException("No space left on device");
        }));
        assertTrue(e.getMessage().startsWith(target + ": cannot write (No space left on device)"), e.getMessage());
        assertTrue(e.getMessage().contains("free space"), e.getMessage());
        assertArrayEquals("old\n".getBytes(), Files.readAllBytes(target));
        try (Stream<Path> s = Files.list(target.getParent())) {
            assertEquals(1, s.count(), "no temporary file is left");
        }
    }
}
