package io.github.sharedvis.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sharedvis.data.ResponseReader;
import io.github.sharedvis.data.Responses;
import io.github.sharedvis.data.StimulusSet;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A UTF-8 byte-order mark, as spreadsheet programs write it, is skipped in every text input (issue 11,
 * defect 8): the TOML config, the CSV manifest, wide and long CSV responses read exactly as without it.
 */
class ByteOrderMarkTest {

    static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    @TempDir
    Path tmp;

    static Path write(Path file, String text, boolean bom) throws Exception {
        byte[] body = text.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[(bom ? 3 : 0) + body.length];
        if (bom) {
            System.arraycopy(BOM, 0, all, 0, 3);
        }
        System.arraycopy(body, 0, all, bom ? 3 : 0, body.length);
        Files.write(file, all);
        return file;
    }

    @Test
    void everyTextInputReadsTheSameWithAndWithoutABom() throws Exception {
        for (String c : List.of("body", "car")) {
            Files.createDirectories(tmp.resolve(c));
            ImageIO.write(new BufferedImage(2, 2, BufferedImage.TYPE_INT_RGB), "png", tmp.resolve(c + "/" + c + "1.png").toFile());
        }
        String toml = "[data]\nstimuli = \"m.csv\"\nresponses = \"r.csv\"\npreferred = \"body\"\n";
        String manifest = "image,category\nbody/body1.png,body\ncar/car1.png,car\n";
        String wide = "stimulus_id,n1,n2\nbody1,1,2\ncar1,3,4\n";
        String longForm = "stimulus_id,neuron,repeat,response\nbody1,n1,0,1\nbody1,n2,0,2\ncar1,n1,0,3\ncar1,n2,0,4\n";
        for (String[] csv : new String[][] {{"wide", wide}, {"long", longForm}}) {
            Responses[] got = new Responses[2];
            StimulusSet[] sets = new StimulusSet[2];
            RunConfig[] cfgs = new RunConfig[2];
            for (int b = 0; b < 2; b++) {
                Path d = Files.createDirectories(tmp.resolve(csv[0] + b));
                cfgs[b] = ConfigLoader.load(write(d.resolve("run.toml"), toml, b == 1));
                sets[b] = StimulusSet.fromManifest(write(tmp.resolve("m" + b + ".csv"), manifest, b == 1));
                got[b] = ResponseReader.read(write(d.resolve("r.csv"), csv[1], b == 1));
            }
            assertEquals(cfgs[0].data().preferred(), cfgs[1].data().preferred());
            assertEquals("body", cfgs[1].data().preferred());
            assertEquals(sets[0].ids(), sets[1].ids());
            assertEquals(List.of("body1", "car1"), sets[1].ids());
            assertEquals(List.of("n1", "n2"), got[1].neuronIds(), csv[0]);
            assertEquals(got[0].stimulusIds(), got[1].stimulusIds(), csv[0]);
            assertEquals(4.0, got[1].trials().get(1, 1, 0), csv[0]);
        }
    }
}
