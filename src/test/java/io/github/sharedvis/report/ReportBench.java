package io.github.sharedvis.report;

import io.github.sharedvis.run.RunFiles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Wall time of the report step (figures, panels, pages) drawing one neuron at a time versus one per
 * core, on a synthetic run, interleaved (order alternating per repetition); prints the median ratio.
 * Usage: {@code java -cp ... io.github.sharedvis.report.ReportBench DIR [NEURONS=24] [PAIRS=5] [SIZE=192] [REPS=5]};
 * a DIR that already holds a run (e.g. {@code demo-out}) is timed as it is.
 * Not a test: {@code benchmarks/report.sh} runs it.
 */
public final class ReportBench {

    private ReportBench() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int neurons = args.length > 1 ? Integer.parseInt(args[1]) : 24;
        int pairs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        int size = args.length > 3 ? Integer.parseInt(args[3]) : 192;
        int reps = args.length > 4 ? Integer.parseInt(args[4]) : 5;
        int cores = Runtime.getRuntime().availableProcessors();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < neurons; i++) {
            ids.add("neuron-" + i);
        }
        if (!Files.isDirectory(dir.resolve("images"))) {
            SyntheticRun.create(dir, ids, pairs, size, 1, null);
        }
        RunFiles run = RunFiles.read(dir);
        Report.write(run, cores); // warm-up: class loading, JIT
        double[] one = new double[reps];
        double[] all = new double[reps];
        double[] ratio = new double[reps];
        for (int r = 0; r < reps; r++) {
            for (int k = 0; k < 2; k++) {
                boolean serial = (r + k) % 2 == 0;
                long t0 = System.nanoTime();
                Report.write(run, serial ? 1 : cores);
                double s = (System.nanoTime() - t0) / 1e9;
                if (serial) {
                    one[r] = s;
                } else {
                    all[r] = s;
                }
            }
            ratio[r] = all[r] / one[r];
        }
        System.out.printf("report of %s: %d neurons, %d pairs, %d repetitions, %d cores%n", dir,
                run.neurons().size(), run.pairs().size(), reps, cores);
        System.out.printf("one thread: median %.2f s; %d threads: median %.2f s; ratio (parallel / serial) median %.3f"
                + " (range %.3f-%.3f)%n", median(one), cores, median(all), median(ratio),
                Arrays.stream(ratio).min().orElse(0), Arrays.stream(ratio).max().orElse(0));
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
