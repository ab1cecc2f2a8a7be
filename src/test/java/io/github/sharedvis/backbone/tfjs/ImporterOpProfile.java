package io.github.sharedvis.backbone.tfjs;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.github.sharedvis.backbone.Engines;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Profile harness (not a test) behind the importer's two fast paths (issue 13 item 4): on MobileNetV2's
 * largest activation at batch 8, {@code [8, 96, 96, 96]}, one PyTorch thread, the calling thread's CPU
 * time (immune to time-slicing on a shared machine) of forward and forward+backward of
 * <ul>
 *   <li>Relu6 as DJL's clamp ({@code clip(0, 6)}, the old path), as {@link EngineKernels#relu6}
 *       ({@code aten::hardtanh}, the new path) and a plain ReLU (the floor);
 *   <li>a stride-2 3x3 depthwise convolution with TF's SAME padding (0 before, 1 after): padding the
 *       activation then convolving (the old path), {@link SpatialOps#shiftedFilter} zero taps (the new
 *       path), and symmetric padding 1 (torchvision's, a different function: the floor).
 * </ul>
 * Medians of 21 repetitions after 3 warm-ups. usage: {@code ImporterOpProfile}
 */
public final class ImporterOpProfile {

    private ImporterOpProfile() {}

    public static void main(String[] args) {
        Engines.pytorch();
        JniUtils.setNumThreads(1);
        Shape s1 = new Shape(1, 1);
        Shape s2 = new Shape(2, 2);
        try (NDManager m = NDManager.newBaseManager(Engines.PYTORCH); EngineKernels k = new EngineKernels(m)) {
            NDArray x = m.randomUniform(-3, 9, new Shape(8, 96, 96, 96));
            NDArray w3 = m.randomUniform(-1, 1, new Shape(96, 1, 3, 3));
            long[] same = {0, 1, 0, 1};
            NDArray w4 = SpatialOps.shiftedFilter(w3, same);
            System.out.println("| [8, 96, 96, 96], 1 thread, thread CPU ms | forward | forward+backward |");
            System.out.println("|---|---|---|");
            time("Relu6 as clip(0, 6) (before)", m, x, v -> v.clip(0, 6));
            time("Relu6 as aten::hardtanh (EngineKernels, after)", m, x, k::relu6);
            time("ReLU (floor)", m, x, Activation::relu);
            time("depthwise s2 SAME: pad, then conv (before)", m, x, v -> {
                NDArray p = v.pad(new Shape(0, 1, 0, 1), 0);
                return p.getNDArrayInternal().convolution(p, w3, null, s2, new Shape(0, 0), s1, 96).singletonOrThrow();
            });
            time("depthwise s2 SAME: zero taps, pad 1 (after)", m, x,
                    v -> v.getNDArrayInternal().convolution(v, w4, null, s2, s1, s1, 96).singletonOrThrow());
            time("depthwise s2, symmetric pad 1 (torchvision; floor)", m, x,
                    v -> v.getNDArrayInternal().convolution(v, w3, null, s2, s1, s1, 96).singletonOrThrow());
        }
    }

    private static void time(String name, NDManager m, NDArray x0, UnaryOperator<NDArray> f) {
        int n = 21;
        double[] fwd = new double[n];
        double[] both = new double[n];
        for (int i = -3; i < n; i++) {
            try (NDManager s = m.newSubManager(); GradientCollector gc = Engines.pytorch().newGradientCollector()) {
                NDArray x = x0.duplicate();
                x.attach(s);
                x.setRequiresGradient(true);
                long t0 = cpu();
                NDArray y = f.apply(x);
                long t1 = cpu();
                JniUtils.backward((PtNDArray) y, (PtNDArray) y.onesLike(), false, false);
                x.getGradient().getFloat(0, 0, 0, 0);
                long t2 = cpu();
                if (i >= 0) {
                    fwd[i] = (t1 - t0) / 1e6;
                    both[i] = (t2 - t0) / 1e6;
                }
            }
        }
        System.out.printf(Locale.ROOT, "| %s | %.1f | %.1f |%n", name, median(fwd), median(both));
    }

    private static long cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
