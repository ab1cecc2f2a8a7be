package io.github.sharedvis.bench;

import io.github.sharedvis.data.Npy;
import io.github.sharedvis.readout.EncodingModel;
import io.github.sharedvis.readout.FittedEncoding;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;

/**
 * Benchmark of {@link EncodingModel}: all neurons at once (one decomposition per fold shared by every
 * neuron and penalty) against fitting neurons one at a time with the same solver, on synthetic data
 * (low-rank correlated features, linear neurons with noise). Writes the data as {@code .npy} so
 * {@code benchmarks/readout.sh} can time scikit-learn's {@code RidgeCV(alpha_per_target=True)} on it.
 *
 * <pre>
 * args: [neurons=1000] [images=2000] [features=2048] [alphas=10] [oneAtATime=2] [outDir=build/bench/readout]
 *       [backend=NATIVE|DJL|EJML]
 * </pre>
 * One-at-a-time is timed on {@code oneAtATime} neurons and scaled to all neurons (its cost per neuron
 * does not depend on the number of neurons). Prints {@code key=value} lines.
 */
public final class ReadoutBenchmark {

    private ReadoutBenchmark() {}

    public static void main(String[] args) throws IOException {
        int neurons = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int images = args.length > 1 ? Integer.parseInt(args[1]) : 2000;
        int features = args.length > 2 ? Integer.parseInt(args[2]) : 2048;
        int nAlphas = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int single = args.length > 4 ? Integer.parseInt(args[4]) : 2;
        Path out = Path.of(args.length > 5 ? args[5] : "build/bench/readout");
        EncodingModel.Backend backend = EncodingModel.Backend.valueOf(args.length > 6 ? args[6] : "NATIVE");
        Files.createDirectories(out);

        Random rng = new Random(42);
        double[][] x = new double[images][features];
        double[][] latent = new double[images][32];
        double[][] mix = new double[32][features];
        for (double[] row : mix) {
            for (int k = 0; k < features; k++) {
                row[k] = rng.nextGaussian();
            }
        }
        for (int i = 0; i < images; i++) {
            for (int l = 0; l < 32; l++) {
                latent[i][l] = rng.nextGaussian();
            }
            for (int k = 0; k < features; k++) {
                double s = rng.nextGaussian();
                for (int l = 0; l < 32; l++) {
                    s += 0.3 * latent[i][l] * mix[l][k];
                }
                x[i][k] = Math.max(0, s); // ReLU-like, non-negative as network features are
            }
        }
        double[][] w = new double[neurons][features];
        for (double[] row : w) {
            for (int k = 0; k < features; k++) {
                row[k] = rng.nextDouble() < 0.1 ? rng.nextGaussian() / Math.sqrt(features * 0.1) : 0;
            }
        }
        double[][] y = new double[images][neurons];
        double[] noise = new double[neurons];
        for (int j = 0; j < neurons; j++) {
            noise[j] = Math.exp(rng.nextDouble() * 3 - 1);
        }
        for (int i = 0; i < images; i++) {
            for (int j = 0; j < neurons; j++) {
                double s = 0;
                for (int k = 0; k < features; k++) {
                    s += w[j][k] * x[i][k];
                }
                y[i][j] = s + noise[j] * rng.nextGaussian();
            }
        }
        double[] alphas = EncodingModel.logspace(-1, 6, nAlphas);
        write(out.resolve("X.npy"), x);
        write(out.resolve("Y.npy"), y);
        write(out.resolve("alphas.npy"), new double[][] {alphas});

        EncodingModel model = EncodingModel.builder().alphas(alphas).folds(5).seed(0).backend(backend).build();
        // warm-up (JIT) on a small problem
        model.fit(Arrays.copyOf(x, 200), Arrays.copyOf(y, 200));
        System.gc();
        resetPeaks();
        long heapBefore = heapUsed();
        long t0 = System.nanoTime();
        FittedEncoding all = model.fit(x, y);
        double batch = (System.nanoTime() - t0) / 1e9;
        long heapPeak = heapPeak();

        double perNeuron = 0;
        for (int j = 0; j < single; j++) {
            double[][] yj = new double[images][1];
            for (int i = 0; i < images; i++) {
                yj[i][0] = y[i][j];
            }
            long s0 = System.nanoTime();
            FittedEncoding one = model.fit(x, yj);
            perNeuron += (System.nanoTime() - s0) / 1e9;
            if (one.alpha()[0] != all.alpha()[j]) {
                throw new IllegalStateException("one-at-a-time chose another alpha for neuron " + j);
            }
        }
        perNeuron /= Math.max(1, single);
        double[] r = all.cvR().clone();
        Arrays.sort(r);
        System.out.printf("neurons=%d%nimages=%d%nfeatures=%d%nalphas=%d%nfolds=5%n", neurons, images, features,
                nAlphas);
        System.out.printf("backend=%s%n", backend);
        System.out.printf("java_batch_s=%.2f%n", batch);
        System.out.printf("java_one_neuron_s=%.2f%n", perNeuron);
        System.out.printf("java_one_at_a_time_s=%.1f%n", perNeuron * neurons);
        System.out.printf("speedup_vs_one_at_a_time=%.0f%n", perNeuron * neurons / batch);
        System.out.printf("java_heap_peak_mb=%.0f%n", (heapPeak - heapBefore) / 1e6);
        System.out.printf("java_input_mb=%.0f%n", (images * (double) (features + neurons)) * 8 / 1e6);
        System.out.printf("java_rss_peak_mb=%.0f%n", rssPeakKb() / 1e3);
        System.out.printf("median_cv_r=%.3f%n", r[r.length / 2]);
        System.out.printf("cores=%d%n", Runtime.getRuntime().availableProcessors());
    }

    private static void write(Path file, double[][] a) throws IOException {
        double[] flat = new double[a.length * a[0].length];
        for (int i = 0; i < a.length; i++) {
            System.arraycopy(a[i], 0, flat, i * a[0].length, a[0].length);
        }
        try (OutputStream os = Files.newOutputStream(file)) {
            Npy.writeFloat64(os, new long[] {a.length, a[0].length}, flat);
        }
    }

    private static void resetPeaks() {
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
    }

    private static long heapUsed() {
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Sum of the heap pools' peaks since the reset (an upper bound of the simultaneous peak). */
    private static long heapPeak() {
        long sum = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                sum += p.getPeakUsage().getUsed();
            }
        }
        return sum;
    }

    private static long rssPeakKb() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
