package io.github.sharedvis.report;

import io.github.sharedvis.run.RunFiles;
import io.github.sharedvis.run.NeuronRow;
import io.github.sharedvis.util.FileNames;
import io.github.sharedvis.util.Futures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import io.github.sharedvis.util.OutputPruning;

/**
 * Writes all visual outputs of a run directory: the population figures ({@code figures/fig3a},
 * {@code figures/fig3b}), the per-neuron pair panels ({@code figures/neurons/}) and the static HTML
 * report ({@code report/index.html}). See {@code docs/outputs.md} for every file.
 */
public final class Report {

    private Report() {}

    /**
     * @param runDir the run directory written by the pipeline
     * @throws IOException when the run cannot be read or an output cannot be written
     */
    public static void write(Path runDir) throws IOException {
        write(RunFiles.read(runDir));
    }

    /**
     * @param run a run's contents (the pipeline passes the run.json it is about to write)
     * @throws IOException when an image or map cannot be read or an output cannot be written
     */
    public static void write(RunFiles run) throws IOException {
        write(run, Runtime.getRuntime().availableProcessors());
    }

    /**
     * @param run a run's contents
     * @param threads neurons drawn at once (their PNG encoding dominates the step); memory grows with
     *     it: each thread holds one neuron's images and maps. The files are the same for any count.
     * @throws IOException when an image or map cannot be read or an output cannot be written
     */
    public static void write(RunFiles run, int threads) throws IOException {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        }
        Path fig = run.dir().resolve("figures");
        PopulationFigures.fig3a(run.neurons(), fig.resolve("fig3a.png"), fig.resolve("fig3a.svg"));
        PopulationFigures.fig3b(run.neurons(), run.pairs(), run.preferredCategory(), fig.resolve("fig3b.png"),
                fig.resolve("fig3b.svg"));
        // one neuron per task: its images and maps are read and rendered once for panel and page, and
        // memory stays bounded by the largest neurons in flight; every file depends on its neuron only
        FileNames names = PairFigures.fileNames(run);
        HtmlReport.Writer html = new HtmlReport.Writer(run);
        Set<Path> panels = ConcurrentHashMap.newKeySet();
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(threads, Math.max(1, run.neurons().size())));
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < run.neurons().size(); i++) {
                int index = i;
                done.add(pool.submit(() -> {
                    NeuronRow n = run.neurons().get(index);
                    List<PairFigures.RenderedPair> rendered = PairFigures.renderNeuron(run, n);
                    for (Path p : PairFigures.writeNeuron(run, names, n, rendered)) {
                        panels.add(p.normalize());
                    }
                    html.neuron(index, rendered);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                Futures.await(f, "drawing the report");
            }
        } finally {
            pool.shutdownNow();
        }
        // panels and pages of neurons or pairs an earlier run had are removed: the files match a clean run
        OutputPruning.keepOnly(fig.resolve("neurons"), panels, f -> true);
        html.finish();
    }
}
