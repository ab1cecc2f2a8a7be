package io.github.sharedvis.pipeline;

import io.github.sharedvis.data.FeatureMatrix;
import io.github.sharedvis.readout.FittedEncoding;
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
        FeatureMatrix x = ExtractStep.load(ctx); // memory-mapped float32: rows widened as the fit asks
        ReadoutFit fit = ReadoutFit.fit(ctx.config, in, x::row, ReadoutFit.reliability(ctx.config, in));
        FittedEncoding model = fit.model();
        List<NeuronScore> scores = fit.scores();
        ModelFiles.write(ctx.out.model(), model);
        NeuronRow.TABLE.write(ctx.out.summary(), scores.stream().map(s -> new NeuronRow(s.neuron(), s.nPreferred(),
                s.nOoc(), s.alpha(), s.rWithin(), s.rOoc(), s.pOoc(), s.reliability(), s.rWithinNormalised(),
                s.rOocNormalised(), s.meanPreferred(), s.meanOoc())).toList());
        ctx.state.markDone(name(), stamp);
    }
}
