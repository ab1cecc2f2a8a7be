package io.github.sharedvis.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.data.Reliability;
import io.github.sharedvis.data.ResponseReader;
import io.github.sharedvis.data.Responses;
import io.github.sharedvis.data.StimulusSet;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The recording simulator: reliability against its closed form, and multi-category simulations. */
class SimulationTest {

    @TempDir
    Path tmp;

    /**
     * For Poisson counts with image rates λ_i and R repeats, the Spearman-Brown-corrected split-half
     * reliability converges to var(λ) / (var(λ) + mean(λ) / R): signal variance over signal plus the
     * noise variance of an R-repeat mean. Scaling the rates by s scales var by s² and the noise by s,
     * so the reliability falls as rates fall.
     */
    @Test
    void splitHalfReliabilityFollowsThePoissonClosedFormAndFallsWithTheRate() {
        int n = 600;
        int repeats = 10;
        Random r = new Random(3);
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = r.nextDouble();
        }
        double[] scales = {40, 5, 0.5};
        double previous = Double.POSITIVE_INFINITY;
        for (double s : scales) {
            double[][] rates = new double[n][1];
            double mean = 0;
            for (int i = 0; i < n; i++) {
                rates[i][0] = s * u[i];
                mean += rates[i][0] / n;
            }
            double var = 0;
            for (int i = 0; i < n; i++) {
                var += (rates[i][0] - mean) * (rates[i][0] - mean) / n;
            }
            double expected = var / (var + mean / repeats);
            double[][][] counts = PoissonRecording.record(rates, repeats, 17);
            List<String> ids = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                ids.add("s" + i);
            }
            double rel = Reliability.splitHalf(new Responses(ids, List.of("n"), counts), 50, 1)[0];
            assertEquals(expected, rel, 0.04, "reliability at scale " + s);
            assertTrue(rel < 1, "noisy recording: reliability below 1");
            assertTrue(rel < previous, "reliability falls as rates fall: " + rel + " after " + previous);
            previous = rel;
        }
    }

    @Test
    void severalPreferredCategoriesGoIntoOneResponseFile() throws IOException {
        new SilhouetteStimuli(64, 2).write(tmp.resolve("stimuli"), 4);
        StimulusSet set = StimulusSet.open(tmp.resolve("stimuli"));
        Preprocessing pre = new Preprocessing(0, 32, 32, true, 1f / 255f, new float[] {0.5f, 0.5f, 0.5f},
                new float[] {0.25f, 0.25f, 0.25f});
        Path model = Path.of("src/test/resources/fixtures/tiny_conv/model.pt").toAbsolutePath();
        Simulation sim = new Simulation(2, 3, 15, 0.8, 5);
        Simulation.Result both;
        Simulation.Result single;
        try (Backbone net = Backbones.withDefaults().open(new BackboneSpec(model.toString(), "conv1", Pooling.AVERAGE,
                pre, "cpu"))) {
            both = sim.run(set, List.of("body", "car"), net, tmp.resolve("both"), null);
            single = sim.run(set, "body", net, tmp.resolve("single"), null);
            assertThrows(IllegalArgumentException.class,
                    () -> sim.run(set, List.of("body", "body"), net, tmp.resolve("dup"), null));
            assertThrows(IllegalArgumentException.class,
                    () -> sim.run(set, List.of("body", "sofa"), net, tmp.resolve("bad"), null));
        }
        assertEquals(List.of("body-1", "body-2", "car-1", "car-2"),
                both.neurons().stream().map(SyntheticNeuron::id).toList());
        assertEquals("car", both.neurons().get(2).preferred());
        // the first category's neurons are those of a single-category run with the same seed
        assertArrayEquals(single.neurons().get(0).weights(), both.neurons().get(0).weights());
        Responses rec = ResponseReader.read(both.responses()).alignTo(StimulusSet.open(both.manifest(), true));
        assertEquals(List.of("body-1", "body-2", "car-1", "car-2"), rec.neuronIds());
        assertEquals(set.size(), rec.nStimuli());
        assertEquals(3, rec.nRepeats());
        String truth = Files.readString(both.truth());
        assertTrue(truth.contains("\"car-2\"") && truth.contains("\"preferred\" : \"car\""), truth);
        // car neurons prefer cars: mean rate over car images above the mean over the rest
        for (int j = 2; j < 4; j++) {
            double car = 0;
            double rest = 0;
            int nc = 0;
            for (int i = 0; i < set.size(); i++) {
                if (set.stimuli().get(i).category().equals("car")) {
                    car += both.rates()[i][j];
                    nc++;
                } else {
                    rest += both.rates()[i][j];
                }
            }
            assertTrue(car / nc > rest / (set.size() - nc), "car neuron " + j + " prefers cars");
        }
    }
}
