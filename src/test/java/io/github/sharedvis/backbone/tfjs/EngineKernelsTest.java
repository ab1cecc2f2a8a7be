package io.github.sharedvis.backbone.tfjs;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.github.sharedvis.backbone.Engines;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The importer's fast paths against closed forms: the TorchScript {@code Relu6} kernel (values and
 * TF's {@code Relu6Grad}), and asymmetric padding of a depthwise convolution as zero filter taps
 * (against a direct loop over TF's padded windows).
 */
class EngineKernelsTest {

    @Test
    void relu6MatchesTheClosedFormAndTfGradient() {
        double[] xs = {-7, -1e-6, 0, 1e-7, 0.5, 3, 5.999, 6, 6.001, 1e6};
        for (DataType t : new DataType[] {DataType.FLOAT32, DataType.FLOAT64}) {
            try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH);
                    EngineKernels k = new EngineKernels(m);
                    GradientCollector gc = Engines.pytorch().newGradientCollector()) {
                NDArray x = m.create(xs).toType(t, false);
                x.setRequiresGradient(true);
                NDArray y = k.relu6(x);
                assertEquals(t, y.getDataType());
                NDArray v = m.create(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}).toType(t, false);
                JniUtils.backward((PtNDArray) y, (PtNDArray) v, false, false);
                double[] got = y.toType(DataType.FLOAT64, false).toDoubleArray();
                double[] grad = x.getGradient().toType(DataType.FLOAT64, false).toDoubleArray();
                double[] in = x.toType(DataType.FLOAT64, false).toDoubleArray();
                for (int i = 0; i < xs.length; i++) {
                    assertEquals(Math.min(Math.max(in[i], 0), 6), got[i], 0, "relu6(" + in[i] + ")");
                    // TF's Relu6Grad: the output gradient where 0 < x < 6 strictly, else 0
                    assertEquals(in[i] > 0 && in[i] < 6 ? i + 1 : 0, grad[i], 0, "gradient at " + in[i]);
                }
            }
        }
    }

    @Test
    void asymmetricPaddingAsZeroTapsEqualsPaddedWindows() {
        Random rnd = new Random(3);
        // {top, bottom, left, right}: SAME's odd totals (more after), and explicit ones with more before
        long[][] pads = {{0, 1, 0, 1}, {1, 2, 0, 1}, {2, 0, 1, 1}, {0, 1, 1, 0}, {1, 1, 0, 2}};
        int c = 3;
        int h = 7;
        int w = 6;
        int k = 3;
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            float[] x = new float[2 * c * h * w];
            float[] f = new float[c * k * k];
            for (int i = 0; i < x.length; i++) {
                x[i] = (float) rnd.nextGaussian();
            }
            for (int i = 0; i < f.length; i++) {
                f[i] = (float) rnd.nextGaussian();
            }
            NDArray xa = m.create(x, new Shape(2, c, h, w));
            NDArray fa = m.create(f, new Shape(c, 1, k, k));
            for (long[] p : pads) {
                for (int stride = 1; stride <= 2; stride++) {
                    NDArray wf = SpatialOps.shiftedFilter(fa, p);
                    Shape pad = new Shape(Math.max(p[0], p[1]), Math.max(p[2], p[3]));
                    NDArray y = xa.getNDArrayInternal().convolution(xa, wf, null, new Shape(stride, stride), pad,
                            new Shape(1, 1), c).singletonOrThrow();
                    int oh = (int) ((h + p[0] + p[1] - k) / stride + 1);
                    int ow = (int) ((w + p[2] + p[3] - k) / stride + 1);
                    assertEquals(new Shape(2, c, oh, ow), y.getShape(), java.util.Arrays.toString(p));
                    float[] want = depthwise(x, f, 2, c, h, w, k, p, stride, oh, ow);
                    assertArrayEquals(want, y.toFloatArray(), 1e-5f, java.util.Arrays.toString(p) + " stride " + stride);
                }
            }
        }
    }

    /** TF's depthwise convolution (multiplier 1) with zero padding {top, bottom, left, right}, directly. */
    private static float[] depthwise(float[] x, float[] f, int n, int c, int h, int w, int k, long[] p, int s,
            int oh, int ow) {
        float[] out = new float[n * c * oh * ow];
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        double acc = 0;
                        for (int u = 0; u < k; u++) {
                            for (int v = 0; v < k; v++) {
                                long r = i * s + u - p[0];
                                long q = j * s + v - p[2];
                                if (r >= 0 && r < h && q >= 0 && q < w) {
                                    acc += x[((b * c + ch) * h + (int) r) * w + (int) q] * f[(ch * k + u) * k + v];
                                }
                            }
                        }
                        out[((b * c + ch) * oh + i) * ow + j] = (float) acc;
                    }
                }
            }
        }
        return out;
    }
}
