package io.github.sharedvis.bench;

import io.github.sharedvis.data.Npy;
import io.github.sharedvis.readout.EncodingModel;
import io.github.sharedvis.readout.FittedEncoding;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One sharedvis readout fit in a fresh JVM, for {@code benchmarks/readout-peers.sh}: reads the
 * {@code .npy} files of {@code benchmarks/readout_data.py} and fits {@link EncodingModel} (the shipped
 * code path, default backend) with the given 5-fold assignment or by leave-one-out.
 *
 * <pre>
 * args: dataDir kfold|loo
 * </pre>
 * Prints {@code fit_s} (the fit alone, from {@code double[][]} inputs to the fitted model),
 * {@code rss_mb} (the peak resident memory of the whole process, VmHWM) and {@code median_alpha}.
 */
public final class ReadoutPeerRun {

    private ReadoutPeerRun() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        boolean loo = args[1].equals("loo");
        double[][] x = rows(Npy.read(dir.resolve("X.npy")));
        double[][] y = rows(Npy.read(dir.resolve("Y.npy")));
        double[] alphas = Npy.read(dir.resolve("alphas.npy")).data();
        double[] f = Npy.read(dir.resolve("folds.npy")).data();
        int[] folds = new int[f.length];
        for (int i = 0; i < f.length; i++) {
            folds[i] = (int) f[i];
        }
        EncodingModel.Builder b = EncodingModel.builder().alphas(alphas);
        EncodingModel model = (loo ? b.leaveOneOut() : b).build();
        long t0 = System.nanoTime();
        FittedEncoding m = loo ? model.fit(x, y) : model.fit(x, y, folds);
        double fit = (System.nanoTime() - t0) / 1e9;
        double[] a = m.alpha().clone();
        java.util.Arrays.sort(a);
        System.out.printf("fit_s=%.3f%nrss_mb=%.0f%nmedian_alpha=%g%n", fit, rssPeakKb() / 1e3, a[a.length / 2]);
    }

    private static double[][] rows(Npy.Array a) {
        int r = (int) a.shape()[0];
        int c = (int) a.shape()[1];
        double[][] out = new double[r][c];
        for (int i = 0; i < r; i++) {
            System.arraycopy(a.data(), i * c, out[i], 0, c);
        }
        return out;
    }

    private static long rssPeakKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
