package io.github.sharedvis.pipeline;

import static io.github.sharedvis.pipeline.RunInputs.rows;

import io.github.sharedvis.data.FeatureMatrix;
import io.github.sharedvis.data.Reliability;
import io.github.sharedvis.readout.EncodingModel;
import io.github.sharedvis.readout.FittedEncoding;
import io.github.sharedvis.readout.Generalization;
import io.github.sharedvis.readout.NeuronScore;
import io.github.sharedvis.run.ModelFiles;
import io.github.sharedvis.run.NeuronRow;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;

/**
 * Step 2: ridge readouts on the preferred images ({@code model/}) and the neurons' scores
 * ({@code summary.csv}). Depends on {@code [data]}, {@code [readout]}, the seed, the responses and the
 * features.
 */
final class FitStep implements Step {

    /**
     * Predictions of the ooc images held at once for their scores (64 MB: 8 bytes × n_ooc × a block of
     * neurons; each further block of neurons reads the ooc rows of the features once more).
     */
    static final long OOC_BLOCK_BYTES = 64L << 20;

    @Override
    public String name() {
        return "fit";
    }

    @Override
    public List<String> sections() {
        return List.of("data", "readout", "run");
    }

    @Override
    public List<String> inputDigests(RunContext ctx) throws IOException {
        // the neuron ids follow from the file and [data] (neurons = ...), both in the stamp already
        return List.of(ctx.responsesDigest());
    }

    @Override
    public boolean isDone(RunContext ctx, String stamp) throws IOException {
        return ctx.state.isDone(name(), stamp) && Files.isRegularFile(ctx.out.summary());
    }

    @Override
    public void run(RunContext ctx, String stamp) throws IOException {
        RunInputs in = ctx.inputs();
        RunConfig.Readout ro = ctx.config.readout();
        long seed = ctx.config.run().seed();
        FeatureMatrix x = ExtractStep.load(ctx);
        // the readout's one double copy of features: the preferred rows [n_pref, D]
        double[][] xPref = x.rows(in.preferred());
        double[][] yPref = rows(in.means(), in.preferred());
        FittedEncoding model = EncodingModel.builder().alphas(ro.alphas()).folds(ro.folds())
                .standardize(ro.standardize()).pcaComponents(ro.pca()).seed(seed).build().fit(xPref, yPref);
        xPref = null; // collectable before the ooc scores
        double[] reliability = in.responses().nRepeats() >= 2 ? Reliability.splitHalf(in.responses(), 100, seed) : null;
        int[] ooc = in.ooc();
        double[][] yOoc = rows(in.means(), ooc);
        Generalization g = Generalization.streamed(model, i -> x.row(ooc[i]), yOoc, OOC_BLOCK_BYTES);
        List<NeuronScore> scores = NeuronScore.of(in.responses().neuronIds(), model, yPref, g, yOoc, reliability);
        ModelFiles.write(ctx.out.model(), model);
        NeuronRow.TABLE.write(ctx.out.summary(), scores.stream().map(s -> new NeuronRow(s.neuron(), s.nPreferred(),
                s.nOoc(), s.alpha(), s.rWithin(), s.rOoc(), s.pOoc(), s.reliability(), s.rWithinNormalised(),
                s.rOocNormalised(), s.meanPreferred(), s.meanOoc())).toList());
        ctx.state.markDone(name(), stamp);
    }
}
