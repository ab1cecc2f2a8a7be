package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.cli.CliTestSupport;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.synthetic.SilhouetteStimuli;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ids that reduce to one file name ({@code n @}/{@code n!!}), differ only in case ({@code n01}/{@code N01})
 * or name a Windows device ({@code CON}) each get their own files, named as docs/outputs.md says
 * (issue 11, defect 2); nothing is lost from pairs.csv.
 */
class CollidingIdsTest {

    static final List<String> NEURONS = List.of("n @", "n!!", "n01", "N01", "CON");
    static final List<String> SPECIAL = List.of("s @", "s!!", "o1", "O1", "CON");

    @TempDir
    Path tmp;

    /** The documented name of an id that is not used as is: safe characters, '-', 8 hex of SHA-256. */
    static String hashed(String stem, String id) throws Exception {
        byte[] d = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        return stem + "-" + HexFormat.of().formatHex(d).substring(0, 8);
    }

    @Test
    void everyIdGetsItsOwnFilesAndPairsKeepEveryNeuron() throws Exception {
        new SilhouetteStimuli(64, 5).write(tmp.resolve("stimuli"), 4);
        StimulusSet plain = StimulusSet.open(tmp.resolve("stimuli"));
        StringBuilder manifest = new StringBuilder("image,category,stimulus_id\n");
        int special = 0;
        Set<String> used = new HashSet<>();
        Map<String, Boolean> isSpecial = new HashMap<>();
        List<String> ids = new java.util.ArrayList<>();
        for (var s : plain.stimuli()) {
            String id = s.id();
            // the first image of each of five object categories gets a colliding id
            if (!s.category().equals("body") && special < SPECIAL.size() && used.add(s.category())) {
                id = SPECIAL.get(special++);
                isSpecial.put(id, true);
            }
            ids.add(id);
            manifest.append(tmp.relativize(s.image())).append(',').append(s.category()).append(",\"")
                    .append(id.replace("\"", "\"\"")).append("\"\n");
        }
        assertEquals(SPECIAL.size(), special);
        Files.writeString(tmp.resolve("manifest.csv"), manifest.toString());
        // the special ooc images drive every neuron most, so they are the explained ones
        Random rnd = new Random(11);
        StringBuilder resp = new StringBuilder("stimulus_id,neuron,repeat,response\n");
        for (String id : ids) {
            for (String n : NEURONS) {
                for (int r = 0; r < 2; r++) {
                    double v = isSpecial.containsKey(id) ? 100 + SPECIAL.indexOf(id) : rnd.nextInt(20);
                    resp.append('"').append(id.replace("\"", "\"\"")).append("\",\"").append(n).append("\",")
                            .append(r).append(',').append(v + rnd.nextDouble()).append('\n');
                }
            }
        }
        Files.writeString(tmp.resolve("responses.csv"), resp.toString());
        Path cfg = tmp.resolve("run.toml");
        Files.writeString(cfg, """
                [data]
                stimuli = "manifest.csv"
                responses = "responses.csv"
                preferred = "body"
                [backbone]
                model = "%s"
                layer = "conv2"
                pooling = "average"
                input_size = [32, 32]
                stretch = true
                [readout]
                alphas = [1, 100]
                folds = 2
                [explain]
                top_k = 5
                top_m = 2
                """.formatted(PipelineEndToEndTest.MODEL.toString().replace("\\", "/")));
        Path out = tmp.resolve("out");
        CliTestSupport.Result r = CliTestSupport.run("run", cfg.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());

        List<CSVRecord> pairs = PipelineEndToEndTest.csv(out.resolve("pairs.csv"));
        assertEquals(NEURONS.size() * 5, pairs.size());
        Set<String> maps = new HashSet<>();
        Map<String, String> imageOf = new HashMap<>();
        for (String n : NEURONS) {
            List<CSVRecord> mine = pairs.stream().filter(p -> p.get("neuron").equals(n)).toList();
            assertEquals(5, mine.size(), "every pair of neuron '" + n + "' is kept");
            assertEquals(Set.copyOf(SPECIAL), Set.copyOf(mine.stream().map(p -> p.get("ooc_id")).toList()), n);
            for (CSVRecord p : mine) {
                assertTrue(maps.add(p.get("map_ooc")) && maps.add(p.get("map_reference")), "maps are not shared");
                String before = imageOf.putIfAbsent(p.get("ooc_id"), p.get("ooc_image"));
                assertTrue(before == null || before.equals(p.get("ooc_image")));
            }
        }
        assertEquals(SPECIAL.size(), Set.copyOf(imageOf.values()).size(), "one image file per stimulus id");
        assertFalse(java.util.Arrays.equals(Files.readAllBytes(out.resolve(imageOf.get("s @"))),
                Files.readAllBytes(out.resolve(imageOf.get("s!!")))), "s @ and s!! keep their own pictures");
        // names as documented
        assertEquals("images/" + hashed("s__", "s @") + ".png", imageOf.get("s @"));
        assertEquals("images/" + hashed("s__", "s!!") + ".png", imageOf.get("s!!"));
        assertEquals("images/" + hashed("o1", "o1") + ".png", imageOf.get("o1"));
        assertEquals("images/" + hashed("CON", "CON") + ".png", imageOf.get("CON"));
        String n01 = pairs.stream().filter(p -> p.get("neuron").equals("n01")).findFirst().orElseThrow().get("map_ooc");
        assertTrue(n01.startsWith("maps/" + hashed("n01", "n01") + "/"), n01);
        // no two files of the run share a name ignoring case
        Set<String> lower = new HashSet<>();
        for (String f : RunTrees.files(out)) {
            assertTrue(lower.add(f.toLowerCase(Locale.ROOT)), "two files named like " + f);
        }
        assertEquals(NEURONS.size(), RunTrees.files(out).stream().filter(f -> f.startsWith("report/neurons/")).count());
        assertEquals(NEURONS.size() * 2, RunTrees.files(out).stream().filter(f -> f.startsWith("figures/neurons/")).count());
    }
}
