package io.github.sharedvis.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.TestFixtures;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.BackboneSpec;
import io.github.sharedvis.backbone.FeatureExtractor;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.backbone.tfjs.BundledModel;
import io.github.sharedvis.data.Stimulus;
import io.github.sharedvis.data.StimulusSet;
import io.github.sharedvis.synthetic.FaceStimuli;
import io.github.sharedvis.synthetic.Selectivity;
import io.github.sharedvis.synthetic.SyntheticNeuron;
import io.github.sharedvis.synthetic.SyntheticNeurons;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The face demo's synthetic neurons are face-selective on images they were not fitted on: fitted (as
 * the demo's simulation fits them) on FaceRes {@code feats/Relu} features of one generated set, their
 * expected rates on a set drawn with another seed give faces (adult and child, the ground truth by
 * construction) a d' above 1.5 against bodies and objects. The control: neurons fitted to labels
 * shuffled across the fitting images are not selective on the new set (|mean d'| below 1), so the
 * selectivity comes from what the network's features carry, not from the fitting procedure.
 */
class FaceNeuronsTest {

    @TempDir
    Path tmp;

    @Test
    void faceNeuronsAreFaceSelectiveOnHeldOutImages() throws IOException {
        try {
            BundledModel.byName(DemoSpec.FACES.model()).path();
        } catch (IOException e) {
            TestFixtures.missing(e.getMessage());
        }
        new FaceStimuli(224, 1).write(tmp.resolve("fit"), 5);
        new FaceStimuli(224, 2).write(tmp.resolve("test"), 3);
        StimulusSet fit = StimulusSet.fromFolder(tmp.resolve("fit"));
        StimulusSet test = StimulusSet.fromFolder(tmp.resolve("test"));
        String face = DemoSpec.mergedName(FaceStimuli.FACES);
        float[][] fFit;
        float[][] fTest;
        try (Backbone bb = Registry.backbones().open(new BackboneSpec(DemoSpec.FACES.model(),
                DemoSpec.FACES.neuronLayer(), Pooling.AVERAGE, null, "cpu"))) {
            FeatureExtractor fx = FeatureExtractor.builder(bb).build();
            fFit = fx.extract(fit.stimuli().stream().map(Stimulus::image).toList());
            fTest = fx.extract(test.stimuli().stream().map(Stimulus::image).toList());
        }
        List<String> fitCats = merged(fit, face);
        List<String> testCats = merged(test, face);
        SyntheticNeurons factory = SyntheticNeurons.builder().count(6).featureFraction(0.3).maxRate(20).seed(7).build();

        List<SyntheticNeuron> neurons = factory.fit(fFit, fitCats, face);
        double[] d = Selectivity.dPrimes(SyntheticNeurons.rates(neurons, fTest), testCats, face);
        System.out.println("held-out face d' of the face neurons: " + Arrays.toString(d));
        for (double v : d) {
            assertTrue(v > 1.5, "held-out d' " + Arrays.toString(d));
        }

        List<String> shuffled = new ArrayList<>(fitCats);
        Collections.shuffle(shuffled, new Random(11));
        double[] control = Selectivity.dPrimes(SyntheticNeurons.rates(factory.fit(fFit, shuffled, face), fTest),
                testCats, face);
        System.out.println("held-out face d' of neurons fitted to shuffled labels: " + Arrays.toString(control));
        assertTrue(Math.abs(Arrays.stream(control).average().orElseThrow()) < 1, Arrays.toString(control));
    }

    private static List<String> merged(StimulusSet set, String face) {
        return set.stimuli().stream().map(s -> FaceStimuli.FACES.contains(s.category()) ? face : s.category()).toList();
    }
}
