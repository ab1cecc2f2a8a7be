package io.github.sharedvis.bench;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtSymbolBlock;
import ai.djl.pytorch.jni.IValueUtils;
import ai.djl.pytorch.jni.JniUtils;
import io.github.sharedvis.backbone.Gradients;
import io.github.sharedvis.backbone.Pooling;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.backbone.TorchScriptBackbone;
import io.github.sharedvis.data.Npy;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Random;

/**
 * Issue 2 benchmark harness (run by benchmarks/backbone.sh). Interleaves rounds of each contender so
 * machine noise hits all alike; reports medians and their ratios.
 */
public final class BackboneBench {

    private BackboneBench() {}

    public static void main(String[] args) throws Exception {
        Path model = Path.of(args[0]);
        int batch = Integer.parseInt(args[1]);
        int rounds = Integer.parseInt(args[2]);
        io.github.sharedvis.backbone.Engines.pytorch(); // loads the native library
        int threads = JniUtils.getNumThreads();
        Preprocessing pre = Preprocessing.imagenet();
        float[] data = new float[batch * 3 * 224 * 224];
        Random rnd = new Random(1);
        for (int i = 0; i < data.length; i++) {
            data[i] = (float) rnd.nextGaussian();
        }
        Path input = Files.createTempFile("bench", ".npy");
        try (OutputStream out = new FileOutputStream(input.toFile())) {
            Npy.writeFloat32(out, new long[] {batch, 3, 224, 224}, data);
        }
        double[] ours = new double[rounds];
        double[] bare = new double[rounds];
        double[] fb = new double[rounds];
        double[] py = new double[rounds];
        try (TorchScriptBackbone bb = TorchScriptBackbone.builder(model).layer("avgpool")
                        .pooling(Pooling.NONE).preprocessing(pre).build();
                NDManager m = NDManager.newBaseManager()) {
            PtSymbolBlock block = rawBlock(model, m);
            NDArray x = m.create(data, new Shape(batch, 3, 224, 224));
            // warm-up
            timeOurs(bb, x);
            timeBare(block, x);
            timeFwdBwd(bb, x);
            for (int r = 0; r < rounds; r++) {
                ours[r] = timeOurs(bb, x);
                bare[r] = timeBare(block, x);
                fb[r] = timeFwdBwd(bb, x);
                py[r] = timePython(model, batch, threads, input);
            }
            block.close();
        }
        double mo = median(ours);
        double mb = median(bare);
        double mf = median(fb);
        double mp = median(py);
        System.out.printf(Locale.ROOT, "ResNet-50 random weights, 224 px, batch %d, %d threads, %d rounds (medians)%n",
                batch, threads, rounds);
        System.out.printf(Locale.ROOT, "| measure | seconds/batch | images/s |%n|---|---|---|%n");
        System.out.printf(Locale.ROOT, "| sharedvis extraction forward (inferenceFeatures) | %.4f | %.1f |%n", mo, batch / mo);
        System.out.printf(Locale.ROOT, "| bare DJL forward (InferenceMode) | %.4f | %.1f |%n", mb, batch / mb);
        System.out.printf(Locale.ROOT, "| sharedvis forward+backward (input grad) | %.4f | %.1f |%n", mf, batch / mf);
        System.out.printf(Locale.ROOT, "| PyTorch (Python) forward+backward | %.4f | %.1f |%n", mp, batch / mp);
        System.out.printf(Locale.ROOT, "extraction throughput ratio (ours / bare DJL): %.3f (goal >= 0.9)%n", mb / mo);
        System.out.printf(Locale.ROOT, "forward+backward time ratio (Java / PyTorch): %.3f (goal <= 1.1)%n", mf / mp);
    }

    private static PtSymbolBlock rawBlock(Path model, NDManager m) throws Exception {
        ai.djl.Model raw = ai.djl.Model.newInstance("bare", ai.djl.Device.cpu(), "PyTorch");
        raw.load(model);
        return (PtSymbolBlock) raw.getBlock();
    }

    private static double timeOurs(TorchScriptBackbone bb, NDArray x) {
        try (NDManager s = x.getManager().newSubManager()) {
            long t = System.nanoTime();
            NDArray f = bb.inferenceFeatures(x);
            f.toFloatArray();
            double secs = (System.nanoTime() - t) / 1e9;
            f.close();
            return secs;
        }
    }

    private static double timeBare(PtSymbolBlock block, NDArray x) {
        long t = System.nanoTime();
        NDList out = IValueUtils.forward(block, new NDList(x), false);
        NDArray f = out.get("avgpool") != null ? out.get("avgpool") : out.get(0);
        f.toFloatArray();
        double secs = (System.nanoTime() - t) / 1e9;
        out.close();
        return secs;
    }

    private static double timeFwdBwd(TorchScriptBackbone bb, NDArray x) {
        try (NDManager s = x.getManager().newSubManager()) {
            long t = System.nanoTime();
            NDArray g = Gradients.vjp(bb, x, feats -> feats.onesLike()).gradient();
            g.toFloatArray();
            return (System.nanoTime() - t) / 1e9;
        }
    }

    private static double timePython(Path model, int batch, int threads, Path input) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", "benchmarks/pytorch_fwd_bwd.py", model.toString(),
                "avgpool", String.valueOf(batch), "3", String.valueOf(threads), input.toString())
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
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
}
