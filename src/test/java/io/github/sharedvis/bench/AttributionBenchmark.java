package io.github.sharedvis.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import io.github.sharedvis.attribution.AttributionMethod;
import io.github.sharedvis.attribution.PairAttribution;
import io.github.sharedvis.attribution.SharedSaliency;
import io.github.sharedvis.backbone.Engines;
import io.github.sharedvis.backbone.FeatureFunction;
import io.github.sharedvis.backbone.Gradients;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.backbone.TorchScriptBackbone;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark of {@link SharedSaliency} on a TorchScript network (run by {@code benchmarks/attribution.sh}).
 *
 * <pre>
 * speed  MODEL SIZE BATCHES REPS IG_STEPS JAC_ROWS   (a) overhead vs bare forward+backward per batch size,
 *                                                  (b) speed-up over the explicit Jacobian (extrapolated),
 *                                                  (c) Integrated-Gradients cost per step
 * memory MODEL SIZE METHOD STEPS IBS LOOPS         (d) peak RSS of one call (fresh JVM per configuration)
 * completeness MODEL IMAGE_A IMAGE_B STEPS         IG completeness error on two real images (ImageNet preprocessing)
 * </pre>
 *
 * All times within one run are interleaved (configurations alternate within every repetition) so
 * the machine's background load hits them alike; reported ratios are medians of per-repetition ratios.
 */
public final class AttributionBenchmark {

    private AttributionBenchmark() {}

    public static void main(String[] args) throws IOException {
        Locale.setDefault(Locale.ROOT);
        String threads = System.getenv("TORCH_THREADS");
        if (threads != null && !threads.isBlank()) {
            Engines.pytorch();
            JniUtils.setNumThreads(Integer.parseInt(threads.trim()));
        }
        if (args.length < 1) {
            System.err.println("usage: speed MODEL SIZE BATCHES REPS IG_STEPS JAC_ROWS | memory MODEL SIZE METHOD STEPS IBS LOOPS");
            System.exit(2);
        }
        switch (args[0]) {
            case "speed" -> speed(Path.of(args[1]), Integer.parseInt(args[2]), parseInts(args[3]),
                    Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]));
            case "memory" -> memory(Path.of(args[1]), Integer.parseInt(args[2]), AttributionMethod.valueOf(args[3]),
                    Integer.parseInt(args[4]), Integer.parseInt(args[5]), Integer.parseInt(args[6]));
            case "completeness" -> completeness(Path.of(args[1]), Path.of(args[2]), Path.of(args[3]), parseInts(args[4]));
            default -> throw new IllegalArgumentException("unknown mode " + args[0]);
        }
    }

    private static int[] parseInts(String csv) {
        return Arrays.stream(csv.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static TorchScriptBackbone open(Path model, int size) throws IOException {
        Preprocessing pre = new Preprocessing(0, size, size, true, 1f, new float[3], new float[] {1, 1, 1});
        return TorchScriptBackbone.builder(model).preprocessing(pre).build();
    }

    private static NDArray randn(NDManager m, Random rnd, Shape shape) {
        float[] v = new float[(int) shape.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) rnd.nextGaussian();
        }
        return m.create(v, shape);
    }

    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /** Wall and process-CPU seconds of one run; CPU time is less sensitive to other processes' load. */
    private record Time(double wall, double cpu) {}

    private static Time time(Runnable r) {
        long c0 = OS.getProcessCpuTime();
        long t0 = System.nanoTime();
        r.run();
        return new Time((System.nanoTime() - t0) / 1e9, (OS.getProcessCpuTime() - c0) / 1e9);
    }

    private static double seconds(Runnable r) {
        return time(r).wall();
    }

    private static double median(List<Double> xs) {
        double[] s = xs.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static void speed(Path model, int size, int[] batches, int reps, int igSteps, int jacRows) throws IOException {
        int maxN = Arrays.stream(batches).max().orElseThrow();
        try (TorchScriptBackbone net = open(model, size); NDManager m = NDManager.newBaseManager()) {
            Random rnd = new Random(1);
            NDArray a = randn(m, rnd, new Shape(maxN, 3, size, size));
            NDArray b = randn(m, rnd, new Shape(maxN, 3, size, size));
            long d;
            try (NDManager probe = m.newSubManager()) {
                d = Gradients.noGrad(net, a.get("0:1").duplicate()).getShape().get(1);
            }
            NDArray w = randn(m, rnd, new Shape(d));
            NDArray vBare = randn(m, rnd, new Shape(2L * maxN, d)).abs().div(d);
            System.out.printf("model %s, input %dx%d, D = %d, torch threads %d, batches %s, reps %d%n", model.getFileName(),
                    size, size, d, JniUtils.getNumThreads(), Arrays.toString(batches), reps);

            SharedSaliency grad = SharedSaliency.builder(net).internalBatchSize(2 * maxN).build();
            Map<Integer, NDArray> pairsA = new LinkedHashMap<>();
            Map<Integer, NDArray> pairsB = new LinkedHashMap<>();
            Map<Integer, NDArray> both = new LinkedHashMap<>();
            Map<Integer, NDArray> vs = new LinkedHashMap<>();
            for (int n : batches) {
                pairsA.put(n, a.get("0:" + n));
                pairsB.put(n, b.get("0:" + n));
                both.put(n, a.get("0:" + n).concat(b.get("0:" + n), 0));
                vs.put(n, vBare.get("0:" + (2 * n)));
            }
            Map<Integer, List<Double>> bare = new LinkedHashMap<>();
            Map<Integer, List<Double>> sal = new LinkedHashMap<>();
            Map<Integer, List<Double>> ratio = new LinkedHashMap<>();
            Map<Integer, List<Double>> cpuRatio = new LinkedHashMap<>();
            // Warm-up: one of each, not recorded.
            for (int n : batches) {
                timeBare(net, both.get(n), vs.get(n));
                timeSaliency(grad, pairsA.get(n), pairsB.get(n), w);
            }
            for (int r = 0; r < reps; r++) {
                for (int n : batches) {
                    Time tb;
                    Time ts;
                    if (r % 2 == 0) {
                        tb = timeBare(net, both.get(n), vs.get(n));
                        ts = timeSaliency(grad, pairsA.get(n), pairsB.get(n), w);
                    } else {
                        ts = timeSaliency(grad, pairsA.get(n), pairsB.get(n), w);
                        tb = timeBare(net, both.get(n), vs.get(n));
                    }
                    bare.computeIfAbsent(n, k -> new ArrayList<>()).add(tb.wall());
                    sal.computeIfAbsent(n, k -> new ArrayList<>()).add(ts.wall());
                    ratio.computeIfAbsent(n, k -> new ArrayList<>()).add(ts.wall() / tb.wall());
                    cpuRatio.computeIfAbsent(n, k -> new ArrayList<>()).add(ts.cpu() / tb.cpu());
                }
                System.out.printf("  rep %d done%n", r + 1);
            }
            System.out.println();
            System.out.println("(a) GRADIENT per pair vs a bare forward+backward of the same 2N images (medians over reps)");
            System.out.println("| pairs N | bare fwd+bwd s/pair | SharedSaliency s/pair | wall ratio (median of per-rep) | min..max | CPU-time ratio (median) |");
            System.out.println("|---|---|---|---|---|---|");
            for (int n : batches) {
                List<Double> rr = ratio.get(n);
                System.out.printf("| %d | %.3f | %.3f | %.3f | %.3f..%.3f | %.3f |%n", n, median(bare.get(n)) / n,
                        median(sal.get(n)) / n, median(rr), rr.stream().mapToDouble(x -> x).min().orElse(0),
                        rr.stream().mapToDouble(x -> x).max().orElse(0), median(cpuRatio.get(n)));
            }

            // (b) explicit Jacobian, one pair, a few rows timed, extrapolated to D rows; (c) IG per step.
            NDArray a1 = pairsA.getOrDefault(1, a.get("0:1"));
            NDArray b1 = pairsB.getOrDefault(1, b.get("0:1"));
            NDArray x1 = a1.concat(b1, 0);
            NDArray v1 = vBare.get("0:2");
            SharedSaliency igAll = SharedSaliency.builder(net).method(AttributionMethod.INTEGRATED_GRADIENTS)
                    .steps(igSteps).internalBatchSize(2 * igSteps).build();
            SharedSaliency igKnob = SharedSaliency.builder(net).method(AttributionMethod.INTEGRATED_GRADIENTS)
                    .steps(igSteps).internalBatchSize(Math.max(2, igSteps / 4)).build();
            explicitJacobian(net, x1, v1, 2); // warm-up
            List<Double> jacRatio = new ArrayList<>();
            List<Double> jacPerRow = new ArrayList<>();
            List<Double> jacFwd = new ArrayList<>();
            List<Double> igAllRatio = new ArrayList<>();
            List<Double> igKnobRatio = new ArrayList<>();
            List<Double> g1 = new ArrayList<>();
            int outer = Math.max(2, reps / 2);
            for (int r = 0; r < outer; r++) {
                double tg = timeSaliency(grad, a1, b1, w).wall();
                double[] jac = explicitJacobian(net, x1, v1, jacRows);
                double tIgAll = timeSaliency(igAll, a1, b1, w).wall();
                double tIgKnob = timeSaliency(igKnob, a1, b1, w).wall();
                double tg2 = timeSaliency(grad, a1, b1, w).wall();
                double tgm = (tg + tg2) / 2;
                g1.add(tgm);
                double jacTotal = jac[0] + d * jac[1];
                jacFwd.add(jac[0]);
                jacPerRow.add(jac[1]);
                jacRatio.add(jacTotal / tgm);
                igAllRatio.add(tIgAll / (igSteps * tgm));
                igKnobRatio.add(tIgKnob / (igSteps * tgm));
                System.out.printf("  rep %d done%n", r + 1);
            }
            System.out.println();
            System.out.printf("(b) explicit Jacobian, 1 pair: forward %.3f s + %d rows timed at %.3f s/row (one backward each, "
                    + "graph retained) -> extrapolated %d rows = %.1f s vs SharedSaliency %.3f s: speed-up %.0fx (median; "
                    + "EXTRAPOLATED from %d rows)%n", median(jacFwd), jacRows, median(jacPerRow), d,
                    median(jacFwd) + d * median(jacPerRow), median(g1), median(jacRatio), jacRows);
            System.out.printf("(c) Integrated Gradients, 1 pair, %d steps: time / (steps x GRADIENT time) = %.3f with "
                    + "internalBatchSize %d (one pass), %.3f with internalBatchSize %d%n", igSteps, median(igAllRatio),
                    2 * igSteps, median(igKnobRatio), Math.max(2, igSteps / 4));
        }
    }

    private static Time timeBare(FeatureFunction f, NDArray x, NDArray v) {
        return time(() -> Gradients.vjp(f, x, v).close());
    }

    private static Time timeSaliency(SharedSaliency s, NDArray a, NDArray b, NDArray w) {
        return time(() -> s.attribute(a, b, w).close());
    }

    /**
     * The explicit-Jacobian implementation of the same maps: one forward pass, then for each latent
     * dimension k one backward pass with e_k as output gradient (graph retained) giving the Jacobian
     * row ∂f_k/∂x, accumulated as Σ_k v_k ∂f_k/∂x (rows streamed, not stored, to fit in memory).
     *
     * @return {forward seconds, seconds per row}
     */
    private static double[] explicitJacobian(FeatureFunction f, NDArray x, NDArray v, int rows) {
        try (NDManager scope = x.getManager().newSubManager();
                GradientCollector gc = Engines.pytorch().newGradientCollector()) {
            long t0 = System.nanoTime();
            NDArray input = x.duplicate();
            input.attach(scope);
            input.setRequiresGradient(true);
            NDArray feats = f.features(input);
            feats.attach(scope);
            long t1 = System.nanoTime();
            NDArray map = x.zerosLike();
            map.attach(scope);
            for (int k = 0; k < rows; k++) {
                try (NDManager row = scope.newSubManager()) {
                    NDArray e = row.zeros(feats.getShape(), feats.getDataType());
                    e.set(new NDIndex(":, " + k), 1f);
                    JniUtils.backward((PtNDArray) feats, (PtNDArray) e, true, false);
                    NDArray g = input.getGradient();
                    g.attach(row);
                    NDArray vk = v.get(row, new NDIndex(":, " + k)).reshape(-1, 1, 1, 1);
                    map.addi(g.mul(vk));
                    JniUtils.zeroGrad((PtNDArray) input);
                }
            }
            long t2 = System.nanoTime();
            return new double[] {(t1 - t0) / 1e9, (t2 - t1) / 1e9 / rows};
        }
    }

    private static void memory(Path model, int size, AttributionMethod method, int steps, int ibs, int loops)
            throws IOException {
        try (TorchScriptBackbone net = open(model, size); NDManager m = NDManager.newBaseManager()) {
            Random rnd = new Random(2);
            NDArray a = randn(m, rnd, new Shape(1, 3, size, size));
            NDArray b = randn(m, rnd, new Shape(1, 3, size, size));
            long d;
            try (NDManager probe = m.newSubManager()) {
                d = Gradients.noGrad(net, a.duplicate()).getShape().get(1);
            }
            NDArray w = randn(m, rnd, new Shape(d));
            SharedSaliency s = SharedSaliency.builder(net).method(method).steps(steps).samples(steps)
                    .internalBatchSize(ibs).build();
            long rss0 = status("VmRSS");
            long hwm0 = status("VmHWM");
            List<Long> rss = new ArrayList<>();
            double t = 0;
            for (int i = 0; i < loops; i++) {
                t += seconds(() -> s.attribute(a, b, w).close());
                rss.add(status("VmRSS"));
            }
            long hwm = status("VmHWM");
            System.out.printf("MEMORY method=%s steps=%d internalBatchSize=%d loops=%d: RSS before %d MB, peak RSS (VmHWM) %d MB "
                    + "(+%d MB over RSS before; VmHWM before %d MB), RSS after each call %s MB, %.2f s/call%n", method, steps, ibs,
                    loops, rss0 >> 10, hwm >> 10, (hwm - rss0) >> 10, hwm0 >> 10,
                    rss.stream().map(x -> String.valueOf(x >> 10)).toList(), t / loops);
        }
    }

    /** Integrated-Gradients completeness |Σ S − v·(f(x) − f(x₀))| / |v·(f(x) − f(x₀))| on two real images. */
    private static void completeness(Path model, Path imageA, Path imageB, int[] stepsList) throws IOException {
        io.github.sharedvis.backbone.Preprocessing pre = io.github.sharedvis.backbone.Preprocessing.imagenet();
        try (TorchScriptBackbone net = TorchScriptBackbone.builder(model).preprocessing(pre).build();
                NDManager m = NDManager.newBaseManager()) {
            Shape one = new Shape(1, 3, pre.height(), pre.width());
            NDArray a = m.create(pre.apply(io.github.sharedvis.backbone.ImageDecoder.read(imageA)), one);
            NDArray b = m.create(pre.apply(io.github.sharedvis.backbone.ImageDecoder.read(imageB)), one);
            long d = Gradients.noGrad(net, a).getShape().get(1);
            NDArray w = randn(m, new Random(3), new Shape(d));
            float[] black = new float[3];
            for (int c = 0; c < 3; c++) {
                black[c] = -pre.mean()[c] / pre.std()[c];
            }
            Map<String, io.github.sharedvis.attribution.Baseline> baselines = new LinkedHashMap<>();
            baselines.put("zero (ImageNet mean colour)", io.github.sharedvis.attribution.Baseline.zero());
            baselines.put("black", io.github.sharedvis.attribution.Baseline.perChannel(black));
            for (var e : baselines.entrySet()) {
                for (int steps : stepsList) {
                    SharedSaliency ig = SharedSaliency.builder(net).method(AttributionMethod.INTEGRATED_GRADIENTS)
                            .steps(steps).baseline(e.getValue()).internalBatchSize(16).build();
                    try (PairAttribution r = ig.attribute(a, b, w)) {
                        double[] err = new double[2];
                        NDArray[] xs = {a, b};
                        NDArray[] maps = {r.a(), r.b()};
                        for (int i = 0; i < 2; i++) {
                            NDArray fx = Gradients.noGrad(net, xs[i]);
                            NDArray f0 = Gradients.noGrad(net, e.getValue().of(xs[i]));
                            double delta = r.v().mul(fx.sub(f0)).sum().getFloat();
                            double sum = maps[i].sum().getFloat();
                            err[i] = Math.abs(sum - delta) / Math.abs(delta);
                        }
                        System.out.printf("IG completeness, baseline %s, %d steps: relative error a %.4f, b %.4f%n",
                                e.getKey(), steps, err[0], err[1]);
                    }
                }
            }
        }
    }

    /** @return a /proc/self/status field in kB */
    private static long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        throw new IOException("/proc/self/status has no " + field);
    }
}
