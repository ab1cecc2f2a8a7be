package io.github.sharedvis.evaluation;

import io.github.sharedvis.attribution.AttributionMethod;
import io.github.sharedvis.attribution.SharedSaliency;
import io.github.sharedvis.attribution.Weighting;
import io.github.sharedvis.backbone.Backbone;
import io.github.sharedvis.backbone.Preprocessing;
import io.github.sharedvis.pipeline.PairExplainer;
import io.github.sharedvis.readout.FittedEncoding;
import java.util.SplittableRandom;

/**
 * The single-image baselines every shared map is compared with ({@link PlantedFeatureBenchmark#BASELINES},
 * in that order): gradient, Integrated Gradients and Grad-CAM of the predicted response r̂, and a
 * random map. They explain each image alone (weighting {@code readout}, v = w), so a shared map that
 * does no better than them has not used the pair.
 */
final class SingleImageBaselines {

    private final int igSteps;

    /** @param igSteps the IG baseline's steps */
    SingleImageBaselines(int igSteps) {
        this.igSteps = igSteps;
    }

    /**
     * @param first the first variant's explainer (its backbone, readout and saliency settings)
     * @param x the planted image {@code [3·H·W]}
     * @param xs the source image {@code [3·H·W]}
     * @param model the run's readout
     * @param row the neuron's row in the readout
     * @param spatial the encoding layer unpooled ({@code [C·h·w]} per image), for Grad-CAM
     * @param pre the encoding model's preprocessing
     * @param rnd the pair's random stream (the random maps draw from it, planted image first)
     * @return reduced maps {@code [2][baselines][H·W]}: the planted image's, then the source's
     */
    float[][][] maps(PairExplainer first, float[] x, float[] xs, FittedEncoding model, int row, Backbone spatial,
            Preprocessing pre, SplittableRandom rnd) {
        int h = pre.height();
        int w = pre.width();
        int plane = x.length;
        float[][][] out = new float[2][PlantedFeatureBenchmark.BASELINES.size()][];
        SharedSaliency grad = first.saliencyBuilder().weighting(Weighting.READOUT).method(AttributionMethod.GRADIENT)
                .build();
        SharedSaliency ig = first.saliencyBuilder().weighting(Weighting.READOUT)
                .method(AttributionMethod.INTEGRATED_GRADIENTS).steps(igSteps).build();
        float[][] g = first.maps(grad, x, xs, row);
        float[][] gi = first.maps(ig, x, xs, row);
        out[0][0] = ImageBatches.reduce(g[0], 0, plane, h, w);
        out[1][0] = ImageBatches.reduce(g[1], 0, plane, h, w);
        out[0][1] = ImageBatches.reduce(gi[0], 0, plane, h, w);
        out[1][1] = ImageBatches.reduce(gi[1], 0, plane, h, w);
        float[][] act = ImageBatches.forward(spatial, ImageBatches.concat(x, xs), 2, pre);
        double[] wCam = gradCamWeights(model, row);
        int side = (int) Math.round(Math.sqrt(act[0].length / (double) wCam.length));
        if (side * side * wCam.length != act[0].length) {
            throw new IllegalArgumentException(spatial.name() + ": unpooled features of "
                    + act[0].length + " values are not [C=" + wCam.length + ", h, w] with h = w");
        }
        out[0][2] = GradCam.map(act[0], wCam, side, side, h, w);
        out[1][2] = GradCam.map(act[1], wCam, side, side, h, w);
        out[0][3] = randomMap(rnd, h * w);
        out[1][3] = randomMap(rnd, h * w);
        return out;
    }

    /**
     * Grad-CAM weights of r̂ on the unpooled layer: with r̂ = Σ_c w_c z_c + b and z_c = mean_space(A_c)
     * / scale_c, ∂r̂/∂A_cij = w_c / (scale_c h w); the constant 1/(h w) does not move the map.
     */
    private static double[] gradCamWeights(FittedEncoding model, int row) {
        if (model.pcaComponents() != null) {
            throw new IllegalArgumentException("Grad-CAM of a PCA readout is not defined here; run the "
                    + "validation without [readout] pca");
        }
        double[] w = model.coef()[row].clone();
        double[] scale = model.featureScale();
        if (scale != null) {
            for (int k = 0; k < w.length; k++) {
                w[k] /= scale[k];
            }
        }
        return w;
    }

    private static float[] randomMap(SplittableRandom rnd, int n) {
        float[] r = new float[n];
        for (int i = 0; i < n; i++) {
            r[i] = (float) rnd.nextDouble();
        }
        return r;
    }
}
