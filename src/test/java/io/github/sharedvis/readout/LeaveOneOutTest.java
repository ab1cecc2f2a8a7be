package io.github.sharedvis.readout;

import static io.github.sharedvis.readout.ReadoutOracle.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Leave-one-out penalty selection against scikit-learn's {@code RidgeCV(cv=None, alpha_per_target=True)}
 * (chosen alphas, coefficients, intercepts) and against leave-one-out predictions recomputed by brute
 * force (Ridge refitted without each image), from {@code scripts/fixtures_readout.py}.
 */
class LeaveOneOutTest {

    @ParameterizedTest
    @CsvSource({"loo_primal,NATIVE", "loo_kernel,NATIVE", "loo_kernel_std,NATIVE", "loo_primal,EJML",
            "loo_kernel,EJML", "loo_kernel_std,DJL"})
    void matchesScikitLearnRidgeCv(String name, EncodingModel.Backend backend) throws IOException {
        ReadoutOracle o = ReadoutOracle.load(ReadoutOracle.SMALL, name);
        EncodingModel model = EncodingModel.builder().alphas(o.vector("alphas"))
                .standardize(o.scalar("standardize") > 0).backend(backend).leaveOneOut().build();
        assertTrue(model.leaveOneOut());
        FittedEncoding m = model.fit(o.matrix("X"), o.matrix("Y"));
        assertArrayEquals(o.vector("chosen_alpha"), m.alpha(), 0.0, name + ": chosen alphas");
        assertClose(o.matrix("loo_pred"), m.cvPredictions(), 1e-8, name + ": leave-one-out predictions");
        assertClose(o.matrix("coef"), m.coef(), 1e-8, name + ": coefficients");
        assertClose(o.vector("intercept"), m.intercept(), 1e-8, name + ": intercepts");
    }

    @Test
    void kFoldStaysTheDefaultAndFoldsSwitchesBack() {
        assertFalse(EncodingModel.builder().build().leaveOneOut());
        assertFalse(EncodingModel.builder().leaveOneOut().folds(5).build().leaveOneOut());
    }
}
