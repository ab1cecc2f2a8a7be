package io.github.sharedvis.report;

import io.github.sharedvis.run.RunFiles;
import io.github.sharedvis.run.NeuronRow;
import io.github.sharedvis.util.FileNames;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
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
        Path fig = run.dir().resolve("figures");
        PopulationFigures.fig3a(run.neurons(), fig.resolve("fig3a.png"), fig.resolve("fig3a.svg"));
        PopulationFigures.fig3b(run.neurons(), run.pairs(), run.preferredCategory(), fig.resolve("fig3b.png"),
                fig.resolve("fig3b.svg"));
        // one neuron at a time: its images and maps are read and rendered once for panel and page, and
        // memory stays bounded by the largest neuron
        FileNames names = PairFigures.fileNames(run);
        HtmlReport.Writer html = new HtmlReport.Writer(run);
        Set<Path> panels = new HashSet<>();
        for (int i = 0; i < run.neurons().size(); i++) {
            NeuronRow n = run.neurons().get(i);
            List<PairFigures.RenderedPair> rendered = PairFigures.renderNeuron(run, n);
            for (Path p : PairFigures.writeNeuron(run, names, n, rendered)) {
                panels.add(p.normalize());
            }
            html.neuron(i, rendered);
        }
        // panels and pages of neurons or pairs an earlier run had are removed: the files match a clean run
        OutputPruning.keepOnly(fig.resolve("neurons"), panels, f -> true);
        html.finish();
    }
}
