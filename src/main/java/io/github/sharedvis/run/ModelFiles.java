package io.github.sharedvis.run;

import io.github.sharedvis.data.Npy;
import io.github.sharedvis.readout.FittedEncoding;
import io.github.sharedvis.util.AtomicFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A fitted readout saved as plain float64 {@code .npy} arrays in {@code model/}, readable by NumPy
 * and MATLAB users: {@code coef [neurons, K]}, {@code intercept}, {@code alpha}, and where used
 * {@code feature_scale [D]}, {@code pca_mean [D]}, {@code pca_components [K, D]}; plus the
 * cross-validated predictions and accuracies.
 */
public final class ModelFiles {
    private ModelFiles() {}

    /**
     * @param dir the folder
     * @param m the fitted model
     * @throws IOException on write failure
     */
    public static void write(Path dir, FittedEncoding m) throws IOException {
        matrix(dir.resolve("coef.npy"), m.coef());
        vector(dir.resolve("intercept.npy"), m.intercept());
        vector(dir.resolve("alpha.npy"), m.alpha());
        vector(dir.resolve("cv_r.npy"), m.cvR());
        matrix(dir.resolve("cv_predictions.npy"), m.cvPredictions());
        optionalVector(dir.resolve("feature_scale.npy"), m.featureScale());
        optionalVector(dir.resolve("pca_mean.npy"), m.pcaMean());
        if (m.pcaComponents() != null) {
            matrix(dir.resolve("pca_components.npy"), m.pcaComponents());
        } else {
            Files.deleteIfExists(dir.resolve("pca_components.npy"));
        }
    }

    /**
     * @param dir the folder
     * @return the fitted model
     * @throws IOException when a file is missing or malformed
     */
    public static FittedEncoding read(Path dir) throws IOException {
        return read(dir, true);
    }

    /**
     * @param dir the folder
     * @param cvPredictions whether to read the cross-validated predictions ({@code 8 n_pref q} bytes,
     *     three times that while read; the explain step needs only the readouts): null when false
     * @return the fitted model
     * @throws IOException when a file is missing or malformed
     */
    public static FittedEncoding read(Path dir, boolean cvPredictions) throws IOException {
        if (!Files.isRegularFile(dir.resolve("coef.npy"))) {
            throw new IOException(dir + ": no fitted model; run the fit step first (sharedvis fit)");
        }
        return new FittedEncoding(readMatrix(dir.resolve("coef.npy")), readVector(dir.resolve("intercept.npy")),
                readVector(dir.resolve("alpha.npy")), readOptional(dir.resolve("feature_scale.npy")),
                readOptional(dir.resolve("pca_mean.npy")),
                Files.isRegularFile(dir.resolve("pca_components.npy")) ? readMatrix(dir.resolve("pca_components.npy")) : null,
                cvPredictions ? readMatrix(dir.resolve("cv_predictions.npy")) : null, readVector(dir.resolve("cv_r.npy")));
    }

    private static void vector(Path f, double[] v) throws IOException {
        AtomicFiles.write(f, o -> Npy.writeFloat64(o, new long[] {v.length}, v));
    }

    private static void optionalVector(Path f, double[] v) throws IOException {
        if (v == null) {
            Files.deleteIfExists(f);
        } else {
            vector(f, v);
        }
    }

    /** Row by row (no flat copy: the cv predictions of a large fit are {@code 8 n_pref q} bytes). */
    private static void matrix(Path f, double[][] m) throws IOException {
        AtomicFiles.write(f, o -> {
            if (m.length == 0) {
                Npy.writeFloat64(o, new long[] {0, 0}, new double[0]);
            } else {
                Npy.writeFloat64Rows(o, m);
            }
        });
    }

    private static double[] readVector(Path f) throws IOException {
        return Npy.read(f).data();
    }

    private static double[] readOptional(Path f) throws IOException {
        return Files.isRegularFile(f) ? readVector(f) : null;
    }

    private static double[][] readMatrix(Path f) throws IOException {
        Npy.Array a = Npy.read(f);
        int r = (int) a.shape()[0];
        int c = (int) a.shape()[1];
        double[][] m = new double[r][c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(a.data(), i * c, m[i], 0, c);
        }
        return m;
    }
}
