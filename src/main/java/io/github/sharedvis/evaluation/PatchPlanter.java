package io.github.sharedvis.evaluation;

import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.ImageDecoder;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.data.Stimulus;
import io.github.sharedvis.synthetic.SyntheticNeuron;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Planting and source selection of the benchmark: a random out-of-category target, then
 * {@code candidates} square patches cut from random preferred images (inside their central 60%, where
 * objects are) and pasted at random places; the one that raises the synthetic neuron's <em>true</em>
 * rate most is kept. No map is consulted, so the choice cannot favour a method.
 */
final class PatchPlanter {

    private final int candidates;

    /** @param candidates patches tried per pair, at least 1 */
    PatchPlanter(int candidates) {
        this.candidates = candidates;
    }

    /**
     * The kept patch.
     *
     * @param targetIndex the target's index in the stimulus set
     * @param planted the planted image (model geometry) and its regions
     * @param sourceIndex the index of the preferred image the patch was cut from
     * @param rateBefore the neuron's true rate to the target
     * @param rateAfter its true rate to the planted image
     */
    record Choice(int targetIndex, Planting.Planted planted, int sourceIndex, double rateBefore, double rateAfter) {}

    /**
     * @param all the stimuli
     * @param pre the encoding model's preprocessing (the planted images' geometry)
     * @param neuronBackbone what the neuron reads
     * @param neuron the synthetic neuron
     * @param prefIdx indices of its preferred images
     * @param oocIdx indices of the out-of-domain images
     * @param rnd the pair's random stream (its draws, in this order, fix the pair)
     * @param patch the patch's side, pixels
     * @return the kept patch
     * @throws IOException when an image cannot be read
     */
    Choice plant(List<Stimulus> all, Preprocessing pre, Backbone neuronBackbone, SyntheticNeuron neuron,
            int[] prefIdx, List<Integer> oocIdx, SplittableRandom rnd, int patch) throws IOException {
        int h = pre.height();
        int w = pre.width();
        int targetIndex = oocIdx.get(rnd.nextInt(oocIdx.size()));
        BufferedImage targetImg = pre.geometry(ImageDecoder.read(all.get(targetIndex).image()));
        List<Planting.Planted> cands = new ArrayList<>();
        List<Integer> sources = new ArrayList<>();
        for (int c = 0; c < candidates; c++) {
            int s = prefIdx[rnd.nextInt(prefIdx.length)];
            BufferedImage src = pre.geometry(ImageDecoder.read(all.get(s).image()));
            int lo = (int) Math.round(0.2 * w);
            int hiX = (int) Math.round(0.8 * w) - patch;
            int hiY = (int) Math.round(0.8 * h) - patch;
            Region from = new Region(lo + rnd.nextInt(Math.max(1, hiX - lo + 1)),
                    lo + rnd.nextInt(Math.max(1, hiY - lo + 1)), patch, patch);
            cands.add(Planting.paste(targetImg, src, from, rnd.nextInt(w - patch + 1), rnd.nextInt(h - patch + 1)));
            sources.add(s);
        }
        double[] rates = rates(neuronBackbone, neuron, targetImg, cands);
        int best = 0;
        for (int c = 1; c < candidates; c++) {
            if (rates[c + 1] > rates[best + 1]) {
                best = c;
            }
        }
        return new Choice(targetIndex, cands.get(best), sources.get(best), rates[0], rates[best + 1]);
    }

    /** @return the neuron's true rates {@code [1 + candidates]}: the target, then each candidate */
    private static double[] rates(Backbone nb, SyntheticNeuron neuron, BufferedImage target,
            List<Planting.Planted> cands) {
        Preprocessing npre = nb.preprocessing();
        int plane = 3 * npre.height() * npre.width();
        float[] batch = new float[(cands.size() + 1) * plane];
        System.arraycopy(npre.apply(target), 0, batch, 0, plane);
        for (int c = 0; c < cands.size(); c++) {
            System.arraycopy(npre.apply(cands.get(c).image()), 0, batch, (c + 1) * plane, plane);
        }
        float[][] f = ImageBatches.forward(nb, batch, cands.size() + 1, npre);
        double[] r = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            r[i] = neuron.rate(f[i]);
        }
        return r;
    }
}
