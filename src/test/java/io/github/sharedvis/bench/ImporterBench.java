package io.github.sharedvis.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.Gradients;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.backbone.TorchScriptBackbone;
import io.github.sharedvis.backbone.tfjs.BundledModel;
import io.github.sharedvis.backbone.tfjs.TfjsBackbone;
import io.github.sharedvis.data.Npy;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Issue 13 item 4 benchmark harness (run by {@code benchmarks/importer.sh}): forward + input-gradient
 * backward of the same MobileNetV2 architecture through two shipped backbones, each via
 * {@link Gradients#vjp} (the attribution's path) with the sum of the cut layer as the scalar:
 * MoveNet Lightning through the TF.js importer ({@link TfjsBackbone}, cut at {@code out_relu/Relu6},
 * {@code [N, 1280, 6, 6]}) and a torchvision {@code mobilenet_v2} exported to TorchScript
 * ({@link TorchScriptBackbone}, cut at {@code features}, the same {@code [N, 1280, 6, 6]}), both on
 * {@code [N, 3, 192, 192]} inputs. Rounds alternate the order of the two contenders; the reported
 * ratio is the median of the per-round ratios (wall time, and process CPU time).
 *
 * <p>usage: {@code ImporterBench TORCHSCRIPT.pt BATCHES(2,8) ROUNDS [python]}
 */
public final class ImporterBench {

    private static final int SIZE = 192;

    private ImporterBench() {}

    public static void main(String[] args) throws Exception {
        Path ts = Path.of(args[0]);
        int[] batches = Arrays.stream(args[1].split(",")).mapToInt(Integer::parseInt).toArray();
        int rounds = Integer.parseInt(args[2]);
        boolean python = args.length > 3 && args[3].equals("python");
        io.github.sharedvis.backbone.Engines.pytorch();
        String threads = System.getenv("TORCH_THREADS");
        if (threads != null && !threads.isBlank()) {
            JniUtils.setNumThreads(Integer.parseInt(threads.trim()));
        }
        int nThreads = JniUtils.getNumThreads();
        Path lightning = BundledModel.byName("movenet-lightning").path();
        try (TfjsBackbone tfjs = TfjsBackbone.builder(lightning).name("movenet-lightning").layer("out_relu/Relu6")
                        .pooling(Pooling.NONE).preprocessing(Preprocessing.raw255(SIZE)).build();
                TorchScriptBackbone torch = TorchScriptBackbone.builder(ts).layer("features").pooling(Pooling.NONE)
                        .preprocessing(Preprocessing.imagenet()).build();
                NDManager m = NDManager.newBaseManager()) {
            System.out.printf(Locale.ROOT, "MobileNetV2 to its last ReLU6, %d px, forward + input-gradient backward of "
                    + "sum(layer) via Gradients.vjp, %d torch threads, %d rounds per batch (order alternating)%n",
                    SIZE, nThreads, rounds);
            System.out.printf(Locale.ROOT, "importer: %s (layer %s)%ntorchscript: %s (layer %s)%n", tfjs.name(),
                    tfjs.layer(), ts, torch.layer());
            System.out.printf(Locale.ROOT, "| batch | importer ms | TorchScript ms | importer / TorchScript (median of "
                    + "per-round ratios, wall) | same, process CPU |%s%n", python ? " PyTorch in Python ms |" : "");
            System.out.printf(Locale.ROOT, "|---|---|---|---|---|%s%n", python ? "---|" : "");
            for (int batch : batches) {
                float[] pixels = new float[batch * 3 * SIZE * SIZE];
                Random rnd = new Random(batch);
                for (int i = 0; i < pixels.length; i++) {
                    pixels[i] = rnd.nextFloat() * 255f;
                }
                NDArray raw = m.create(pixels, new Shape(batch, 3, SIZE, SIZE));
                NDArray normalised = raw.div(127.5f).sub(1f);
                checkShapes(tfjs, torch, raw, normalised);
                for (int w = 0; w < 2; w++) { // warm-up: kernel selection, allocator pools
                    time(tfjs, raw);
                    time(torch, normalised);
                }
                double[] a = new double[rounds];
                double[] b = new double[rounds];
                double[] ratio = new double[rounds];
                double[] cpuRatio = new double[rounds];
                for (int r = 0; r < rounds; r++) {
                    double[] ta;
                    double[] tb;
                    if (r % 2 == 0) {
                        ta = time(tfjs, raw);
                        tb = time(torch, normalised);
                    } else {
                        tb = time(torch, normalised);
                        ta = time(tfjs, raw);
                    }
                    a[r] = ta[0];
                    b[r] = tb[0];
                    ratio[r] = ta[0] / tb[0];
                    cpuRatio[r] = ta[1] / tb[1];
                }
                String py = "";
                if (python) {
                    py = String.format(Locale.ROOT, " %.1f |", 1e3 * timePython(ts, batch, nThreads, normalised));
                }
                System.out.printf(Locale.ROOT, "| %d | %.1f | %.1f | %.3f (range %.2f-%.2f) | %.3f |%s%n", batch,
                        1e3 * median(a), 1e3 * median(b), median(ratio), min(ratio), max(ratio), median(cpuRatio), py);
                raw.close();
                normalised.close();
            }
        }
    }

    private static void checkShapes(Backbone a, Backbone b, NDArray xa, NDArray xb) {
        NDArray fa = Gradients.noGrad(a::features, xa);
        NDArray fb = Gradients.noGrad(b::features, xb);
        if (!fa.getShape().equals(fb.getShape())) {
            throw new IllegalStateException("the two layers differ: " + fa.getShape() + " vs " + fb.getShape());
        }
        fa.close();
        fb.close();
    }

    /** One forward+backward: {wall seconds, process CPU seconds}. */
    private static double[] time(Backbone bb, NDArray x) {
        try (NDManager s = x.getManager().newSubManager()) {
            long c = cpuNanos();
            long t = System.nanoTime();
            Gradients.Result r = Gradients.vjp(bb::features, x, NDArray::onesLike);
            r.gradient().toFloatArray();
            double wall = (System.nanoTime() - t) / 1e9;
            double cpu = (cpuNanos() - c) / 1e9;
            r.gradient().close();
            r.features().close();
            return new double[] {wall, cpu};
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static double timePython(Path model, int batch, int threads, NDArray x) throws Exception {
        Path input = Files.createTempFile("importer-bench", ".npy");
        try (OutputStream out = new FileOutputStream(input.toFile())) {
            Npy.writeFloat32(out, x.getShape().getShape(), x.toFloatArray());
        }
        Process p = new ProcessBuilder("/usr/bin/python3", "benchmarks/pytorch_fwd_bwd.py", model.toString(),
                "features", String.valueOf(batch), "5", String.valueOf(threads), input.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        Files.deleteIfExists(input);
        if (p.waitFor() != 0) {
            throw new IllegalStateException("python failed: " + out);
        }
        String[] lines = out.split("\n");
        return Double.parseDouble(lines[lines.length - 1].trim());
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double min(double[] v) {
        return Arrays.stream(v).min().orElse(Double.NaN);
    }

    private static double max(double[] v) {
        return Arrays.stream(v).max().orElse(Double.NaN);
    }
}
