package io.github.sharedvis.evaluation;

import io.github.sharedvis.attribution.SaliencyMaps;
import io.github.sharedvis.util.AtomicFiles;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * The validation's figure {@code planted_examples.png}: per example, the planted image (box: the
 * patch) with the first variant's, the gradient's and Grad-CAM's ooc maps, then the patch's source
 * (box: where it was cut) with the same methods' forced-source maps, so a reader sees what the numbers
 * score.
 */
final class PlantedExamplesFigure {

    private PlantedExamplesFigure() {}

    /**
     * The display maximum of a pair: the 99.5th percentile of the two maps' values (not the maximum, so
     * a few hot pixels of a gradient map do not wash out the rest); both maps share it.
     */
    static float displayMax(float[] a, float[] b) {
        float[] all = new float[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        float q = all[(int) Math.floor(0.995 * (all.length - 1))];
        return q > 0 ? q : SaliencyMaps.jointMax(a, b);
    }

    /**
     * Writes {@code planted_examples.png}: one row per example, nothing when there are none.
     *
     * @param file the figure's path
     * @param nv how many variants (the baselines' columns follow them)
     * @param methods the method labels, variants then baselines
     * @param examples the examples, one row each
     * @throws IOException when the figure cannot be written
     */
    static void write(Path file, int nv, List<String> methods, List<PlantedExample> examples) throws IOException {
        if (examples.isEmpty()) {
            return;
        }
        int grad = nv;
        int cam = nv + 2;
        List<String> cols = List.of("planted", "shared (1st)", "grad r̂", "Grad-CAM r̂", "source", "shared (1st)",
                "grad r̂", "Grad-CAM r̂");
        List<String> rows = new ArrayList<>();
        List<List<FigureGrid.Cell>> cells = new ArrayList<>();
        for (PlantedExample e : examples) {
            PlantedPair p = e.pair();
            rows.add(String.format(Locale.ROOT, "%s (%s)\nrate %.1f -> %.1f\nsource rank %d/%d", p.neuron(),
                    p.background(), p.rateBefore(), p.rateAfter(), p.sourceRank()[0], p.nPreferred()));
            int h = e.planted().getHeight();
            int w = e.planted().getWidth();
            List<FigureGrid.Cell> row = new ArrayList<>();
            row.add(new FigureGrid.Cell(e.planted(), p.region()));
            for (int m : new int[] {0, grad, cam}) {
                float[] s = SaliencyMaps.gaussianSmooth(e.oocMaps()[m], h, w, 2);
                row.add(new FigureGrid.Cell(FigureGrid.overlay(e.planted(), s, displayMax(s, s)), p.region()));
            }
            row.add(new FigureGrid.Cell(e.source(), p.sourceRegion()));
            for (int m : new int[] {0, grad, cam}) {
                float[] s = SaliencyMaps.gaussianSmooth(e.referenceMaps()[m], h, w, 2);
                row.add(new FigureGrid.Cell(FigureGrid.overlay(e.source(), s, displayMax(s, s)), p.sourceRegion()));
            }
            cells.add(row);
        }
        BufferedImage img = FigureGrid.draw(cols, rows, cells, 72, "Planted patches (box) with the ooc maps; the "
                + "patch's source (box: where it was cut) with its maps; 1st = " + methods.get(0));
        AtomicFiles.write(file, o -> ImageIO.write(img, "png", o));
    }
}
