package io.github.sharedvis.evaluation;

import io.github.sharedvis.data.Npy;
import io.github.sharedvis.readout.FittedEncoding;
import io.github.sharedvis.run.ModelFiles;
import io.github.sharedvis.run.RunLayout;
import io.github.sharedvis.util.Floats;
import java.io.IOException;
import java.nio.file.Path;

/**
 * One pipeline run's fitted readout and features, read from its {@code model/} and
 * {@code features/} exactly as its explain step reads them, so the benchmark scores the run's own
 * encoding model rather than a refit.
 *
 * @param model the run's readout
 * @param z the readout's features of every stimulus {@code [n][K]}
 * @param zf the same in float {@code [n][K]}, as the search and the readout read them
 * @param zPreferred {@code zf} of the preferred images, in their order {@code [preferred][K]}
 * @param predictionScale per neuron, the sd of r̂ over the preferred images {@code [neurons]} (1 when
 *     constant), the unit of the deletion curves' response
 */
record RunReadout(FittedEncoding model, double[][] z, float[][] zf, float[][] zPreferred, double[] predictionScale) {

    /**
     * @param run the run folder
     * @param preferred indices of the preferred images in the run's stimulus order
     * @return the run's readout and features
     * @throws IOException when the run's files cannot be read
     */
    static RunReadout open(Path run, int[] preferred) throws IOException {
        RunLayout layout = new RunLayout(run);
        FittedEncoding model = ModelFiles.read(layout.model());
        Npy.Array a = Npy.read(layout.features().resolve("features.npy"));
        int n = (int) a.shape()[0];
        int d = (int) a.shape()[1];
        double[][] x = new double[n][d];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a.data(), i * d, x[i], 0, d);
        }
        double[][] pred = model.predict(x);
        double[] scale = new double[model.nNeurons()];
        for (int j = 0; j < scale.length; j++) {
            double mean = 0;
            for (int p : preferred) {
                mean += pred[p][j] / preferred.length;
            }
            double var = 0;
            for (int p : preferred) {
                var += (pred[p][j] - mean) * (pred[p][j] - mean) / preferred.length;
            }
            scale[j] = var > 0 ? Math.sqrt(var) : 1;
        }
        double[][] z = model.transform(x);
        float[][] zf = Floats.of(z);
        float[][] zPreferred = new float[preferred.length][];
        for (int i = 0; i < preferred.length; i++) {
            zPreferred[i] = zf[preferred[i]];
        }
        return new RunReadout(model, z, zf, zPreferred, scale);
    }

    /**
     * @param row the neuron's row
     * @param z readout features {@code [K]}
     * @return r̂ of the neuron, w·z + b
     */
    double predict(int row, float[] z) {
        double[] w = model.coef()[row];
        double s = model.intercept()[row];
        for (int k = 0; k < w.length; k++) {
            s += w[k] * z[k];
        }
        return s;
    }
}
