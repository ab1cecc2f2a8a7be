package io.github.sharedvis.pipeline;

import static io.github.sharedvis.pipeline.RunInputs.rows;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.sharedvis.backbone.Backbones;
import io.github.sharedvis.readout.EncodingModel;
import io.github.sharedvis.readout.FittedEncoding;
import io.github.sharedvis.run.NeuronRow;
import io.github.sharedvis.run.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code [readout] cv = "loo"} makes {@code sharedvis fit} the leave-one-out readout that
 * {@code LeaveOneOutTest} checks against scikit-learn's {@code RidgeCV}: the alphas and r within in
 * {@code summary.csv} are those of {@link EncodingModel.Builder#leaveOneOut()} on the run's own features,
 * and differ from the k-fold run's.
 */
class ReadoutCvKeyTest {

    @TempDir
    Path tmp;

    @Test
    void leaveOneOutFromTheConfigIsTheLibrarysLeaveOneOut() throws Exception {
        Path kfoldCfg = PipelineEndToEndTest.prepare(tmp, 8, 4, "");
        String text = Files.readString(kfoldCfg);
        Path looCfg = tmp.resolve("loo.toml");
        Files.writeString(looCfg, text.replace("folds = 3\n", "cv = \"loo\"\nfolds = 3\n"));
        RunConfig loo = ConfigLoader.load(looCfg);
        assertTrue(loo.readout().leaveOneOut());
        Path looOut = tmp.resolve("loo");
        Path kfoldOut = tmp.resolve("kfold");
        try (Pipeline p = new Pipeline(loo, looCfg, looOut, Backbones.withDefaults(), null)) {
            p.fit();
        }
        try (Pipeline p = new Pipeline(ConfigLoader.load(kfoldCfg), kfoldCfg, kfoldOut, Backbones.withDefaults(), null)) {
            p.fit();
        }
        List<NeuronRow> rows = RunFiles.read(looOut).neurons();
        List<NeuronRow> kfoldRows = RunFiles.read(kfoldOut).neurons();

        FittedEncoding expected;
        try (RunContext ctx = new RunContext(loo, looCfg, looOut, Backbones.withDefaults(), null)) {
            ctx.begin();
            RunInputs in = ctx.inputs();
            io.github.sharedvis.data.FeatureMatrix x = ExtractStep.load(ctx);
            RunConfig.Readout ro = loo.readout();
            expected = EncodingModel.builder().alphas(ro.alphas()).standardize(ro.standardize())
                    .pcaComponents(ro.pca()).seed(loo.run().seed()).leaveOneOut().build()
                    .fit(x.rows(in.preferred()), rows(in.means(), in.preferred()));
        }
        assertEquals(expected.nNeurons(), rows.size());
        double[] alphas = rows.stream().mapToDouble(NeuronRow::alpha).toArray();
        double[] r = rows.stream().mapToDouble(NeuronRow::rWithinCv).toArray();
        assertArrayEquals(expected.alpha(), alphas, 0, "alphas chosen by leave-one-out");
        assertArrayEquals(expected.cvR(), r, 1e-9, "r within from the leave-one-out predictions (summary.csv has 9 decimals)");
        assertNotEquals(kfoldRows.stream().mapToDouble(NeuronRow::rWithinCv).boxed().toList(),
                rows.stream().mapToDouble(NeuronRow::rWithinCv).boxed().toList(), "the key takes effect");
        // the fit's stamp takes the key: switching back redoes the fit
        assertNotEquals(Files.readString(looOut.resolve(".state/fit.stamp")),
                Files.readString(kfoldOut.resolve(".state/fit.stamp")));
    }

    @Test
    void anUnknownSchemeNamesTheChoices() throws Exception {
        Path cfg = tmp.resolve("bad.toml");
        Files.writeString(cfg, "[data]\nstimuli = \"s\"\nresponses = \"r.csv\"\npreferred = \"body\"\n[readout]\ncv = \"lo\"\n");
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(cfg));
        assertTrue(e.getMessage().contains("kfold") && e.getMessage().contains("loo") && e.getMessage().contains("cv"),
                e.getMessage());
    }
}
