package io.github.sharedvis.evaluation;

import io.github.sharedvis.attribution.SaliencyMaps;
import io.github.sharedvis.backbone.ImageDecoder;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.data.Stimulus;
import io.github.sharedvis.pairing.Candidate;
import io.github.sharedvis.pairing.ReferenceSearch;
import io.github.sharedvis.pipeline.PairExplainer;
import io.github.sharedvis.synthetic.SyntheticNeuron;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Scores one planted pair: for every variant, the source's retrieval rank among the preferred images,
 * the ooc map of the planted image with its retrieved reference (mass in the planted region, pointing
 * game) and, with the reference forced to the patch's source, the source's map (mass inside the region
 * the patch was cut from: only a map of what the two images share can concentrate there); then the same
 * scores for the {@link SingleImageBaselines} and, when on, the {@link DeletionScoring} AUCs.
 */
final class PlantedPairScorer {

    private final double pointingSigma;
    private final double smoothSigma;
    private final SingleImageBaselines baselines;
    private final DeletionScoring deletion;

    /**
     * @param igSteps the IG baseline's steps
     * @param pointingSigma smoothing before the pointing game's argmax, pixels
     * @param smoothSigma smoothing of the second mass-in-region score, pixels
     * @param deletion the deletion curves, or null for none (their AUCs are NaN)
     */
    PlantedPairScorer(int igSteps, double pointingSigma, double smoothSigma, DeletionScoring deletion) {
        this.pointingSigma = pointingSigma;
        this.smoothSigma = smoothSigma;
        this.baselines = new SingleImageBaselines(igSteps);
        this.deletion = deletion;
    }

    /**
     * @param in the benchmark's inputs
     * @param neuron the neuron
     * @param row its row in the run's readout
     * @param readout the run's readout and features
     * @param explainers one per variant, the first explains the deletion similarity
     * @param prefIdx indices of the preferred images (the reference search's candidates)
     * @param chosen the planted patch
     * @param rnd the pair's random stream, after the planting's draws
     * @param fraction the patch's area fraction
     * @return the pair's scores with its images and maps
     * @throws IOException when an image cannot be read
     */
    PlantedExample score(PlantedFeatureBenchmark.Inputs in, SyntheticNeuron neuron, int row, RunReadout readout,
            List<PairExplainer> explainers, int[] prefIdx, PatchPlanter.Choice chosen, SplittableRandom rnd,
            double fraction) throws IOException {
        List<Stimulus> all = in.set().stimuli();
        PairExplainer first = explainers.get(0);
        Preprocessing pre = in.encoding().preprocessing();
        int h = pre.height();
        int w = pre.width();
        Planting.Planted planted = chosen.planted();
        int sourceIndex = chosen.sourceIndex();
        int sourcePos = Arrays.binarySearch(prefIdx, sourceIndex);
        BufferedImage sourceImg = pre.geometry(ImageDecoder.read(all.get(sourceIndex).image()));
        float[] x = pre.toTensor(planted.image());
        float[] xs = pre.toTensor(sourceImg);
        float[] zx = ImageBatches.features(first.features(), x, pre);
        double[] wRow = readout.model().coef()[row];
        int nv = explainers.size();
        int nm = nv + PlantedFeatureBenchmark.BASELINES.size();
        float[][] oocMaps = new float[nm][];
        float[][] refMaps = new float[nm][];
        int[] rank = new int[nv];
        double[] sim = new double[nv];
        int[] refOf = new int[nv];
        int plane = x.length;
        // variants sharing a retrieved reference read its image once
        Map<Integer, float[]> refInputs = new HashMap<>();
        for (int v = 0; v < nv; v++) {
            PairExplainer e = explainers.get(v);
            List<Candidate> ranked = ReferenceSearch.builder().topM(prefIdx.length)
                    .referencePoint(e.referencePoint()).build().search(zx, readout.zPreferred(), null, wRow);
            for (int r = 0; r < ranked.size(); r++) {
                if (ranked.get(r).index() == sourcePos) {
                    rank[v] = r + 1;
                }
            }
            sim[v] = ranked.get(0).similarity();
            refOf[v] = prefIdx[ranked.get(0).index()];
            float[] ref = refInputs.get(refOf[v]);
            if (ref == null) {
                ref = pre.toTensor(pre.geometry(ImageDecoder.read(all.get(refOf[v]).image())));
                refInputs.put(refOf[v], ref);
            }
            // one backward pass: (planted, retrieved reference) and (planted, forced source)
            float[] a = ImageBatches.concat(x, x);
            float[] b = ImageBatches.concat(ref, xs);
            float[][] maps = e.maps(e.saliency(), a, b, row);
            oocMaps[v] = ImageBatches.reduce(maps[0], 0, plane, h, w);
            refMaps[v] = ImageBatches.reduce(maps[1], plane, plane, h, w);
        }
        float[][][] base = baselines.maps(first, x, xs, readout.model(), row, in.encodingSpatial(), pre, rnd);
        for (int k = 0; k < base[0].length; k++) {
            oocMaps[nv + k] = base[0][k];
            refMaps[nv + k] = base[1][k];
        }

        boolean[] mask = planted.mask();
        boolean[] sourceMask = planted.source().mask(w, h);
        double[] mass = new double[nm];
        double[] massSmoothed = new double[nm];
        int[] hit = new int[nm];
        double[] refMass = new double[nm];
        int[] refHit = new int[nm];
        for (int m = 0; m < nm; m++) {
            mass[m] = MapScores.massInRegion(oocMaps[m], mask);
            massSmoothed[m] = MapScores.massInRegion(SaliencyMaps.gaussianSmooth(oocMaps[m], h, w, smoothSigma), mask);
            hit[m] = MapScores.pointingHit(oocMaps[m], h, w, mask, pointingSigma);
            refMass[m] = MapScores.massInRegion(refMaps[m], sourceMask);
            refHit[m] = MapScores.pointingHit(refMaps[m], h, w, sourceMask, pointingSigma);
        }
        double p0 = readout.predict(row, zx);
        double[] aucSim = new double[nm];
        double[] aucResp = new double[nm];
        Arrays.fill(aucSim, Double.NaN);
        Arrays.fill(aucResp, Double.NaN);
        if (deletion != null) {
            deletion.curves(first, x, oocMaps, zx, readout.zf()[refOf[0]], readout, row, rnd.nextLong(), pre, aucSim,
                    aucResp);
        }
        Stimulus target = all.get(chosen.targetIndex());
        PlantedPair r = new PlantedPair(neuron.id(), in.background(), fraction, target.id(), target.category(),
                all.get(sourceIndex).id(), planted.region(), planted.source(), chosen.rateBefore(), chosen.rateAfter(),
                readout.predict(row, readout.zf()[chosen.targetIndex()]), p0, prefIdx.length, rank, sim, mass,
                massSmoothed, hit, refMass, refHit, aucSim, aucResp);
        BufferedImage refImg = pre.geometry(ImageDecoder.read(all.get(refOf[0]).image()));
        return new PlantedExample(r, row, neuron.preferred(), planted.image(), sourceImg, refImg, oocMaps, refMaps);
    }
}
