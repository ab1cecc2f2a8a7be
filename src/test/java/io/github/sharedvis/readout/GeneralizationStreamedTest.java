package io.github.sharedvis.readout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link Generalization#streamed} (rows one at a time, neurons in blocks) gives the bits of
 * {@link Generalization#of} on the whole matrix, for any block size, with and without a transform; and
 * {@link FittedEncoding#transform(double[])} / {@link FittedEncoding#predictTransformed} the bits of
 * {@link FittedEncoding#predict}.
 */
class GeneralizationStreamedTest {

    @Test
    void blocksOfNeuronsGiveTheBitsOfTheWholeMatrix() {
        Random r = new Random(11);
        int p = 30;
        int o = 23;
        int d = 12;
        int q = 7;
        double[][] x = gaussian(r, p, d);
        double[][] y = gaussian(r, p, q);
        double[][] xo = gaussian(r, o, d);
        double[][] yo = gaussian(r, o, q);
        for (int pca : new int[] {0, 5}) {
            FittedEncoding m = EncodingModel.builder().alphas(0.1, 10).folds(3).standardize(pca > 0).pcaComponents(pca)
                    .seed(2).build().fit(x, y);
            Generalization whole = Generalization.of(m, xo, yo);
            for (long bytes : new long[] {1, 8L * o, 8L * o * 3, 1L << 30}) {
                Generalization g = Generalization.streamed(m, i -> xo[i].clone(), yo, bytes);
                for (int j = 0; j < q; j++) {
                    assertEquals(Double.doubleToLongBits(whole.r()[j]), Double.doubleToLongBits(g.r()[j]),
                            "r of neuron " + j + ", pca " + pca + ", block bytes " + bytes);
                    assertEquals(Double.doubleToLongBits(whole.p()[j]), Double.doubleToLongBits(g.p()[j]));
                }
            }
            double[][] pred = m.predict(xo);
            for (int i = 0; i < o; i++) {
                double[] z = m.transform(xo[i]);
                for (int j = 0; j < q; j++) {
                    assertEquals(Double.doubleToLongBits(pred[i][j]), Double.doubleToLongBits(m.predictTransformed(z, j)));
                }
            }
        }
    }

    /** Standard normal entries {@code [n][d]} (also NeuronBlocksTest's). */
    static double[][] gaussian(Random r, int n, int d) {
        double[][] a = new double[n][d];
        for (double[] row : a) {
            for (int j = 0; j < d; j++) {
                row[j] = r.nextGaussian();
            }
        }
        return a;
    }
}
