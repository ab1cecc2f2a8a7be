package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.backbone.ImageDecoder;
import io.github.sharedvis.cli.CliTestSupport;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A re-run into a run directory after its inputs or settings changed ends with exactly the files of a
 * clean run on the new inputs (issue 11, defect 1): a replaced picture, a new input size, fewer pairs.
 */
class RerunAfterChangeTest {

    @TempDir
    Path tmp;

    private static void run(Path cfg, Path out) {
        CliTestSupport.Result r = CliTestSupport.run("run", cfg.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());
    }

    @Test
    void aReplacedPictureUnderTheSameNameReplacesItsImageEverywhere() throws Exception {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 6, 3, "");
        Path out = tmp.resolve("out");
        run(cfg, out);
        // the strongest ooc image of the first neuron: it is in images/ and in the report
        CSVRecord pair = PipelineEndToEndTest.csv(out.resolve("pairs.csv")).get(0);
        String id = pair.get("ooc_id");
        Path modelImage = out.resolve(pair.get("ooc_image"));
        byte[] before = Files.readAllBytes(modelImage);
        Path source = Files.walk(tmp.resolve("stimuli")).filter(p -> p.getFileName().toString().startsWith(id + "."))
                .findFirst().orElseThrow();
        BufferedImage old = ImageDecoder.read(source);
        BufferedImage flipped = new BufferedImage(old.getWidth(), old.getHeight(), BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < old.getHeight(); y++) {
            for (int x = 0; x < old.getWidth(); x++) {
                flipped.setRGB(x, y, ~old.getRGB(old.getWidth() - 1 - x, y) & 0xffffff);
            }
        }
        ImageIO.write(flipped, "png", source.toFile());

        run(cfg, out);
        Path clean = tmp.resolve("clean");
        run(cfg, clean);
        assertFalse(Arrays.equals(before, Files.readAllBytes(modelImage)), "images/ shows the new picture");
        RunTrees.assertSameFiles(clean, out);
    }

    @Test
    void aNewInputSizeAndFewerPairsLeaveNoStaleFile() throws Exception {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 6, 3, "");
        Path out = tmp.resolve("out");
        run(cfg, out);
        String toml = Files.readString(cfg);
        Files.writeString(cfg, toml.replace("input_size = [32, 32]", "input_size = [48, 40]")
                .replace("top_k = 2", "top_k = 1"));
        run(cfg, out);
        Path clean = tmp.resolve("clean");
        run(cfg, clean);
        RunTrees.assertSameFiles(clean, out);
        List<CSVRecord> pairs = PipelineEndToEndTest.csv(out.resolve("pairs.csv"));
        assertEquals(3, pairs.size(), "one pair per neuron");
        BufferedImage img = ImageIO.read(out.resolve(pairs.get(0).get("ooc_image")).toFile());
        assertEquals(40, img.getWidth());
        assertEquals(48, img.getHeight());
        // maps/ holds exactly the maps pairs.csv names
        assertEquals(2 * 3, RunTrees.files(out).stream().filter(f -> f.startsWith("maps/")).count());
        assertTrue(RunTrees.files(out).stream().noneMatch(f -> f.contains("02_ooc")), "rank-2 maps are gone");
    }
}
