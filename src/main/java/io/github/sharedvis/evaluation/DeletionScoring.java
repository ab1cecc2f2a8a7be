package io.github.sharedvis.evaluation;

import io.github.sharedvis.attribution.ReferencePoint;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.pairing.NeuronSimilarity;
import io.github.sharedvis.pipeline.PairExplainer;
import java.util.ArrayList;
import java.util.List;

/**
 * The benchmark's deletion curves: the planted image's pixels are replaced by a blurred copy in each
 * map's order, and the AUCs of the first variant's similarity to its reference and of the neuron's
 * predicted response are taken over the deleted fraction. A map that ranks what the neuron uses first
 * makes both fall fastest.
 */
final class DeletionScoring {

    private final double[] fractions;
    private final double blurSigma;

    /**
     * @param fractions deleted fractions, increasing from 0 to 1
     * @param blurSigma blur of deleted pixels, model pixels
     */
    DeletionScoring(double[] fractions, double blurSigma) {
        this.fractions = fractions.clone();
        this.blurSigma = blurSigma;
    }

    /**
     * One forward pass per method and interior fraction, plus the fully blurred image.
     *
     * @param first the first variant's explainer (its features and reference point)
     * @param x the planted image {@code [3·H·W]}
     * @param maps reduced maps {@code [methods][H·W]}
     * @param zx the planted image's readout features {@code [K]}
     * @param zRef the first variant's reference's features {@code [K]}
     * @param readout the run's readout (r̂ and its sd over the preferred images)
     * @param row the neuron's row
     * @param tieSeed breaks ties of the deletion order
     * @param pre the encoding model's preprocessing
     * @param aucSim out: similarity AUC per method {@code [methods]}
     * @param aucResp out: response AUC per method {@code [methods]}, in sds of r̂ from the start
     */
    void curves(PairExplainer first, float[] x, float[][] maps, float[] zx, float[] zRef, RunReadout readout,
            int row, long tieSeed, Preprocessing pre, double[] aucSim, double[] aucResp) {
        int h = pre.height();
        int w = pre.width();
        int plane = x.length;
        int methods = maps.length;
        double scale = readout.predictionScale()[row];
        float[] blurred = Deletion.blur(x, h, w, blurSigma);
        List<Double> interior = new ArrayList<>();
        for (double f : fractions) {
            if (f > 0 && f < 1) {
                interior.add(f);
            }
        }
        int per = interior.size();
        float[] batch = new float[(methods * per + 1) * plane];
        for (int m = 0; m < methods; m++) {
            int[] order = Deletion.order(maps[m], tieSeed);
            for (int t = 0; t < per; t++) {
                System.arraycopy(Deletion.delete(x, blurred, order, interior.get(t)), 0, batch, (m * per + t) * plane,
                        plane);
            }
        }
        System.arraycopy(blurred, 0, batch, methods * per * plane, plane);
        float[][] fd = ImageBatches.forward(first.features(), batch, methods * per + 1, pre);
        double[] wRow = readout.model().coef()[row];
        ReferencePoint point = first.referencePoint();
        double p0 = readout.predict(row, zx);
        double s0 = NeuronSimilarity.similarity(new float[][] {zx}, new float[][] {zRef}, wRow, point)[0][0];
        float[] fEnd = fd[methods * per];
        for (int m = 0; m < methods; m++) {
            double[] xs = new double[per + 2];
            double[] ys = new double[per + 2];
            double[] yr = new double[per + 2];
            ys[0] = s0;
            for (int t = 0; t < per; t++) {
                float[] ft = fd[m * per + t];
                xs[t + 1] = interior.get(t);
                ys[t + 1] = NeuronSimilarity.similarity(new float[][] {ft}, new float[][] {zRef}, wRow, point)[0][0];
                yr[t + 1] = (readout.predict(row, ft) - p0) / scale;
            }
            xs[per + 1] = 1;
            ys[per + 1] = NeuronSimilarity.similarity(new float[][] {fEnd}, new float[][] {zRef}, wRow, point)[0][0];
            yr[per + 1] = (readout.predict(row, fEnd) - p0) / scale;
            aucSim[m] = Deletion.auc(xs, ys);
            aucResp[m] = Deletion.auc(xs, yr);
        }
    }
}
