package io.github.sharedvis.pipeline;

import static io.github.sharedvis.pipeline.RunInputs.rows;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.cli.CliTestSupport;
import io.github.sharedvis.data.Npy;
import io.github.sharedvis.data.Reliability;
import io.github.sharedvis.data.Stimulus;
import io.github.sharedvis.pairing.Candidate;
import io.github.sharedvis.pairing.ReferenceSearch;
import io.github.sharedvis.readout.EncodingModel;
import io.github.sharedvis.readout.FittedEncoding;
import io.github.sharedvis.readout.NeuronScore;
import io.github.sharedvis.run.ModelFiles;
import io.github.sharedvis.run.NeuronRow;
import io.github.sharedvis.run.PairRow;
import io.github.sharedvis.run.ReferenceCandidate;
import io.github.sharedvis.util.Floats;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The fit and explain steps read the features as a memory-mapped float32 view, widening and transforming
 * only the rows they use; summary.csv and pairs.csv must have exactly the bytes of the double path
 * main had: the whole features.npy read by {@link Npy#read} into {@code double[n][D]}, the readout fitted
 * on its preferred rows, the ooc scores from {@link NeuronScore#of} on all ooc rows at once, and the
 * explain step's {@code transform}/{@code predict} of the whole matrix with {@link PairExplainer}'s
 * double constructor.
 */
class FeatureViewTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @ValueSource(strings = {"", "reference_point = \"zscore\""})
    void outputsHaveTheBytesOfTheDoublePath(String explainExtra) throws IOException {
        Path cfg = PipelineEndToEndTest.prepare(tmp, 6, 3, explainExtra);
        Path out = tmp.resolve("out");
        CliTestSupport.Result r = CliTestSupport.run("run", cfg.toString(), "--out", out.toString(), "--quiet");
        assertEquals(0, r.code(), r.err());

        RunConfig config = ConfigLoader.load(cfg);
        try (RunContext ctx = new RunContext(config, cfg, out, Backbones.withDefaults(), null)) {
            RunInputs in = ctx.inputs();
            Npy.Array a = Npy.read(ctx.out.featuresFile());
            int n = (int) a.shape()[0];
            int d = (int) a.shape()[1];
            double[][] x = new double[n][d];
            for (int i = 0; i < n; i++) {
                System.arraycopy(a.data(), i * d, x[i], 0, d);
            }
            RunConfig.Readout ro = config.readout();
            long seed = config.run().seed();
            double[][] yPref = rows(in.means(), in.preferred());
            FittedEncoding model = EncodingModel.builder().alphas(ro.alphas()).folds(ro.folds())
                    .standardize(ro.standardize()).pcaComponents(ro.pca()).seed(seed).build()
                    .fit(rows(x, in.preferred()), yPref);
            FittedEncoding saved = ModelFiles.read(ctx.out.model());
            for (int j = 0; j < model.nNeurons(); j++) {
                for (int k = 0; k < model.coef()[j].length; k++) {
                    assertEquals(Double.doubleToLongBits(model.coef()[j][k]),
                            Double.doubleToLongBits(saved.coef()[j][k]), "coef[" + j + "][" + k + "]");
                }
            }
            List<NeuronScore> scores = NeuronScore.of(in.responses().neuronIds(), model, yPref, rows(x, in.ooc()),
                    rows(in.means(), in.ooc()), Reliability.splitHalf(in.responses(), 100, seed));
            String summary = NeuronRow.TABLE.format(scores.stream().map(s -> new NeuronRow(s.neuron(),
                    s.nPreferred(), s.nOoc(), s.alpha(), s.rWithin(), s.rOoc(), s.pOoc(), s.reliability(),
                    s.rWithinNormalised(), s.rOocNormalised(), s.meanPreferred(), s.meanOoc())).toList());
            assertEquals(summary, Files.readString(ctx.out.summary()));

            double[][] z = model.transform(x);
            double[][] predicted = model.predict(x);
            PairExplainer explainer = new PairExplainer(config.explain(), seed, ctx.backbone(), model, z,
                    in.preferred());
            ReferenceSearch search = explainer.search();
            float[][] zPref = Floats.of(rows(z, in.preferred()));
            List<Stimulus> stimuli = in.set().stimuli();
            List<String> ids = in.set().ids();
            List<PairRow> expected = new ArrayList<>();
            String written = Files.readString(ctx.out.pairs());
            for (PairRow p : PairRow.TABLE.parse(written, "pairs.csv")) {
                int j = in.responses().neuronIds().indexOf(p.neuron());
                int oi = ids.indexOf(p.oocId());
                double[] prefResp = new double[in.preferred().length];
                for (int q = 0; q < prefResp.length; q++) {
                    prefResp[q] = in.mean(in.preferred()[q], j);
                }
                List<Candidate> c = search.search(Floats.of(z[oi]), zPref, prefResp, model.coef()[j]);
                int ri = in.preferred()[c.get(0).index()];
                List<ReferenceCandidate> listed = c.stream().map(k -> new ReferenceCandidate(
                        stimuli.get(in.preferred()[k.index()]).id(), k.similarity())).toList();
                expected.add(new PairRow(p.neuron(), p.rank(), p.oocId(), p.oocCategory(), p.oocImage(),
                        stimuli.get(ri).id(), stimuli.get(ri).category(), p.referenceImage(), c.get(0).similarity(),
                        in.mean(oi, j), predicted[oi][j], in.mean(ri, j), predicted[ri][j], p.mapOoc(),
                        p.mapReference(), listed));
            }
            assertEquals(3 * 2, expected.size());
            assertEquals(PairRow.TABLE.format(expected), written);
        }
    }
}
