package io.github.sharedvis.report;

import java.io.IOException;
import java.nio.file.Path;

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
        PopulationFigures.write(runDir);
        PairFigures.write(runDir);
        HtmlReport.write(runDir);
    }
}
