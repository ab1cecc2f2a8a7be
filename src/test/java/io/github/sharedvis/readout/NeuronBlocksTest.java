package io.github.sharedvis.readout;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The fit solves neurons in blocks ({@link EncodingModel.Builder#blockBytes}) with the decompositions
 * shared: every output (penalties, coefficients, intercepts, held-out predictions, cvR) must have the
 * same bits whatever the block size, in each of the four solver paths of {@link CrossValidated} (one
 * kernel path for k folds and for leave-one-out, primal leave-one-out, k folds in feature space, k
 * folds on blocks of one Gram matrix), on the native and the pure-Java backend. The reference is the
 * whole set of neurons in one block (the default budget is far above these sizes); 101 neurons, so
 * the last block is a partial one.
 */
class NeuronBlocksTest {

    private static final double[] ALPHAS = {0.01, 1, 100};

    @Test
    void blocksOfNeuronsGiveTheBitsOfOneBlock() {
        Random r = new Random(5);
        int q = 101;
        // images x features: kernel path (n <= K), primal (n > K, folds' training sets > K too),
        // k folds on Gram blocks (n > K but the folds' training sets <= K)
        int[][] shapes = {{24, 40}, {90, 12}, {30, 26}};
        int paths = 0;
        for (int[] shape : shapes) {
            int n = shape[0];
            double[][] x = GeneralizationStreamedTest.gaussian(r, n, shape[1]);
            double[][] y = GeneralizationStreamedTest.gaussian(r, n, q);
            for (int j = 0; j < q; j++) { // neurons that depend on the features, at several noise levels
                for (int i = 0; i < n; i++) {
                    y[i][j] += x[i][j % shape[1]] * (j % 4);
                }
            }
            for (EncodingModel.Backend backend : new EncodingModel.Backend[] {
                EncodingModel.Backend.NATIVE, EncodingModel.Backend.EJML}) {
                for (boolean loo : new boolean[] {false, true}) {
                    EncodingModel.Builder b = EncodingModel.builder().alphas(ALPHAS).folds(3).seed(4).backend(backend);
                    if (loo) {
                        b.leaveOneOut();
                    }
                    FittedEncoding whole = b.build().fit(x, y);
                    long perNeuron = 8L * n * (8 + ALPHAS.length);
                    // budgets of 1 byte and of 40, 64 and 100 neurons: blocks of 32, 32, 64 and 96
                    long[] budgets = {1, 40 * perNeuron, 64 * perNeuron, 100 * perNeuron};
                    int[] blocks = {32, 32, 64, 96};
                    for (int k = 0; k < budgets.length; k++) {
                        int block = blocks[k];
                        EncodingModel m = b.blockBytes(budgets[k]).build();
                        assertEquals(block, m.neuronBlock(n, q));
                        FittedEncoding f = m.fit(x, y);
                        String what = n + "x" + shape[1] + " " + backend + (loo ? " loo" : " 3-fold") + ", block " + block;
                        assertArrayEquals(whole.alpha(), f.alpha(), what);
                        assertArrayEquals(whole.intercept(), f.intercept(), what);
                        assertArrayEquals(whole.cvR(), f.cvR(), what);
                        for (int j = 0; j < q; j++) {
                            assertArrayEquals(whole.coef()[j], f.coef()[j], what + ", neuron " + j);
                        }
                        for (int i = 0; i < n; i++) {
                            assertArrayEquals(whole.cvPredictions()[i], f.cvPredictions()[i], what + ", image " + i);
                        }
                    }
                    paths++;
                }
            }
            // the test can fail: different penalties were chosen across neurons
            FittedEncoding any = EncodingModel.builder().alphas(ALPHAS).folds(3).seed(4).build().fit(x, y);
            assertTrue(java.util.Arrays.stream(any.alpha()).distinct().count() > 1, "one penalty for all neurons");
        }
        assertEquals(12, paths);
    }

    /**
     * Large enough that the whole set's products and fold solves run on several BLAS threads while a
     * block of 32 neurons runs on one ({@code NativeLinalg.SMALL_PRODUCT}): the bits must not depend
     * on the thread count either.
     */
    @Test
    void blocksOnOneThreadGiveTheBitsOfTheWholeOnSeveral() {
        Random r = new Random(8);
        int n = 450;
        int q = 1400;
        double[][] x = GeneralizationStreamedTest.gaussian(r, n, 460);
        double[][] y = GeneralizationStreamedTest.gaussian(r, n, q);
        for (int j = 0; j < q; j++) {
            for (int i = 0; i < n; i++) {
                y[i][j] += x[i][j % 460] * (j % 3);
            }
        }
        EncodingModel.Builder b = EncodingModel.builder().alphas(ALPHAS).folds(3).seed(1);
        FittedEncoding whole = b.build().fit(x, y);
        long perNeuron = 8L * n * (8 + ALPHAS.length);
        for (int block : new int[] {32, 416}) {
            FittedEncoding f = b.blockBytes(block * perNeuron).build().fit(x, y);
            assertArrayEquals(whole.alpha(), f.alpha(), "block " + block);
            assertArrayEquals(whole.intercept(), f.intercept(), "block " + block);
            assertArrayEquals(whole.cvR(), f.cvR(), "block " + block);
            for (int j = 0; j < q; j += 7) {
                assertArrayEquals(whole.coef()[j], f.coef()[j], "block " + block + ", neuron " + j);
            }
            for (int i = 0; i < n; i++) {
                assertArrayEquals(whole.cvPredictions()[i], f.cvPredictions()[i], "block " + block + ", image " + i);
            }
        }
    }
}
