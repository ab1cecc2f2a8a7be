package io.github.sharedvis.backbone.tfjs;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.FeatureFunction;
import io.github.sharedvis.backbone.Gradients;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark harness (not a test): forward and forward+backward (medians) of the imported MoveNet Thunder up to
 * a node, {@code d sum(node) / d pixels}, batch 1, on the DJL PyTorch engine. Run by
 * {@code benchmarks/tfjs_vs_java.sh}, which times the same with tfjs in Node and prints the ratio.
 *
 * <p>usage: {@code MoveNetBench MODEL_JSON NODE REPEATS}
 */
public final class MoveNetBench {

    private MoveNetBench() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String node = args[1];
        int repeats = Integer.parseInt(args[2]);
        try (TfjsGraphModel model = TfjsGraphModel.load(file, Device.cpu());
                NDManager m = NDManager.newBaseManager(Engines.PYTORCH)) {
            long[] s = model.inputShape();
            NDArray x = m.randomUniform(0, 255, new Shape(1, 3, s[1], s[2]));
            FeatureFunction f = b -> model.execute(b, TfjsGraphModel.Layout.NCHW, List.of(node)).get(0).reshape(1, -1);
            NDArray v = Gradients.noGrad(f, x).onesLike();
            // warm-up: first calls pay for kernel selection and allocation
            Gradients.noGrad(f, x).close();
            Gradients.vjp(f, x, v).close();
            // interleaved, median of the repeats: the machine is shared, so spikes hit single runs
            double[] fwd = new double[repeats];
            double[] both = new double[repeats];
            for (int i = 0; i < repeats; i++) {
                long t0 = System.nanoTime();
                Gradients.noGrad(f, x).close();
                fwd[i] = (System.nanoTime() - t0) / 1e6;
                t0 = System.nanoTime();
                Gradients.vjp(f, x, v).close();
                both[i] = (System.nanoTime() - t0) / 1e6;
            }
            double msForward = median(fwd);
            double ms = median(both);
            System.out.println(String.format(Locale.ROOT,
                    "{\"engine\":\"DJL PyTorch\",\"node\":\"%s\",\"batch\":1,\"threads\":%d,\"msForward\":%.1f,"
                    + "\"msPerForwardBackward\":%.1f}", node, Runtime.getRuntime().availableProcessors(), msForward, ms));
        }
    }

    private static double median(double[] a) {
        double[] s = a.clone();
        java.util.Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
